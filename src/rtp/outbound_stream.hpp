#pragma once
// Hankyo's own RTP stream toward one leg: its SSRC, sequence numbers and timestamps. The
// media relayed into it comes from a source (the other leg) whose SSRC, sequence and
// timestamps are its own and may change (early media then answer, a re-INVITE, a
// transfer). Packets keep their spacing (so loss and reordering stay visible to the far
// end); a new source continues our numbering where it stopped, with the marker bit set.
#include <cstdint>
#include <optional>

#include "base/clock.hpp"

namespace hk::rtp {

class OutboundStream {
 public:
  OutboundStream(uint32_t ssrc, uint16_t first_sequence, uint32_t first_timestamp,
                 uint32_t clock_rate = 8000);

  struct Stamp {
    uint16_t sequence;
    uint32_t timestamp;
    bool marker;
  };
  // Our numbering for one source packet about to be sent. A new source SSRC, or a jump of
  // more than kResyncSeq in its sequence, re-bases: sequence = last + 1, timestamp = last +
  // the time elapsed since (at least one 20 ms frame), marker set.
  Stamp map(uint32_t src_ssrc, uint16_t src_seq, uint32_t src_ts, bool marker, MonoTime now);
  // The same for a packet Hankyo makes itself (a source's frame, a digit it sends): local
  // packets are one more source, numbered in their own space (`local_seq` one up per
  // packet, `local_ts` in samples, any origin), told apart from every relayed SSRC. A
  // switch between them and relayed media re-bases as above (no jump, marker set).
  // `media_time`: when the packet's timestamp was sampled (an event's packets all carry
  // the event's start), so that a later re-base and RTCP count time from there.
  Stamp mapLocal(uint16_t local_seq, uint32_t local_ts, bool marker, MonoTime media_time);
  // The next packet re-bases whatever its source (Hankyo's own packets start again after
  // a pause: the timestamps then count the pause).
  void resync() { src_ssrc_.reset(); }
  // A source packet that will not be sent (not negotiated on this leg): later packets move
  // up by one so that the far end sees no loss. Only the newest packet counts.
  void skip(uint32_t src_ssrc, uint16_t src_seq);
  // After a packet went out: counters for RTCP SR.
  void sent(size_t payload_bytes);

  uint32_t ssrc() const { return ssrc_; }
  uint32_t packetsSent() const { return packets_; }
  uint32_t octetsSent() const { return octets_; }
  bool hasSent() const { return packets_ > 0; }
  bool started() const { return started_; }
  uint32_t lastTimestamp() const { return last_ts_; }
  MonoTime lastSendTime() const { return last_send_; }  // when lastTimestamp() was sampled
  uint32_t clockRate() const { return clock_rate_; }

  static constexpr int kResyncSeq = 3000;

 private:
  void rebase(uint16_t src_seq, uint32_t src_ts, MonoTime now);
  Stamp mapFrom(bool local, uint32_t src_ssrc, uint16_t src_seq, uint32_t src_ts, bool marker,
                MonoTime now);

  uint32_t ssrc_;
  uint32_t clock_rate_;
  std::optional<uint32_t> src_ssrc_;
  bool src_local_ = false;  // the current source is Hankyo itself (src_ssrc_ is then 0)
  uint16_t src_last_seq_ = 0;
  uint16_t seq_offset_ = 0;
  uint32_t ts_offset_ = 0;
  uint16_t next_seq_;  // used when (re)basing
  uint32_t next_ts_;
  uint16_t last_seq_ = 0;
  uint32_t last_ts_ = 0;
  MonoTime last_send_{};
  bool started_ = false;
  uint32_t packets_ = 0;
  uint32_t octets_ = 0;
};

}  // namespace hk::rtp
