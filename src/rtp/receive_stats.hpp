#pragma once
// Reception statistics of the stream coming from one leg (RFC 3550 A.1, A.3, A.8):
// extended highest sequence, cumulative and fractional loss, interarrival jitter. A new
// SSRC starts over (the report is about the current source).
#include <cstdint>

namespace hk::rtp {

struct ReportBlock;

class ReceiveStats {
 public:
  explicit ReceiveStats(uint32_t clock_rate = 8000) : clock_rate_(clock_rate) {}

  // `arrival` is the arrival time in timestamp units (any origin, same for every call).
  void onPacket(uint32_t ssrc, uint16_t seq, uint32_t rtp_ts, uint32_t arrival);

  bool any() const { return received_ > 0; }
  uint32_t ssrc() const { return ssrc_; }
  uint64_t received() const { return received_; }
  uint32_t extendedHighest() const { return cycles_ + max_seq_; }
  uint32_t expected() const { return extendedHighest() - base_seq_ + 1; }
  // Negative when duplicates outnumber losses (RFC 3550 allows it).
  int64_t lost() const {
    return static_cast<int64_t>(expected()) - static_cast<int64_t>(received_);
  }
  uint32_t jitter() const { return static_cast<uint32_t>(jitter_ >> 4); }  // timestamp units
  uint32_t clockRate() const { return clock_rate_; }

  // The report block for this source; moves the "since last report" marks (fraction lost).
  ReportBlock report(uint32_t lsr, uint32_t dlsr);

 private:
  uint32_t clock_rate_;
  uint32_t ssrc_ = 0;
  uint16_t max_seq_ = 0;
  uint32_t cycles_ = 0;
  uint32_t base_seq_ = 0;
  uint64_t received_ = 0;
  uint32_t expected_prior_ = 0;
  uint64_t received_prior_ = 0;
  int64_t transit_ = 0;
  uint64_t jitter_ = 0;  // scaled by 16 (RFC 3550 A.8)
};

}  // namespace hk::rtp
