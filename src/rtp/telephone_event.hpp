#pragma once
// RFC 4733 telephone-event payload (§2.3): event, end bit, volume, duration.
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "base/result.hpp"

namespace hk::rtp {

struct TelephoneEvent {
  uint8_t event = 0;  // 0-9, 10 '*', 11 '#', 12-15 A-D, 16 flash
  bool end = false;
  uint8_t volume = 0;     // 0..63, -dBm0
  uint16_t duration = 0;  // timestamp units since the event started
  bool operator==(const TelephoneEvent&) const = default;
};

// Reads the first event of the payload (a payload may carry more, 4 bytes each).
Result<TelephoneEvent> parseTelephoneEvent(std::span<const uint8_t> payload);
std::array<uint8_t, 4> buildTelephoneEvent(const TelephoneEvent& e);

// '0'-'9', '*', '#', 'A'-'D'; nothing for other events (flash, tones).
std::optional<char> eventDigit(uint8_t event);
std::optional<uint8_t> digitEvent(char digit);

}  // namespace hk::rtp
