#include "rtp/detail/media_thread.hpp"

#include <string>

namespace hk::rtp::detail {

MediaThread::MediaThread(size_t index, const Clock& clock, ThreadConfig cfg)
    : clock_(clock),
      cfg_(std::move(cfg)),
      recv_(std::make_unique<RecvBatch>()),
      send_(std::make_unique<SendBatch>()),
      rng_(cfg_.seed ? cfg_.seed + index : std::random_device{}()),
      loop_(std::make_unique<EventLoop>("media-" + std::to_string(index))) {
  loop_->start();
  loop_->post([this] { arm(); });
}

MediaThread::~MediaThread() { loop_.reset(); }

void MediaThread::arm() {
  loop_->runAfter(cfg_.tick, [this] {
    sweep();
    arm();
  });
}

void MediaThread::add(std::shared_ptr<Session> s, SessionId id) {
  sessions_.emplace(id.value, std::move(s));
}

std::shared_ptr<Session> MediaThread::find(SessionId id) {
  auto it = sessions_.find(id.value);
  return it == sessions_.end() ? nullptr : it->second;
}

std::shared_ptr<Session> MediaThread::take(SessionId id) {
  auto it = sessions_.find(id.value);
  if (it == sessions_.end()) return nullptr;
  auto s = std::move(it->second);
  sessions_.erase(it);
  return s;
}

void MediaThread::closeAll() {
  for (auto& [id, s] : sessions_) s->close();
  sessions_.clear();
}

void MediaThread::sweep() {
  MonoTime now = clock_.mono();
  for (auto& [id, s] : sessions_) s->tick(now);
}

MonoTime MediaThread::nextRtcp(MonoTime now) {
  std::uniform_real_distribution<double> factor(0.5, 1.5);
  auto ms = std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(cfg_.rtcp_interval.count()) * factor(rng_)));
  return now + ms;
}

}  // namespace hk::rtp::detail
