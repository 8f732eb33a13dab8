#pragma once
// Recordings to Ogg/Opus after the call (media.recording_format = opus): encodeOpusFile()
// reads a finished WAV (16-bit PCM, mono or stereo, any rate: recordings are 8 kHz) with
// libsndfile and writes an Ogg/Opus file with libopusenc, atomically (a temporary file
// beside it, then a rename). Blocking work: run it on a worker, never on an event loop.
// readOpusInfo() reads what a player shows: channels, input rate and the length from the
// last page's granule position (48 kHz samples, minus the pre-skip).
#include <cstdint>
#include <filesystem>

#include "base/result.hpp"

namespace hk::media {

struct OpusOptions {
  int bitrate = 0;  // bits/s for all channels; 0: 24000 per channel
  int complexity = 5;
};

// Errors: NotFound (no such WAV), Invalid (not audio libsndfile reads, more than 2
// channels), Unavailable (the output cannot be written), Internal (the encoder failed).
// Nothing is left at `opus` on failure.
Status encodeOpusFile(const std::filesystem::path& wav, const std::filesystem::path& opus,
                      const OpusOptions& o = {});

struct OpusInfo {
  int channels = 0;
  int64_t input_rate = 0;  // as the header says (the rate of the source)
  int pre_skip = 0;        // 48 kHz samples
  int64_t granule = 0;     // of the last page
  int64_t duration_ms = 0;
};
// Errors: NotFound, Invalid (not Ogg/Opus: no OggS page, no OpusHead, a short file).
Result<OpusInfo> readOpusInfo(const std::filesystem::path& path);

}  // namespace hk::media
