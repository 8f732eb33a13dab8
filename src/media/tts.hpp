#pragma once
// Text-to-speech for guidance and IVR prompts (SPEC §4, "made from text"). Two voices:
//   ja-nitech  Japanese, open_jtalk run as a child process (never through a shell);
//   en-kal     English, libflite in process (serialised: flite is not thread-safe).
// The voice is named, or chosen from the text (any kana/kanji -> Japanese). Output is 8 kHz
// mono PCM. Synthesis is synchronous and takes tens of milliseconds to seconds: callers run
// it on a WorkerPool, never on a signalling or media thread. Use TtsCache in front of it.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "media/audio_file.hpp"

namespace hk::media {

inline constexpr std::string_view kVoiceJa = "ja-nitech";
inline constexpr std::string_view kVoiceEn = "en-kal";
inline constexpr std::string_view kVoiceAuto = "auto";  // or an empty voice
inline constexpr double kMinSpeed = 0.5;
inline constexpr double kMaxSpeed = 2.0;
inline constexpr size_t kMaxTextBytes = 4000;

struct TtsRequest {
  std::string text;    // UTF-8
  std::string voice;   // kVoiceJa, kVoiceEn, or empty/"auto"
  double speed = 1.0;  // kMinSpeed..kMaxSpeed, 1.0 = the voice's own pace
};

// True when the text holds any hiragana, katakana or kanji.
bool looksJapanese(std::string_view utf8);

// Checks and normalises a request from outside: text valid UTF-8, control characters turned
// into spaces, trimmed, not empty, at most `max_text_bytes` (TooLarge); speed in range;
// voice known, "auto"/empty resolved from the text. Errors name the field (text, voice,
// speed).
Result<TtsRequest> normalizeRequest(TtsRequest req, size_t max_text_bytes = kMaxTextBytes);

// What makes audio from text; TtsCache takes one so tests can count calls.
class Synthesizer {
 public:
  virtual ~Synthesizer() = default;
  // `req` has been through normalizeRequest (the voice is resolved).
  virtual Result<Pcm8k> synthesize(const TtsRequest& req) = 0;
  // Changes whenever the same request could sound different (engine, voice data, our
  // post-processing): part of the cache key.
  virtual std::string engineVersion(std::string_view voice) const = 0;
};

struct TtsConfig {
  std::filesystem::path open_jtalk = "/usr/bin/open_jtalk";
  std::filesystem::path jtalk_dic = "/var/lib/mecab/dic/open-jtalk/naist-jdic";
  std::filesystem::path jtalk_voice =
      "/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice";
  std::filesystem::path work_dir;             // temporary files; empty = the system temp folder
  std::chrono::milliseconds timeout{30'000};  // per open_jtalk run
  size_t max_text_bytes = kMaxTextBytes;
};

class Tts final : public Synthesizer {
 public:
  explicit Tts(TtsConfig config = {});

  // Normalises `req` itself too. Errors: Invalid/TooLarge (bad request, nothing to say),
  // Unavailable (voice not installed, engine cannot start), Timeout.
  Result<Pcm8k> synthesize(const TtsRequest& req) override;
  std::string engineVersion(std::string_view voice) const override;
  // The voice's engine and data are installed.
  bool available(std::string_view voice) const;

 private:
  Result<Pcm8k> japanese(const TtsRequest& req);
  Result<Pcm8k> jtalkChunk(const std::string& text, double speed);
  Result<Pcm8k> english(const TtsRequest& req);

  TtsConfig config_;
};

}  // namespace hk::media
