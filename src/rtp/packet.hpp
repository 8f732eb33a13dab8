#pragma once
// RTP fixed header (RFC 3550 §5.1): parse a datagram without copying, write a header.
// Untrusted input: parseRtp never reads past the data and says why a packet is refused.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/result.hpp"

namespace hk::rtp {

constexpr size_t kRtpHeaderSize = 12;
constexpr size_t kMaxPacket = 1500;

struct RtpHeader {
  bool marker = false;
  uint8_t payload_type = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  uint8_t csrc_count = 0;
  std::array<uint32_t, 15> csrcs{};
};

struct RtpPacketView {
  RtpHeader header;
  bool has_extension = false;
  uint16_t extension_profile = 0;
  std::span<const uint8_t> extension;  // the extension words, without their 4-byte header
  std::span<const uint8_t> payload;    // without padding
  uint8_t padding = 0;                 // padding bytes at the end (count byte included)
  size_t payload_offset = 0;           // where the payload starts in the datagram
};

// Refuses: shorter than 12 bytes, version != 2, CSRCs, extension or padding that do not fit.
Result<RtpPacketView> parseRtp(std::span<const uint8_t> data);

// Writes the fixed header and CSRCs (no extension, no padding); returns the bytes written
// (12 + 4 * csrc_count) or 0 when `out` is too small.
size_t writeRtpHeader(const RtpHeader& h, std::span<uint8_t> out);

// A whole packet, for tests and generators: header, optional extension (profile, words
// as bytes, a multiple of 4), payload, optional padding (the count byte included).
std::vector<uint8_t> buildRtp(const RtpHeader& h, std::span<const uint8_t> payload,
                              uint8_t padding = 0, uint16_t extension_profile = 0,
                              std::span<const uint8_t> extension = {}, bool has_extension = false);

}  // namespace hk::rtp
