#pragma once
// A media thread's socket readiness: one epoll set holding every session socket of the
// thread, waited on through the thread's loop (a single Asio wait on the epoll descriptor,
// not one per socket), with coalesced wake-ups. A round takes every socket that became
// ready (up to kEvents per epoll_wait, again while it fills) and calls its Watch, which
// must read until the socket is empty: the set is edge-triggered (a socket is reported
// again only when a new datagram comes; no re-check of every socket at each wait), then:
//   - the round found something: the next look is `window` after the round began (a timer),
//     so under load one wake-up serves the packets of many sockets (at 30,000 packets/s and
//     1 ms, about 30) instead of one wake-up per packet; a packet waits at most `window`;
//   - it found nothing: the poller waits for the next packet (no timer while idle).
// window 0: a round after every wake-up, as soon as something is ready.
// Loop thread only (construction and destruction included, or before the loop runs).
#include <sys/epoll.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>

#include "base/executor.hpp"

namespace hk::rtp::detail {

// What a ready socket calls. Lives until Poller::remove() for its descriptor.
struct Watch {
  void (*ready)(Watch& w) = nullptr;
  void* owner = nullptr;
  int tag = 0;
};

class Poller {
 public:
  Poller(EventLoop& loop, std::chrono::microseconds window);
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  bool add(int fd, Watch* w);  // false when epoll refuses the descriptor
  // Before the descriptor is closed or the Watch goes; safe during a round (a pending
  // event of this Watch in the round is dropped).
  void remove(int fd, Watch* w);

  uint64_t rounds() const { return rounds_; }  // for tests and the bench
  uint64_t events() const { return events_; }
  bool idle() const { return idle_; }  // waiting for a packet, no round due

  static constexpr int kEvents = 128;

 private:
  struct Io;
  void waitReady();
  void round();

  std::shared_ptr<Io> io_;
  std::chrono::microseconds window_;
  std::array<epoll_event, kEvents> ready_{};
  int pending_ = 0;  // events of the current batch not handled yet (remove() looks at them)
  int next_ = 0;
  uint64_t rounds_ = 0;
  uint64_t events_ = 0;
  bool idle_ = false;
};

}  // namespace hk::rtp::detail
