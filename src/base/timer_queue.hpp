#pragma once
// A heap of timers keyed by a monotonic deadline. Cancelling is O(1) (the entry is
// forgotten; the heap slot is skipped when it surfaces). Owned by one thread: no locks.
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

#include "base/clock.hpp"

namespace hk {

using TimerId = uint64_t;

class TimerQueue {
 public:
  TimerId add(MonoTime deadline, std::function<void()> fn);
  // Returns false when the timer already fired or was cancelled.
  bool cancel(TimerId id);
  // Runs every timer due at `now`, in deadline order (ties: insertion order). Returns how
  // many ran. A callback may add or cancel timers.
  size_t runDue(MonoTime now);
  std::optional<MonoTime> nextDeadline();
  size_t size() const { return live_.size(); }

 private:
  struct Entry {
    MonoTime deadline;
    TimerId id;
    bool operator>(const Entry& o) const {
      return deadline != o.deadline ? deadline > o.deadline : id > o.id;
    }
  };
  void dropCancelledTop();
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  std::unordered_map<TimerId, std::function<void()>> live_;
  TimerId next_ = 1;
};

}  // namespace hk
