#pragma once
// Minimal RTCP (RFC 3550 §6.4, §6.5): Hankyo sends, per leg, a compound packet of one SR
// (or RR before it has sent anything) with at most one report block, plus SDES CNAME.
// It reads what the far end sends for its statistics (SR times for LSR/DLSR, its report
// about us) and ignores the rest.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"

namespace hk::rtp {

struct ReportBlock {
  uint32_t ssrc = 0;            // the source reported on
  uint8_t fraction_lost = 0;    // since the previous report, /256
  int32_t cumulative_lost = 0;  // 24-bit signed on the wire
  uint32_t highest_seq = 0;     // extended
  uint32_t jitter = 0;
  uint32_t lsr = 0;   // middle 32 bits of the NTP time of the last SR from that source
  uint32_t dlsr = 0;  // delay since that SR, 1/65536 s
  bool operator==(const ReportBlock&) const = default;
};

struct SenderInfo {
  uint64_t ntp = 0;  // NTP timestamp (seconds since 1900 << 32 | fraction)
  uint32_t rtp_timestamp = 0;
  uint32_t packets = 0;
  uint32_t octets = 0;
  bool operator==(const SenderInfo&) const = default;
};

struct RtcpReport {
  uint32_t ssrc = 0;
  std::optional<SenderInfo> sender;  // SR when set, RR otherwise
  std::vector<ReportBlock> blocks;   // up to 31
  std::string cname;                 // SDES CNAME (required in a compound packet)
  bool bye = false;                  // parse only: a BYE was in the compound packet
  bool operator==(const RtcpReport&) const = default;
};

std::vector<uint8_t> buildRtcp(const RtcpReport& r);

// The first SR/RR of a compound packet, its CNAME and whether it says BYE. Refuses what is
// not a valid compound packet (version, lengths, first packet not SR/RR).
Result<RtcpReport> parseRtcp(std::span<const uint8_t> data);

uint64_t toNtp(WallTime t);
inline uint32_t ntpMiddle(uint64_t ntp) { return static_cast<uint32_t>(ntp >> 16); }

}  // namespace hk::rtp
