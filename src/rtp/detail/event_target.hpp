#pragma once
// Where a session's events go: posted to the owner's executor, delivered only if the
// session is still live when the owner's thread runs them.
#include <memory>

#include "base/executor.hpp"
#include "rtp/detail/slot_table.hpp"
#include "rtp/media_engine.hpp"

namespace hk::rtp::detail {

struct EventTarget {
  Executor* owner = nullptr;
  MediaEngine::EventHandler handler;
  std::shared_ptr<SlotTable> slots;
  SessionId id;

  static void post(const std::shared_ptr<const EventTarget>& t, MediaEvent ev) {
    if (!t->handler) return;
    ev.session = t->id;
    t->owner->post([t, ev] {
      if (t->slots->isLive(t->id)) t->handler(ev);
    });
  }
};

}  // namespace hk::rtp::detail
