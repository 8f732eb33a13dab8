#include "base/timer_queue.hpp"

namespace hk {

TimerId TimerQueue::add(MonoTime deadline, std::function<void()> fn) {
  TimerId id = next_++;
  heap_.push({deadline, id});
  live_.emplace(id, std::move(fn));
  return id;
}

bool TimerQueue::cancel(TimerId id) { return live_.erase(id) > 0; }

void TimerQueue::dropCancelledTop() {
  while (!heap_.empty() && !live_.count(heap_.top().id)) heap_.pop();
}

std::optional<MonoTime> TimerQueue::nextDeadline() {
  dropCancelledTop();
  if (heap_.empty()) return std::nullopt;
  return heap_.top().deadline;
}

size_t TimerQueue::runDue(MonoTime now) {
  size_t ran = 0;
  for (;;) {
    dropCancelledTop();
    if (heap_.empty() || heap_.top().deadline > now) break;
    TimerId id = heap_.top().id;
    heap_.pop();
    auto it = live_.find(id);
    auto fn = std::move(it->second);
    live_.erase(it);
    fn();
    ++ran;
  }
  return ran;
}

}  // namespace hk
