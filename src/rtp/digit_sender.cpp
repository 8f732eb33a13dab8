#include "rtp/digit_sender.hpp"

#include <algorithm>

#include "rtp/telephone_event.hpp"

namespace hk::rtp {

bool DigitSender::queue(uint8_t event, uint16_t duration) {
  if (queue_.size() >= kMaxQueued) return false;
  queue_.push_back({event, std::max(duration, kTick)});
  return true;
}

std::optional<DigitSender::Packet> DigitSender::tick() {
  if (!current_) {
    if (pause_ > 0) {
      --pause_;
      return std::nullopt;
    }
    if (queue_.empty()) return std::nullopt;
    current_ = queue_.front();
    queue_.pop_front();
    elapsed_ = 0;
    ends_sent_ = 0;
  }
  Packet p;
  TelephoneEvent ev;
  ev.event = current_->event;
  ev.volume = kVolume;
  if (ends_sent_ == 0) {
    p.first = elapsed_ == 0;
    elapsed_ += kTick;
    if (elapsed_ >= current_->duration) {
      elapsed_ = current_->duration;
      ev.end = true;
      ends_sent_ = 1;
    }
  } else {
    ev.end = true;
    ++ends_sent_;
  }
  ev.duration = static_cast<uint16_t>(elapsed_);
  p.payload = buildTelephoneEvent(ev);
  if (ends_sent_ >= kEndPackets) {
    p.last = true;
    current_.reset();
    pause_ = kPauseTicks;
  }
  return p;
}

}  // namespace hk::rtp
