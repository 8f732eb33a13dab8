#pragma once
// libsndfile over a memory buffer (its virtual I/O API), for uploads that never touch the
// disk before they are known to be audio.
#include <sndfile.h>

#include <cstdint>
#include <memory>
#include <span>

#include "base/result.hpp"

namespace hk::media::detail {

class SndMemoryFile {
 public:
  explicit SndMemoryFile(std::span<const uint8_t> bytes);
  ~SndMemoryFile();
  SndMemoryFile(const SndMemoryFile&) = delete;
  SndMemoryFile& operator=(const SndMemoryFile&) = delete;

  SNDFILE* get() const { return snd_; }
  const SF_INFO& info() const { return info_; }

  // The virtual I/O callbacks' state; public for them only.
  struct Cursor {
    std::span<const uint8_t> bytes;
    sf_count_t pos = 0;
  };

 private:
  friend Result<std::unique_ptr<SndMemoryFile>> openMemory(std::span<const uint8_t> bytes);
  Cursor cursor_;
  SF_INFO info_{};
  SNDFILE* snd_ = nullptr;
};

// Errors: Invalid "not an audio file libsndfile can read: <its message>". The buffer must
// outlive the returned file.
Result<std::unique_ptr<SndMemoryFile>> openMemory(std::span<const uint8_t> bytes);

}  // namespace hk::media::detail
