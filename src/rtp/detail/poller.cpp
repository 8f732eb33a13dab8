#include "rtp/detail/poller.hpp"

#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>

#include "base/detail/asio.hpp"
#include "base/log.hpp"

namespace hk::rtp::detail {

namespace asio = boost::asio;

// The Asio side, shared with the pending waits: a wait that completes after the poller went
// finds `owner` null and touches nothing else.
struct Poller::Io {
  explicit Io(asio::io_context& io) : epoll(io), timer(io) {}
  asio::posix::stream_descriptor epoll;  // owns the epoll descriptor
  asio::steady_timer timer;
  Poller* owner = nullptr;
};

Poller::Poller(EventLoop& loop, std::chrono::microseconds window) : window_(window) {
  io_ = std::make_shared<Io>(hk::detail::ioContext(loop));
  io_->owner = this;
  int fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (fd < 0) {  // out of descriptors or memory: every add() then fails (and is logged)
    static const auto lg = hk::log::get("rtp");
    HK_LOG_ERROR(lg, "media thread {}: epoll_create1: {}", loop.name(), std::strerror(errno));
    return;
  }
  boost::system::error_code ec;
  io_->epoll.assign(fd, ec);
  if (ec) {
    ::close(fd);
    static const auto lg = hk::log::get("rtp");
    HK_LOG_ERROR(lg, "media thread {}: epoll set: {}", loop.name(), ec.message());
    return;
  }
  waitReady();
}

Poller::~Poller() {
  // A wait already completed but not yet run sees the null owner; the Asio objects go with
  // the last wait that holds them.
  io_->owner = nullptr;
  boost::system::error_code ec;
  io_->timer.cancel();
  io_->epoll.cancel(ec);
}

bool Poller::add(int fd, Watch* w) {
  if (!io_->epoll.is_open()) return false;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLET;
  ev.data.ptr = w;
  return ::epoll_ctl(io_->epoll.native_handle(), EPOLL_CTL_ADD, fd, &ev) == 0;
}

void Poller::remove(int fd, Watch* w) {
  if (!io_->epoll.is_open()) return;
  epoll_event ev{};
  ::epoll_ctl(io_->epoll.native_handle(), EPOLL_CTL_DEL, fd, &ev);
  for (int i = next_; i < pending_; ++i) {
    auto& ev_i = ready_[static_cast<size_t>(i)];
    if (ev_i.data.ptr == w) ev_i.data.ptr = nullptr;
  }
}

void Poller::waitReady() {
  idle_ = true;
  io_->epoll.async_wait(asio::posix::stream_descriptor::wait_read,
                        [io = io_](const boost::system::error_code& ec) {
                          if (ec || !io->owner) return;
                          io->owner->round();
                        });
}

void Poller::round() {
  auto start = std::chrono::steady_clock::now();
  idle_ = false;
  ++rounds_;
  uint64_t found = 0;
  for (;;) {
    int n = ::epoll_wait(io_->epoll.native_handle(), ready_.data(), kEvents, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    found += static_cast<uint64_t>(n);
    pending_ = n;
    for (next_ = 0; next_ < pending_;) {
      auto* w = static_cast<Watch*>(ready_[static_cast<size_t>(next_++)].data.ptr);
      if (w) w->ready(*w);
    }
    pending_ = next_ = 0;
    if (n < kEvents) break;
  }
  events_ += found;
  if (found == 0 || window_.count() == 0) {
    waitReady();
    return;
  }
  io_->timer.expires_at(start + window_);
  io_->timer.async_wait([io = io_](const boost::system::error_code& ec) {
    if (ec || !io->owner) return;
    io->owner->round();
  });
}

}  // namespace hk::rtp::detail
