#include "media/audio_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <samplerate.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "base/ids.hpp"
#include "media/detail/sndfile_memory.hpp"

namespace hk::media {
namespace {

constexpr int kMinRate = 1000;
constexpr int kMaxRate = 768000;
constexpr int kMaxChannels = 64;
constexpr sf_count_t kBlockFrames = 4096;
// Stored prompts and TTS clips: 10 min at 8 kHz is 9.6 MB; anything far past it is not ours.
constexpr size_t kMaxStoredBytes = 128u << 20;
// Input samples are clamped to this before resampling: float files may hold any value,
// including inf and NaN, and the resampler must see finite numbers.
constexpr float kInputClamp = 16.0f;

std::string fmtMs(int64_t ms) {
  if (ms % 1000 == 0) return fmt::format("{} s", ms / 1000);
  if (ms < 1000) return fmt::format("{} ms", ms);
  return fmt::format("{:.1f} s", static_cast<double>(ms) / 1000.0);
}

float sanitize(float x) {
  if (!std::isfinite(x)) return 0.0f;
  return std::clamp(x, -kInputClamp, kInputClamp);
}

// Streams mono float at `rate` into 8 kHz float. 8 kHz input is copied as it is.
class Resampler {
 public:
  static Result<Resampler> make(int rate) {
    if (rate < kMinRate || rate > kMaxRate) {
      return fail(Code::Invalid, fmt::format("unsupported sample rate: {} Hz (allowed {}..{})",
                                             rate, kMinRate, kMaxRate));
    }
    Resampler r;
    r.ratio_ = static_cast<double>(kPcmRate) / rate;
    if (rate != kPcmRate) {
      int err = 0;
      r.state_.reset(src_new(SRC_SINC_MEDIUM_QUALITY, 1, &err));
      if (!r.state_) return fail(Code::Internal, fmt::format("resampler: {}", src_strerror(err)));
    }
    return r;
  }

  Status push(std::span<const float> in, bool last) {
    if (!state_) {
      out_.insert(out_.end(), in.begin(), in.end());
      return ok();
    }
    std::vector<float> buf(static_cast<size_t>(static_cast<double>(in.size()) * ratio_) + 64);
    size_t offset = 0;
    for (;;) {
      SRC_DATA d{};
      d.data_in = in.data() + offset;
      d.input_frames = static_cast<long>(in.size() - offset);
      d.data_out = buf.data();
      d.output_frames = static_cast<long>(buf.size());
      d.end_of_input = last ? 1 : 0;
      d.src_ratio = ratio_;
      if (int err = src_process(state_.get(), &d); err != 0) {
        return fail(Code::Internal, fmt::format("resampler: {}", src_strerror(err)));
      }
      out_.insert(out_.end(), buf.begin(), buf.begin() + d.output_frames_gen);
      offset += static_cast<size_t>(d.input_frames_used);
      bool input_done = offset >= in.size();
      bool stalled = d.input_frames_used == 0 && d.output_frames_gen == 0;
      if (stalled || (input_done && !last)) break;
    }
    return ok();
  }

  std::vector<float>& out() { return out_; }

 private:
  struct Free {
    void operator()(SRC_STATE* s) const { src_delete(s); }
  };
  std::unique_ptr<SRC_STATE, Free> state_;
  double ratio_ = 1.0;
  std::vector<float> out_;
};

Pcm8k toInt16(std::vector<float>& f, double normalize_peak) {
  float gain = 1.0f;
  if (normalize_peak > 0.0) {
    float peak = 0.0f;
    for (float x : f) peak = std::max(peak, std::fabs(x));
    if (peak > 1e-4f) gain = static_cast<float>(std::min(normalize_peak, 1.0)) / peak;
  }
  Pcm8k pcm;
  pcm.samples.resize(f.size());
  for (size_t i = 0; i < f.size(); ++i) {
    // 32768 and not 32767: 16-bit input read as float by libsndfile (x / 32768) comes back
    // bit-exact.
    float v = std::clamp(f[i] * gain * 32768.0f, -32768.0f, 32767.0f);
    pcm.samples[i] = static_cast<int16_t>(std::lrint(v));
  }
  return pcm;
}

// `frames` comes from the file's header and may be anything up to 2^63.
Status checkDuration(int64_t frames, int rate, const UploadLimits& limits) {
  if (frames <= limits.max_duration.count() * rate / 1000) return ok();
  double ms = static_cast<double>(frames) * 1000.0 / rate;
  return fail(Code::Invalid,
              fmt::format("too long: {} > {}", fmtMs(static_cast<int64_t>(std::min(ms, 1e15))),
                          fmtMs(limits.max_duration.count())));
}

Result<Pcm8k> decode(SNDFILE* snd, const SF_INFO& info, const UploadLimits& limits) {
  if (info.channels < 1 || info.channels > kMaxChannels) {
    return fail(Code::Invalid, fmt::format("unsupported channel count: {}", info.channels));
  }
  auto rs = Resampler::make(info.samplerate);
  if (!rs) return rs.error();
  if (info.frames > 0 && info.frames != SF_COUNT_MAX) {
    if (auto st = checkDuration(info.frames, info.samplerate, limits); !st) return st.error();
  }
  const auto ch = static_cast<size_t>(info.channels);
  const int64_t max_frames = limits.max_duration.count() * info.samplerate / 1000;
  std::vector<float> block(static_cast<size_t>(kBlockFrames) * ch);
  std::vector<float> mono(static_cast<size_t>(kBlockFrames));
  int64_t total = 0;
  for (;;) {
    sf_count_t n = sf_readf_float(snd, block.data(), kBlockFrames);
    if (n <= 0) break;
    total += n;
    if (total > max_frames) {
      return fail(Code::Invalid,
                  fmt::format("too long: more than {}", fmtMs(limits.max_duration.count())));
    }
    for (sf_count_t i = 0; i < n; ++i) {
      float sum = 0.0f;
      for (size_t c = 0; c < ch; ++c) sum += sanitize(block[static_cast<size_t>(i) * ch + c]);
      mono[static_cast<size_t>(i)] = sum / static_cast<float>(ch);
    }
    auto st = rs->push(std::span<const float>(mono.data(), static_cast<size_t>(n)), false);
    if (!st) return st.error();
  }
  if (auto st = rs->push({}, true); !st) return st.error();
  Pcm8k pcm = toInt16(rs->out(), limits.normalize_peak);
  if (pcm.samples.empty()) return fail(Code::Invalid, "no audio in the file (0 samples)");
  if (pcm.durationMs() < limits.min_duration.count()) {
    return fail(Code::Invalid, fmt::format("too short: {} < {}", fmtMs(pcm.durationMs()),
                                           fmtMs(limits.min_duration.count())));
  }
  return pcm;
}

uint32_t le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}
uint16_t le16(const uint8_t* p) {
  return static_cast<uint16_t>(static_cast<unsigned>(p[0]) | static_cast<unsigned>(p[1]) << 8);
}

Result<std::vector<uint8_t>> readAll(const std::filesystem::path& path, size_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    Code c = ec == std::errc::no_such_file_or_directory ? Code::NotFound : Code::Unavailable;
    return fail(c, fmt::format("{}: {}", path.string(), ec.message()));
  }
  if (size > max_bytes) {
    return fail(Code::TooLarge, fmt::format("too large: {} bytes > {} bytes", size, max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes(size);
  if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
    return fail(Code::Unavailable, fmt::format("{}: cannot read", path.string()));
  }
  return bytes;
}

}  // namespace

Result<Pcm8k> convertUpload(std::span<const uint8_t> bytes, const UploadLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return fail(Code::TooLarge,
                fmt::format("too large: {} bytes > {} bytes", bytes.size(), limits.max_bytes));
  }
  if (bytes.empty()) return fail(Code::Invalid, "not an audio file: the file is empty");
  auto snd = detail::openMemory(bytes);
  if (!snd) return snd.error();
  return decode((*snd)->get(), (*snd)->info(), limits);
}

Result<Pcm8k> convertUploadFile(const std::filesystem::path& path, const UploadLimits& limits) {
  auto bytes = readAll(path, limits.max_bytes);
  if (!bytes) return bytes.error();
  return convertUpload(*bytes, limits);
}

Result<Pcm8k> resampleTo8k(std::span<const int16_t> mono, int sample_rate) {
  auto rs = Resampler::make(sample_rate);
  if (!rs) return rs.error();
  std::vector<float> f(mono.size());
  std::transform(mono.begin(), mono.end(), f.begin(),
                 [](int16_t s) { return static_cast<float>(s) / 32768.0f; });
  if (auto st = rs->push(f, true); !st) return st.error();
  return toInt16(rs->out(), 0.0);
}

Status writeWav8k(const std::filesystem::path& path, std::span<const int16_t> pcm) {
  auto tmp = path;
  tmp += ".tmp-" + randomHex(6);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(Code::Unavailable, fmt::format("{}: {}", tmp.string(), std::strerror(errno)));
  }
  auto failWith = [&](std::string why) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return fail(Code::Unavailable, fmt::format("{}: {}", path.string(), why));
  };
  SF_INFO info{};
  info.samplerate = kPcmRate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* snd = sf_open_fd(fd, SFM_WRITE, &info, SF_FALSE);
  if (!snd) return failWith("libsndfile cannot write it");
  auto want = static_cast<sf_count_t>(pcm.size());
  sf_count_t wrote = pcm.empty() ? 0 : sf_write_short(snd, pcm.data(), want);
  std::string err = wrote == want ? std::string() : sf_strerror(snd);
  if (sf_close(snd) != 0 && err.empty()) err = "cannot finish the file";
  if (!err.empty()) return failWith(err);
  if (::fsync(fd) != 0) return failWith(std::strerror(errno));
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return fail(Code::Unavailable, fmt::format("{}: {}", path.string(), why));
  }
  return ok();
}

Result<Pcm8k> readWav8k(const std::filesystem::path& path) {
  auto bytes = readAll(path, kMaxStoredBytes);
  if (!bytes) return bytes.error();
  const auto& b = *bytes;
  auto bad = [&](const std::string& why) {
    return fail(Code::Invalid,
                fmt::format("{}: not an 8 kHz mono 16-bit WAV: {}", path.filename().string(), why));
  };
  if (b.size() < 12 || std::memcmp(b.data(), "RIFF", 4) != 0 ||
      std::memcmp(b.data() + 8, "WAVE", 4) != 0) {
    return bad("no RIFF/WAVE header");
  }
  bool fmt_ok = false;
  size_t pos = 12;
  while (pos + 8 <= b.size()) {
    const uint8_t* h = b.data() + pos;
    size_t len = le32(h + 4);
    size_t body = pos + 8;
    if (len > b.size() - body) {
      return bad(fmt::format("chunk '{}' says {} bytes, {} left (truncated)",
                             std::string(reinterpret_cast<const char*>(h), 4), len,
                             b.size() - body));
    }
    if (std::memcmp(h, "fmt ", 4) == 0) {
      if (len < 16) return bad("short fmt chunk");
      const uint8_t* f = b.data() + body;
      if (le16(f) != 1 || le16(f + 2) != 1 || le32(f + 4) != kPcmRate || le16(f + 14) != 16) {
        return bad("other format, rate or channel count");
      }
      fmt_ok = true;
    } else if (std::memcmp(h, "data", 4) == 0) {
      if (!fmt_ok) return bad("data before fmt");
      if (len % 2 != 0) return bad("odd data length");
      Pcm8k pcm;
      pcm.samples.resize(len / 2);
      for (size_t i = 0; i < pcm.samples.size(); ++i) {
        pcm.samples[i] = static_cast<int16_t>(le16(b.data() + body + 2 * i));
      }
      return pcm;
    }
    pos = body + len + (len & 1);
  }
  return bad("no data chunk");
}

}  // namespace hk::media
