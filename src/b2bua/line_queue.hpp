#pragma once
// The calls waiting for a line (SPEC §4 queue), in arrival order. Plain bookkeeping, no
// I/O: the B2BUA's loop owns one (line_queue.cpp connects it to the calls and their lines).
// A waiting call holds no line; when a line frees on its number (or on its advertiser, when
// the advertiser has a limit) the first waiting call that fits gets it.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace hk::b2bua {

class LineQueue {
 public:
  struct Waiter {
    uint64_t call = 0;
    int64_t number = 0;      // tracking number id
    int64_t advertiser = 0;  // 0: the advertiser has no line limit (or there is none)
  };

  // At the back. False when the call already waits.
  bool add(const Waiter& w);
  // False when the call was not waiting.
  bool remove(uint64_t call);
  bool contains(uint64_t call) const;
  // 1 for the first of the calls it competes with (same number, or same limited
  // advertiser), 0 when not waiting.
  size_t position(uint64_t call) const;
  // How many calls wait on the number.
  size_t waitingOn(int64_t number) const;
  size_t size() const { return waiters_.size(); }

  // A line freed on `number` / `advertiser` (0: none): offers it to the waiting calls that
  // compete for it, in arrival order. `take` takes a line for a call when one is free (and
  // says so); the calls it took lines for leave the queue and are returned, in order.
  std::vector<uint64_t> serve(int64_t number, int64_t advertiser,
                              const std::function<bool(const Waiter&)>& take);

 private:
  std::vector<Waiter> waiters_;  // arrival order
};

}  // namespace hk::b2bua
