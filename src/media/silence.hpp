#pragma once
// SilenceDetector: voice activity by energy with hangover, for "record until silence"
// (voicemail, automatic reception). A 20 ms frame is loud when its level is above both an
// absolute threshold and the tracked noise floor plus a margin (so steady background noise
// stops counting as voice after a few seconds); voice starts after `onset` of loud frames
// (a click is not voice) and lasts `hangover` after the last loud frame (pauses between
// words are not silence). The owner decides: e.g. stop when heardVoice() && silence() >=
// 3 s, or when !heardVoice() after 10 s. Single thread.
#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

namespace hk::media {

struct SilenceOptions {
  double threshold_dbm0 = -40;
  double noise_margin_db = 10;
  std::chrono::milliseconds onset{60};
  std::chrono::milliseconds hangover{400};
  double floor_rise_db_per_s = 5;  // how fast the noise floor follows louder noise
};

class SilenceDetector {
 public:
  explicit SilenceDetector(SilenceOptions options = {});

  // 8 kHz linear PCM in order, any length (judged per 20 ms frame). Returns inVoice().
  bool process(std::span<const int16_t> pcm);
  void reset();

  bool inVoice() const { return in_voice_; }
  bool heardVoice() const { return heard_; }
  // Since the last loud frame of voice (or since the start, if none yet).
  std::chrono::milliseconds silence() const { return frames(quiet_frames_); }
  std::chrono::milliseconds voice() const { return frames(voice_frames_); }  // in total
  std::chrono::milliseconds elapsed() const { return frames(total_frames_); }
  double noiseFloorDbm0() const { return floor_db_; }

 private:
  static std::chrono::milliseconds frames(uint64_t n) {
    return std::chrono::milliseconds(static_cast<int64_t>(n) * 20);
  }
  void frame(std::span<const int16_t> f);

  SilenceOptions options_;
  std::vector<int16_t> partial_;
  double floor_db_;
  bool in_voice_ = false;
  bool heard_ = false;
  uint64_t loud_run_ = 0;      // consecutive loud frames
  uint64_t quiet_frames_ = 0;  // frames since the last loud frame in voice
  uint64_t voice_frames_ = 0;
  uint64_t total_frames_ = 0;
};

}  // namespace hk::media
