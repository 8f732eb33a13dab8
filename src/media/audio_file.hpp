#pragma once
// Uploaded audio -> what playback uses: 8 kHz, 16-bit, mono linear PCM (the rate of
// rtp::kSampleRate). convertUpload() reads anything libsndfile reads (WAV in every PCM/float/
// A-law/µ-law flavour, AIFF, FLAC, Ogg/Vorbis/Opus, MP3...) from memory, mixes to mono,
// resamples with libsamplerate and clips to int16. Uploads are untrusted: every failure is a
// Result with a reason, never a throw or a crash. Nothing here touches the disk except
// writeWav8k/readWav8k (the storage format of prompts and TTS output).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "base/result.hpp"

namespace hk::media {

inline constexpr int kPcmRate = 8000;            // == rtp::kSampleRate
inline constexpr size_t kPcmFrameSamples = 160;  // 20 ms, == rtp::kFrameSamples

struct Pcm8k {
  std::vector<int16_t> samples;  // 8 kHz mono
  int64_t durationMs() const { return static_cast<int64_t>(samples.size()) * 1000 / kPcmRate; }
};

struct UploadLimits {
  size_t max_bytes = 20 * 1024 * 1024;
  std::chrono::milliseconds max_duration{10 * 60 * 1000};
  // Shorter audio is refused ("too short"); an empty file always is.
  std::chrono::milliseconds min_duration{20};
  // 0: keep the levels. Otherwise scale so that the loudest sample is this fraction of full
  // scale (0.891 = -1 dBFS); near-silent audio (peak below -80 dBFS) is left alone.
  double normalize_peak = 0.0;
};

// Errors: TooLarge (more than max_bytes), Invalid ("not an audio file libsndfile can read:
// ...", "too long: 612 s > 600 s", "too short: ...", unsupported rate/channels), NotFound
// (path variant, no such file). A truncated file (header announces more than there is)
// gives its readable part, as players do: streaming recorders often leave the sizes wrong.
Result<Pcm8k> convertUpload(std::span<const uint8_t> bytes, const UploadLimits& limits = {});
Result<Pcm8k> convertUploadFile(const std::filesystem::path& path, const UploadLimits& limits = {});

// Mono 16-bit PCM at any rate (what a TTS engine returns) -> 8 kHz.
Result<Pcm8k> resampleTo8k(std::span<const int16_t> mono, int sample_rate);

// Writes a 16-bit 8 kHz mono WAV atomically (a temporary file in the same folder, fsync,
// rename): readers see the old file or the whole new one, never half of it.
Status writeWav8k(const std::filesystem::path& path, std::span<const int16_t> pcm);
// Reads a file written by writeWav8k, strictly: anything else (another rate or format, a
// data chunk longer than the file, garbage) is an error, so a damaged file is noticed.
Result<Pcm8k> readWav8k(const std::filesystem::path& path);

}  // namespace hk::media
