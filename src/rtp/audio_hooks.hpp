#pragma once
// Where the media folder plugs into a relay session, without rtp knowing what it is: a sink
// hears the audio a leg sends (decoded to 16-bit linear PCM, 8 kHz, mono), a source supplies
// the audio sent to a leg instead of (or mixed with) what the other leg says — a prompt, a
// tone, hold music. Both run on the session's media thread: they must not block, and they
// must be thread-safe against whoever else holds them (the call's loop posts to them).
// They must not throw either: a hook that throws is logged and taken off the session.
//
// Attaching them: MediaEngine::addSink / removeSink / setSink and setSource (media_engine.hpp).
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/clock.hpp"
#include "rtp/media_types.hpp"

namespace hk::rtp {

inline constexpr int kSampleRate = 8000;
inline constexpr size_t kFrameSamples = 160;  // 20 ms at 8 kHz

// One received stretch of audio from a leg: one RTP packet, whatever its ptime (10, 20, 30,
// 40 ms... : pcm.size() samples). `timestamp` is the sender's RTP timestamp of the first
// sample (8 kHz units; wraps), `sequence` its RTP sequence number: a sink that needs order
// (the recorder) reorders and fills gaps by timestamp, one that does not (a DTMF detector)
// just consumes. Packets arrive as the network delivers them: late, duplicated, reordered,
// or not at all.
struct AudioChunk {
  LegSide from = LegSide::A;
  uint32_t timestamp = 0;
  uint16_t sequence = 0;
  MonoTime arrival{};
  std::span<const int16_t> pcm;  // valid during the call only
};

class AudioSink {
 public:
  virtual ~AudioSink() = default;
  virtual void onAudio(const AudioChunk& chunk) = 0;
  // An RFC 4733 event seen on the leg: the same press is reported once, at its first end
  // packet (retransmitted end packets are not repeated). `duration_ts` is the event's
  // duration in 8 kHz units. A press whose end packets were all lost is reported when the
  // next event from that leg starts.
  virtual void onTelephoneEvent(LegSide, char /*digit*/, uint32_t /*duration_ts*/) {}
  // Once, when the sink is attached to no leg of the session any more: the session ended,
  // or it was removed from its last leg (a sink on both legs hears onDetach once). Also
  // when the session had already ended by the time addSink reached the media thread.
  // Flush, close files.
  virtual void onDetach() {}
};

class AudioSource {
 public:
  virtual ~AudioSource() = default;
  // Fills `frame` (kFrameSamples samples, zeroed) with the next 20 ms. Returns false when
  // the source has nothing more to say (the prompt ended): the frame is then not sent, and
  // the session reports MediaEvent::SourceDone. Called every 20 ms while the source is set,
  // also when the leg cannot receive (no address yet, on hold): the audio is then discarded.
  virtual bool fill(std::span<int16_t> frame) = 0;
};

enum class SourceMode : uint8_t {
  Replace,  // the leg hears only the source; what the other leg says toward it is dropped
  Mix,      // the leg hears the source added to the other leg's audio (saturating)
};

}  // namespace hk::rtp
