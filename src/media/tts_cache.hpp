#pragma once
// Synthesised audio is made once and kept on disk: <dir>/<key>.wav (8 kHz), key = BLAKE2b of
// (text, voice, speed, engine version), so a change to any of them makes a new file. Two
// requests for the same key at once synthesise once: the second waits for the first. A
// cache file that does not read back (damaged, truncated) is made again. Blocking, like
// Synthesizer: run it on a WorkerPool.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "media/tts.hpp"

namespace hk::media {

struct TtsClip {
  std::string key;
  std::filesystem::path path;                       // the cached WAV
  std::shared_ptr<const std::vector<int16_t>> pcm;  // 8 kHz mono, what the player plays
  bool from_disk = false;                           // no synthesis was needed
};

class TtsCache {
 public:
  // `dir` is created when the first file is written. `synth` must outlive the cache.
  TtsCache(std::filesystem::path dir, Synthesizer& synth);

  // Errors: those of normalizeRequest and of the synthesiser. A file that cannot be
  // written is logged and the audio still returned.
  Result<TtsClip> get(const TtsRequest& request);

  // The key of a request that has been through normalizeRequest: 64 hex characters.
  static std::string key(const TtsRequest& normalized, std::string_view engine_version);

  const std::filesystem::path& dir() const { return dir_; }
  size_t waitingForTest() const { return waiting_.load(); }

 private:
  Result<TtsClip> produce(const TtsRequest& req, const std::string& key);

  std::filesystem::path dir_;
  Synthesizer& synth_;
  std::mutex mu_;
  std::map<std::string, std::shared_future<Result<TtsClip>>> in_flight_;
  std::atomic<size_t> waiting_{0};
};

}  // namespace hk::media
