#include "rtp/outbound_stream.hpp"

namespace hk::rtp {

OutboundStream::OutboundStream(uint32_t ssrc, uint16_t first_sequence, uint32_t first_timestamp,
                               uint32_t clock_rate)
    : ssrc_(ssrc), clock_rate_(clock_rate), next_seq_(first_sequence), next_ts_(first_timestamp) {}

void OutboundStream::rebase(uint16_t src_seq, uint32_t src_ts, MonoTime now) {
  if (started_) {
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(now - last_send_);
    uint64_t samples =
        elapsed.count() > 0 ? static_cast<uint64_t>(elapsed.count()) * clock_rate_ / 1'000'000 : 0;
    uint64_t frame = clock_rate_ / 50;  // 20 ms
    next_seq_ = static_cast<uint16_t>(last_seq_ + 1);
    next_ts_ = static_cast<uint32_t>(last_ts_ + (samples < frame ? frame : samples));
  }
  seq_offset_ = static_cast<uint16_t>(next_seq_ - src_seq);
  ts_offset_ = next_ts_ - src_ts;
  src_last_seq_ = src_seq;
}

OutboundStream::Stamp OutboundStream::map(uint32_t src_ssrc, uint16_t src_seq, uint32_t src_ts,
                                          bool marker, MonoTime now) {
  return mapFrom(false, src_ssrc, src_seq, src_ts, marker, now);
}

OutboundStream::Stamp OutboundStream::mapLocal(uint16_t local_seq, uint32_t local_ts, bool marker,
                                               MonoTime media_time) {
  return mapFrom(true, 0, local_seq, local_ts, marker, media_time);
}

OutboundStream::Stamp OutboundStream::mapFrom(bool local, uint32_t src_ssrc, uint16_t src_seq,
                                              uint32_t src_ts, bool marker, MonoTime now) {
  auto delta = static_cast<int16_t>(static_cast<uint16_t>(src_seq - src_last_seq_));
  if (!src_ssrc_ || src_local_ != local || *src_ssrc_ != src_ssrc || delta > kResyncSeq ||
      delta < -kResyncSeq) {
    src_ssrc_ = src_ssrc;
    src_local_ = local;
    rebase(src_seq, src_ts, now);
    marker = true;
  } else if (delta > 0) {
    src_last_seq_ = src_seq;
  }
  Stamp s{static_cast<uint16_t>(src_seq + seq_offset_), src_ts + ts_offset_, marker};
  // Only an in-order packet moves "last": a late one keeps its place in the numbering.
  if (!started_ || static_cast<int16_t>(static_cast<uint16_t>(s.sequence - last_seq_)) > 0) {
    last_seq_ = s.sequence;
    last_ts_ = s.timestamp;
    last_send_ = now;
  }
  started_ = true;
  return s;
}

void OutboundStream::skip(uint32_t src_ssrc, uint16_t src_seq) {
  if (!src_ssrc_ || src_local_ || *src_ssrc_ != src_ssrc) return;
  auto delta = static_cast<int16_t>(static_cast<uint16_t>(src_seq - src_last_seq_));
  if (delta <= 0 || delta > kResyncSeq) return;
  src_last_seq_ = src_seq;
  --seq_offset_;
}

void OutboundStream::sent(size_t payload_bytes) {
  ++packets_;
  octets_ += static_cast<uint32_t>(payload_bytes);
}

}  // namespace hk::rtp
