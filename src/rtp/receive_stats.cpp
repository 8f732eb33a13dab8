#include "rtp/receive_stats.hpp"

#include "rtp/rtcp.hpp"

namespace hk::rtp {

void ReceiveStats::onPacket(uint32_t ssrc, uint16_t seq, uint32_t rtp_ts, uint32_t arrival) {
  if (received_ == 0 || ssrc != ssrc_) {
    ssrc_ = ssrc;
    max_seq_ = seq;
    cycles_ = 0;
    base_seq_ = seq;
    received_ = 0;
    expected_prior_ = 0;
    received_prior_ = 0;
    jitter_ = 0;
    transit_ = static_cast<int64_t>(arrival) - rtp_ts;
  } else {
    auto delta = static_cast<uint16_t>(seq - max_seq_);
    if (delta < 0x8000) {  // in order, maybe with a gap
      if (seq < max_seq_) cycles_ += 0x10000;
      max_seq_ = seq;
    }
    // Otherwise late or duplicate: counted as received, "highest" unchanged.
    int64_t transit = static_cast<int64_t>(arrival) - rtp_ts;
    int64_t d = transit - transit_;
    transit_ = transit;
    if (d < 0) d = -d;
    // J += (|D| - J) / 16, kept scaled by 16.
    jitter_ = static_cast<uint64_t>(static_cast<int64_t>(jitter_) + d -
                                    static_cast<int64_t>((jitter_ + 8) >> 4));
  }
  ++received_;
}

ReportBlock ReceiveStats::report(uint32_t lsr, uint32_t dlsr) {
  ReportBlock b;
  b.ssrc = ssrc_;
  uint32_t expected_now = expected();
  uint32_t expected_interval = expected_now - expected_prior_;
  uint64_t received_interval = received_ - received_prior_;
  expected_prior_ = expected_now;
  received_prior_ = received_;
  int64_t lost_interval =
      static_cast<int64_t>(expected_interval) - static_cast<int64_t>(received_interval);
  if (expected_interval > 0 && lost_interval > 0) {
    b.fraction_lost = static_cast<uint8_t>((lost_interval << 8) / expected_interval);
  }
  int64_t cum = lost();
  if (cum > 0x7fffff) cum = 0x7fffff;
  if (cum < -0x800000) cum = -0x800000;
  b.cumulative_lost = static_cast<int32_t>(cum);
  b.highest_seq = extendedHighest();
  b.jitter = jitter();
  b.lsr = lsr;
  b.dlsr = dlsr;
  return b;
}

}  // namespace hk::rtp
