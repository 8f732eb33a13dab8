#pragma once
// Helpers for the loopback MediaEngine tests: UDP peers on 127.0.0.1 port 0, a clock that
// tests move (thread-safe: the media threads read it), an owner executor that records
// events, and a range of free ports for the pool.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "base/clock.hpp"
#include "base/executor.hpp"
#include "rtp/media_types.hpp"
#include "rtp/port_pool.hpp"

namespace hk::rtp::test {

class UdpPeer {
 public:
  // 127.0.0.1 by default; another 127/8 address plays a host elsewhere.
  explicit UdpPeer(uint32_t loopback_host = 1) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(0x7f000000 | loopback_host);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~UdpPeer() { ::close(fd_); }
  UdpPeer(const UdpPeer&) = delete;
  UdpPeer& operator=(const UdpPeer&) = delete;

  uint16_t port() const { return port_; }
  int fd() const { return fd_; }
  Endpoint endpoint() const { return {"127.0.0.1", port_}; }

  void sendTo(uint16_t port, const std::vector<uint8_t>& bytes) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }

  // Waits (poll, no sleep) for one datagram.
  std::optional<std::vector<uint8_t>> receive(
      std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1) return std::nullopt;
    std::vector<uint8_t> buf(2048);
    ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
    if (n < 0) return std::nullopt;
    buf.resize(static_cast<size_t>(n));
    return buf;
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

class TestClock final : public Clock {
 public:
  WallTime now() const override {
    return fromMillis(1'767'225'600'000) +
           std::chrono::milliseconds(offset_ms_.load(std::memory_order_acquire));
  }
  MonoTime mono() const override {
    return MonoTime{} + std::chrono::milliseconds(offset_ms_.load(std::memory_order_acquire));
  }
  void advance(std::chrono::milliseconds d) {
    offset_ms_.fetch_add(d.count(), std::memory_order_acq_rel);
  }

 private:
  std::atomic<int64_t> offset_ms_{1000};
};

// The owner's executor: runs what is posted on the test thread, when the test asks.
class OwnerQueue final : public Executor {
 public:
  void post(std::function<void()> fn) override {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(fn));
    cv_.notify_all();
  }
  // Runs everything queued; returns how many ran.
  size_t runAll() {
    std::deque<std::function<void()>> q;
    {
      std::lock_guard lock(mu_);
      q.swap(queue_);
    }
    for (auto& f : q) f();
    return q.size();
  }
  // Runs queued work as it comes until `done()` or the deadline.
  bool runUntil(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      std::unique_lock lock(mu_);
      if (!cv_.wait_until(lock, deadline, [&] { return !queue_.empty(); })) return false;
      lock.unlock();
      runAll();
    }
    return true;
  }
  // Waits until something is queued, without running it.
  bool waitQueued(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return !queue_.empty(); });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
};

// A range of `pairs` port pairs above a port the kernel says is free.
inline PortPool::Config freeRange(uint16_t pairs) {
  UdpPeer probe;
  uint16_t base = probe.port() > 60000 ? 40000 : probe.port();
  PortPool::Config c;
  c.min_port = static_cast<uint16_t>((base + 2) & ~1u);
  c.max_port = static_cast<uint16_t>(c.min_port + 2 * pairs - 1);
  return c;
}

}  // namespace hk::rtp::test
