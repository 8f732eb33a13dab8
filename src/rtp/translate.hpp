#pragma once
// One relayed packet, from the leg it came in on to the other leg: the header becomes the
// other leg's own (its SSRC, sequence and timestamps from OutboundStream, its payload
// types), CSRCs, extensions and padding of the source are dropped, and G.711 is converted
// PCMU <-> PCMA when the two legs use different codecs. Pure: no sockets, no clock.
#include <cstdint>
#include <optional>
#include <span>

#include "base/clock.hpp"
#include "rtp/media_types.hpp"
#include "rtp/outbound_stream.hpp"
#include "rtp/packet.hpp"

namespace hk::rtp {

struct LegFormat {  // what a leg sends and expects
  Codec codec = Codec::Pcmu;
  uint8_t payload_type = 0;
  std::optional<uint8_t> telephone_event;
};

enum class PayloadKind { Audio, Event, Other };
PayloadKind classify(uint8_t payload_type, const LegFormat& leg);

// Rewrites `datagram` (as parsed in `view`) in place for `out`. Returns the bytes to send
// (inside `datagram`), or an empty span when `out` cannot take the packet (a payload type
// it did not negotiate); the stream then skips it so the far end sees no gap.
std::span<const uint8_t> translate(std::span<uint8_t> datagram, const RtpPacketView& view,
                                   PayloadKind kind, const LegFormat& in, const LegFormat& out,
                                   OutboundStream& stream, MonoTime now);

// Turns the packets of RFC 4733 events into digits: one digit per event, on its first
// packet seen (retransmissions and end packets of the same event are not repeated, nor
// late packets of an earlier event of the same stream).
class DigitTracker {
 public:
  std::optional<char> onPacket(uint32_t ssrc, uint32_t timestamp, std::span<const uint8_t> payload);

 private:
  bool any_ = false;
  uint32_t ssrc_ = 0;
  uint32_t timestamp_ = 0;
  uint8_t event_ = 0;
};

}  // namespace hk::rtp
