// CallControl::startTimer/cancelTimer: one-shot timers a CallHandler (the flow engine) sets
// on the call's loop. A timer looks its call up when it fires, so one left pending when the
// call ends (or after the Call object is gone) does nothing.
#include "b2bua/call.hpp"
#include "b2bua/detail/core.hpp"

namespace hk::b2bua {

uint64_t Call::startTimer(std::chrono::milliseconds after, std::function<void()> fn) {
  if (phase == Phase::Ended || !fn) return 0;
  B2bua::Core* core = &core_;
  uint64_t call_id = id_;
  return core->deps.loop.runAfter(after, [core, call_id, fn = std::move(fn)] {
    Call* c = core->find(call_id);
    if (!c || c->phase == Phase::Ended) return;
    fn();
  });
}

void Call::cancelTimer(uint64_t timer) {
  if (timer != 0) core_.deps.loop.cancelTimer(timer);
}

}  // namespace hk::b2bua
