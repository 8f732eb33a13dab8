#pragma once
// Audio sources for a leg (rtp::AudioSource, 20 ms frames at 8 kHz): call-progress tones
// (Japanese ringback and busy), a beep, silence, and PCM played from shared immutable
// buffers (hold music, a guidance playlist). Sources only say what to send: barge-in (stop
// on a digit) is the owner's business, who swaps or drops the source. fill() runs on the
// media thread; a source is used by one session at a time.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "rtp/audio_hooks.hpp"

namespace hk::media {

// 8 kHz 16-bit mono audio, shared by every call that plays it, never modified.
using SharedPcm = std::shared_ptr<const std::vector<int16_t>>;

struct ToneSpec {
  double freq_hz = 1000;
  double freq2_hz = 0;      // a second frequency mixed in, 0: none
  double am_hz = 0;         // amplitude modulation, 0: none
  double am_depth = 0;      // 0..1
  double level_dbm0 = -13;  // of each frequency, at the modulation's peak
  // On, off, on, off... durations; empty: on for ever.
  std::vector<std::chrono::milliseconds> cadence;
  bool repeat = true;  // loop the cadence; false: play it once, then the source is done
};

// Japanese ringback (呼出音): 400 Hz modulated by 16 Hz, 1 s on, 2 s off.
ToneSpec ringbackJp();
// Japanese busy (話中音): 400 Hz, 0.5 s on, 0.5 s off.
ToneSpec busyJp();
// A single beep (before voicemail recording), 1 kHz for 200 ms by default.
ToneSpec beep(double freq_hz = 1000,
              std::chrono::milliseconds length = std::chrono::milliseconds(200),
              double level_dbm0 = -10);

class ToneSource final : public rtp::AudioSource {
 public:
  explicit ToneSource(ToneSpec spec);
  bool fill(std::span<int16_t> frame) override;

 private:
  double sample(uint64_t n) const;
  ToneSpec spec_;
  std::vector<uint64_t> bounds_;  // cumulative segment ends, in samples
  double amplitude_;
  uint64_t n_ = 0;  // samples produced
  bool done_ = false;
};

class SilenceSource final : public rtp::AudioSource {
 public:
  // none: silence for ever.
  explicit SilenceSource(std::optional<std::chrono::milliseconds> length = std::nullopt);
  bool fill(std::span<int16_t> frame) override;

 private:
  std::optional<uint64_t> left_;  // samples
};

// Buffers one after another; the whole list `loops` times (0: for ever). The last frame is
// padded with silence; empty buffers are skipped.
class PlaylistSource : public rtp::AudioSource {
 public:
  explicit PlaylistSource(std::vector<SharedPcm> items, int loops = 1);
  bool fill(std::span<int16_t> frame) override;
  uint64_t samplesPlayed() const { return played_; }
  bool done() const { return done_; }

 private:
  std::vector<SharedPcm> items_;
  int loops_;
  int loop_ = 0;
  size_t item_ = 0;
  size_t offset_ = 0;
  uint64_t played_ = 0;
  bool done_ = false;
};

// One buffer, looping (hold music) or once.
class PcmSource final : public PlaylistSource {
 public:
  explicit PcmSource(SharedPcm pcm, bool loop = true)
      : PlaylistSource({std::move(pcm)}, loop ? 0 : 1) {}
};

}  // namespace hk::media
