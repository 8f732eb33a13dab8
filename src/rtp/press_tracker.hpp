#pragma once
// RFC 4733 key presses as a sink wants them: one report per press, when it ends (its first
// end packet; the retransmitted end packets are not repeated), with its duration. A press
// whose end packets were all lost is reported when the next event of the stream starts.
// Packets of an event older than the current one (late retransmissions) are ignored.
// Untrusted input: malformed payloads are ignored.
#include <cstdint>
#include <optional>
#include <span>

namespace hk::rtp {

struct Press {
  char digit = 0;         // '0'-'9', '*', '#', 'A'-'D'
  uint32_t duration = 0;  // timestamp units
  bool operator==(const Press&) const = default;
};

class PressTracker {
 public:
  struct Presses {  // at most two: an unfinished press, then one that ended in this packet
    std::optional<Press> first;
    std::optional<Press> second;
  };
  Presses onPacket(uint32_t ssrc, uint32_t timestamp, std::span<const uint8_t> payload);

 private:
  std::optional<Press> finish(uint16_t duration);

  bool any_ = false;
  bool ended_ = false;
  uint32_t ssrc_ = 0;
  uint32_t timestamp_ = 0;
  uint8_t event_ = 0;
  uint16_t duration_ = 0;
};

}  // namespace hk::rtp
