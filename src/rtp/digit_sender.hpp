#pragma once
// RFC 4733 key presses Hankyo sends to a leg (MediaEngine::sendDigit), one 20 ms tick at a
// time: one update packet per tick while the key is held (duration growing; the first one
// starts the event: marker bit, and its timestamp is that tick's), then the end packet three
// times (§2.5.1.4), then a 40 ms pause before the next queued digit. Every packet of an
// event carries the event's start timestamp; the caller numbers them (a new sequence number
// each, retransmissions included). Pure: no clock, no socket.
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace hk::rtp {

class DigitSender {
 public:
  static constexpr size_t kMaxQueued = 32;
  static constexpr uint16_t kTick = 160;  // 20 ms in timestamp units
  static constexpr uint8_t kVolume = 10;  // -10 dBm0
  static constexpr int kEndPackets = 3;
  static constexpr int kPauseTicks = 2;

  // `duration` in timestamp units (at least one tick is sent). False when the queue is full.
  bool queue(uint8_t event, uint16_t duration);

  struct Packet {
    std::array<uint8_t, 4> payload;
    bool first = false;  // the event starts with this packet
    bool last = false;   // its last end packet
  };
  // The packet for this tick, or nothing (idle, or pausing between digits).
  std::optional<Packet> tick();

  bool busy() const { return current_ || pause_ > 0 || !queue_.empty(); }
  bool inEvent() const { return current_.has_value(); }  // from the first to the last packet

 private:
  struct Pending {
    uint8_t event;
    uint16_t duration;
  };
  std::deque<Pending> queue_;
  std::optional<Pending> current_;
  uint32_t elapsed_ = 0;
  int ends_sent_ = 0;
  int pause_ = 0;
};

}  // namespace hk::rtp
