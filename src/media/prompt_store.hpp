#pragma once
// Where prompts (guidance, IVR menus, voicemail greetings) live: <media_dir>/prompts/<id>.wav
// at 8 kHz, plus a small in-memory LRU of decoded buffers, bounded in bytes, that the player
// consumes. Ids are generated here (32 lowercase hex characters) and checked before any path
// is built: nothing a user sends ever becomes part of a path. Prompt names and ownership are
// business data and live in the database; this store only keeps the audio. Thread-safe;
// file I/O blocks, so call it from a worker pool (load() of a cached prompt costs one stat).
//
// hankyod opens one store (app::Server) that its API (uploads, HTTP threads) and its calls
// (loads, media worker pool) share. Several stores may still serve one folder (other
// processes): a cached prompt is played only while its file is the one that was read (same
// inode, size and modification time), so a prompt removed or replaced through any of them,
// or by hand, is not played again from another's cache.
#include <cstdint>
#include <filesystem>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "media/audio_file.hpp"

namespace hk::media {

using PcmBuffer = std::shared_ptr<const std::vector<int16_t>>;

struct PromptRef {
  std::string id;
  std::string name;  // as given, for the caller to store; never used in a path
  int64_t duration_ms = 0;
  size_t samples = 0;
};

// Which file a cached buffer was read from (stat(2)); a rename over it or a rewrite changes it.
struct PromptFileStamp {
  uint64_t device = 0;
  uint64_t inode = 0;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const PromptFileStamp&) const = default;
};

struct PromptStoreOptions {
  std::filesystem::path media_dir;
  size_t cache_bytes = 64u << 20;  // decoded PCM kept in memory
  UploadLimits limits;             // for saveUpload
  size_t max_name_bytes = 200;
};

class PromptStore {
 public:
  // Creates <media_dir>/prompts if needed. Errors: Unavailable (cannot create it).
  static Result<std::unique_ptr<PromptStore>> open(PromptStoreOptions options);

  // Converts an upload (any format convertUpload reads) and stores it under a new id.
  // Nothing is written when the upload is refused. Errors: those of convertUpload; Invalid
  // (field "name") for an empty, too long, non-UTF-8 or control-character name; Unavailable
  // (disk).
  Result<PromptRef> saveUpload(std::span<const uint8_t> bytes, std::string_view name);
  // Stores audio already at 8 kHz (TTS output).
  Result<PromptRef> savePcm(const Pcm8k& pcm, std::string_view name);

  // The cached buffer while its file is unchanged, else the file read again. Errors:
  // Invalid (not a prompt id), NotFound (also: removed since it was cached), Internal (the
  // file is damaged).
  Result<PcmBuffer> load(std::string_view id);
  // Players that hold the buffer keep it. Errors: Invalid, NotFound, Unavailable.
  Status remove(std::string_view id);

  static bool isPromptId(std::string_view id);
  std::filesystem::path pathFor(std::string_view valid_id) const;

  size_t cachedCountForTest() const;
  size_t cachedBytesForTest() const;

 private:
  explicit PromptStore(PromptStoreOptions options, std::filesystem::path dir);
  struct Cached {
    PcmBuffer pcm;
    PromptFileStamp stamp;
  };
  using Lru = std::list<std::pair<std::string, Cached>>;
  // Caches `pcm` read from the file `stamp` describes; with only_if_unchanged, only while
  // the file still is that one (a remove() may have run since it was read).
  void remember(const std::string& id, PcmBuffer pcm, const PromptFileStamp& stamp,
                bool only_if_unchanged = false);
  void forgetLocked(const std::string& id);

  PromptStoreOptions options_;
  std::filesystem::path dir_;
  mutable std::mutex mu_;
  // Most recently used first.
  Lru lru_;
  std::map<std::string, Lru::iterator, std::less<>> index_;
  size_t cached_bytes_ = 0;
};

}  // namespace hk::media
