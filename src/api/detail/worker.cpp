#include <algorithm>
#include <exception>

#include "api/detail/connection.hpp"

namespace hk::api::detail {

Worker::Worker(ServerShared& s, unsigned i) : shared(s), index(i) {
  auto shortest = std::min(s.options.idle_timeout, s.options.read_timeout);
  tick = std::clamp(shortest / 4, std::chrono::milliseconds(5), std::chrono::milliseconds(250));
  guard.emplace(ioc.get_executor());
}

void Worker::startSweep() {
  sweep.expires_after(tick);
  sweep.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) onSweep();
  });
}

void Worker::onSweep() {
  const auto now = std::chrono::steady_clock::now();
  const bool give_up = draining && now >= drain_deadline;
  for (Connection* c : conns) {
    if (give_up) {
      c->close();
    } else {
      c->checkDeadline(now);
    }
  }
  if (draining && conns.empty()) return;
  startSweep();
}

void Worker::beginDrain() {
  draining = true;
  drain_deadline = std::chrono::steady_clock::now() + shared.options.drain_timeout;
  for (Connection* c : conns) c->drain();
  guard.reset();
  if (conns.empty()) sweep.cancel();
}

void Worker::run() {
  while (true) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      HK_LOG_ERROR(&shared.stats.log(), "http worker {}: unexpected exception: {}", index,
                   e.what());
    } catch (...) {
      HK_LOG_ERROR(&shared.stats.log(), "http worker {}: unexpected exception", index);
    }
  }
}

}  // namespace hk::api::detail
