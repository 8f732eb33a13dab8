#include "rtp/press_tracker.hpp"

#include "rtp/telephone_event.hpp"

namespace hk::rtp {

std::optional<Press> PressTracker::finish(uint16_t duration) {
  ended_ = true;
  auto digit = eventDigit(event_);
  if (!digit) return std::nullopt;  // flash and tones: not a press
  return Press{*digit, duration};
}

PressTracker::Presses PressTracker::onPacket(uint32_t ssrc, uint32_t timestamp,
                                             std::span<const uint8_t> payload) {
  Presses out;
  auto ev = parseTelephoneEvent(payload);
  if (!ev) return out;
  // RFC 4733 §2.5.1: all packets of one event carry its start timestamp.
  bool same = any_ && ssrc == ssrc_ && timestamp == timestamp_ && ev->event == event_;
  if (!same) {
    if (any_ && ssrc == ssrc_ && static_cast<int32_t>(timestamp - timestamp_) < 0) {
      return out;  // a late packet of an earlier event
    }
    if (any_ && !ended_) out.first = finish(duration_);
    any_ = true;
    ended_ = false;
    ssrc_ = ssrc;
    timestamp_ = timestamp;
    event_ = ev->event;
    duration_ = 0;
  }
  if (ended_) return out;
  if (ev->duration > duration_) duration_ = ev->duration;
  if (ev->end) out.second = finish(duration_);
  return out;
}

}  // namespace hk::rtp
