#include "media/tts.hpp"

#include <flite/flite_version.h>
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <vector>

#include "base/ids.hpp"
#include "media/detail/child_process.hpp"
#include "media/detail/flite_voice.hpp"
#include "media/detail/utf8.hpp"

namespace hk::media {
namespace {

using detail::forEachCodePoint;

// Bumped when our own processing of engine output changes (resampling, chunking).
constexpr int kPipelineRev = 1;
// open_jtalk reads one line of at most 1023 bytes and widens ASCII to 3-byte full-width
// characters in a 1 KB stack buffer (400 ASCII letters smash its stack): longer text is sent
// in pieces of at most this many bytes, ASCII counted as 3.
constexpr size_t kJtalkChunkWeight = 600;

bool isJapaneseLetter(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||  // hiragana, katakana
         (cp >= 0x31F0 && cp <= 0x31FF) ||  // katakana phonetic extensions
         (cp >= 0x3400 && cp <= 0x4DBF) ||  // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||  // CJK compatibility ideographs
         (cp >= 0xFF66 && cp <= 0xFF9F);    // half-width katakana
}

bool isSpaceCp(char32_t cp) { return cp == U' ' || cp == 0x3000; }

// Ends a chunk here if needed: after sentence or clause punctuation, or a space.
bool isBreak(char32_t cp) {
  return cp == U'。' || cp == U'、' || cp == U'！' || cp == U'？' || cp == U'.' || cp == U',' ||
         cp == U'!' || cp == U'?' || isSpaceCp(cp);
}

std::vector<std::string> splitForJtalk(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0, last_break = 0;
  size_t weight = 0, weight_at_break = 0;
  forEachCodePoint(text, [&](char32_t cp, size_t at, size_t len) {
    size_t w = cp < 0x80 ? 3 : len;
    if (weight + w > kJtalkChunkWeight) {
      bool at_break = last_break > start;
      size_t cut = at_break ? last_break : at;
      out.push_back(text.substr(start, cut - start));
      start = cut;
      weight = at_break ? weight - weight_at_break : 0;
    }
    weight += w;
    if (isBreak(cp)) {
      last_break = at + len;
      weight_at_break = weight;
    }
  });
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

std::string fileStamp(const std::filesystem::path& p) {
  std::error_code ec;
  auto size = std::filesystem::file_size(p, ec);
  if (ec) return p.filename().string() + ":missing";
  auto mtime = std::filesystem::last_write_time(p, ec).time_since_epoch().count();
  return fmt::format("{}:{}:{}", p.filename().string(), size, mtime);
}

class TempFiles {
 public:
  explicit TempFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}
  ~TempFiles() {
    std::error_code ec;
    for (const auto& p : paths_) std::filesystem::remove(p, ec);
  }
  TempFiles(const TempFiles&) = delete;
  TempFiles& operator=(const TempFiles&) = delete;
  std::filesystem::path make(std::string_view ext) {
    paths_.push_back(dir_ / fmt::format("hk-tts-{}{}", randomHex(8), ext));
    return paths_.back();
  }

 private:
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> paths_;
};

}  // namespace

bool looksJapanese(std::string_view utf8) {
  bool found = false;
  forEachCodePoint(utf8,
                   [&](char32_t cp, size_t, size_t) { found = found || isJapaneseLetter(cp); });
  return found;
}

Result<TtsRequest> normalizeRequest(TtsRequest req, size_t max_text_bytes) {
  if (req.text.size() > max_text_bytes) {
    return fail(Code::TooLarge,
                fmt::format("text too long: {} bytes > {}", req.text.size(), max_text_bytes),
                "text");
  }
  // Control characters and runs of spaces (ASCII or ideographic) become one ASCII space;
  // none at either end. Long runs also crash open_jtalk.
  std::string clean;
  clean.reserve(req.text.size());
  bool pending_space = false;
  bool valid = forEachCodePoint(req.text, [&](char32_t cp, size_t at, size_t len) {
    if (detail::isControlCodePoint(cp) || isSpaceCp(cp)) {
      pending_space = !clean.empty();
      return;
    }
    if (pending_space) clean.push_back(' ');
    pending_space = false;
    clean.append(req.text, at, len);
  });
  if (!valid) return fail(Code::Invalid, "text is not valid UTF-8", "text");
  if (clean.empty()) return fail(Code::Invalid, "text is empty", "text");
  if (!std::isfinite(req.speed) || req.speed < kMinSpeed || req.speed > kMaxSpeed) {
    return fail(Code::Invalid, fmt::format("speed must be between {} and {}", kMinSpeed, kMaxSpeed),
                "speed");
  }
  TtsRequest out{std::move(clean), std::move(req.voice), req.speed};
  if (out.voice.empty() || out.voice == kVoiceAuto) {
    out.voice = std::string(looksJapanese(out.text) ? kVoiceJa : kVoiceEn);
  } else if (out.voice != kVoiceJa && out.voice != kVoiceEn) {
    return fail(Code::Invalid,
                fmt::format("unknown voice (known: {}, {}, {})", kVoiceJa, kVoiceEn, kVoiceAuto),
                "voice");
  }
  return out;
}

Tts::Tts(TtsConfig config) : config_(std::move(config)) {
  if (config_.work_dir.empty()) config_.work_dir = std::filesystem::temp_directory_path();
}

bool Tts::available(std::string_view voice) const {
  if (voice == kVoiceEn) return true;  // linked in
  if (voice != kVoiceJa) return false;
  std::error_code ec;
  return std::filesystem::exists(config_.open_jtalk, ec) &&
         std::filesystem::is_directory(config_.jtalk_dic, ec) &&
         std::filesystem::exists(config_.jtalk_voice, ec);
}

std::string Tts::engineVersion(std::string_view voice) const {
  if (voice == kVoiceJa) {
    return fmt::format("open_jtalk {} {} {} r{}", fileStamp(config_.open_jtalk),
                       fileStamp(config_.jtalk_dic / "sys.dic"), fileStamp(config_.jtalk_voice),
                       kPipelineRev);
  }
  if (voice == kVoiceEn) {
    return fmt::format("flite {} cmu_us_kal r{}", FLITE_PROJECT_VERSION, kPipelineRev);
  }
  return "unknown";
}

Result<Pcm8k> Tts::synthesize(const TtsRequest& raw) {
  auto req = normalizeRequest(raw, config_.max_text_bytes);
  if (!req) return req.error();
  if (req->voice == kVoiceJa) return japanese(*req);
  return english(*req);
}

Result<Pcm8k> Tts::japanese(const TtsRequest& req) {
  if (!available(kVoiceJa)) {
    return fail(
        Code::Unavailable,
        fmt::format("Japanese voice not installed ({}, {}, {})", config_.open_jtalk.string(),
                    config_.jtalk_dic.string(), config_.jtalk_voice.string()));
  }
  Pcm8k all;
  for (const auto& piece : splitForJtalk(req.text)) {
    auto pcm = jtalkChunk(piece, req.speed);
    if (!pcm && pcm.error().code == Code::Invalid) continue;  // a piece of punctuation only
    if (!pcm) return pcm.error();
    all.samples.insert(all.samples.end(), pcm->samples.begin(), pcm->samples.end());
  }
  if (all.samples.empty()) {
    return fail(Code::Invalid, "nothing the ja-nitech voice can say", "text");
  }
  return all;
}

Result<Pcm8k> Tts::jtalkChunk(const std::string& text, double speed) {
  TempFiles tmp(config_.work_dir);
  auto in_path = tmp.make(".txt");
  auto out_path = tmp.make(".wav");
  {
    std::ofstream f(in_path, std::ios::binary);
    f << text << '\n';
    if (!f.flush()) {
      return fail(Code::Unavailable, fmt::format("cannot write {}", in_path.string()));
    }
  }
  std::vector<std::string> argv{config_.open_jtalk.string(),
                                "-x",
                                config_.jtalk_dic.string(),
                                "-m",
                                config_.jtalk_voice.string(),
                                "-r",
                                fmt::format("{:.3f}", speed),
                                "-ow",
                                out_path.string(),
                                in_path.string()};
  auto run = detail::runChild(argv, config_.timeout);
  if (!run) return run.error();
  if (run->exit_code != 0) {
    if (run->stderr_tail.find("cannot be synthesized") != std::string::npos) {
      return fail(Code::Invalid, "nothing the ja-nitech voice can say", "text");
    }
    auto tail =
        run->stderr_tail.substr(run->stderr_tail.size() > 300 ? run->stderr_tail.size() - 300 : 0);
    return fail(Code::Internal, fmt::format("open_jtalk failed (exit {}, signal {}): {}",
                                            run->exit_code, run->signal, tail));
  }
  UploadLimits limits;
  limits.max_bytes = 256u << 20;
  limits.min_duration = std::chrono::milliseconds(0);
  auto pcm = convertUploadFile(out_path, limits);
  if (!pcm) return fail(Code::Internal, "open_jtalk output: " + pcm.error().message);
  return pcm;
}

Result<Pcm8k> Tts::english(const TtsRequest& req) {
  std::string ascii;
  bool speakable = false;
  forEachCodePoint(req.text, [&](char32_t cp, size_t, size_t) {
    char c = cp < 0x80 ? static_cast<char>(cp) : ' ';
    speakable = speakable || (cp < 0x80 && std::isalnum(static_cast<unsigned char>(c)));
    ascii.push_back(c);
  });
  if (!speakable) return fail(Code::Invalid, "nothing the en-kal voice can say", "text");
  auto wave = detail::fliteSynthesize(ascii, req.speed);
  if (!wave) return wave.error();
  return resampleTo8k(wave->samples, wave->sample_rate);
}

}  // namespace hk::media
