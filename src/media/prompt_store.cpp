#include "media/prompt_store.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <optional>

#include "base/ids.hpp"
#include "base/log.hpp"
#include "media/detail/utf8.hpp"

namespace hk::media {
namespace {

constexpr size_t kIdBytes = 16;  // 32 hex characters

Status checkName(std::string_view name, size_t max_bytes) {
  if (name.empty()) return fail(Code::Invalid, "name is empty", "name");
  if (name.size() > max_bytes) {
    return fail(Code::Invalid, fmt::format("name too long: {} bytes > {}", name.size(), max_bytes),
                "name");
  }
  bool control = false;
  bool valid = detail::forEachCodePoint(name, [&](char32_t cp, size_t, size_t) {
    control = control || detail::isControlCodePoint(cp);
  });
  if (!valid) return fail(Code::Invalid, "name is not valid UTF-8", "name");
  if (control) return fail(Code::Invalid, "name contains control characters", "name");
  return ok();
}

// The file as it is now; nullopt when it cannot be stat'ed (gone).
std::optional<PromptFileStamp> stampOf(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return PromptFileStamp{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino),
                         static_cast<int64_t>(st.st_size),
                         static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                             static_cast<int64_t>(st.st_mtim.tv_nsec)};
}

}  // namespace

Result<std::unique_ptr<PromptStore>> PromptStore::open(PromptStoreOptions options) {
  if (options.media_dir.empty()) return fail(Code::Invalid, "media dir is not set", "media.dir");
  auto dir = options.media_dir / "prompts";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir, ec)) {
    return fail(Code::Unavailable, fmt::format("cannot create {}: {}", dir.string(),
                                               ec ? ec.message() : "not a directory"));
  }
  return std::unique_ptr<PromptStore>(new PromptStore(std::move(options), std::move(dir)));
}

PromptStore::PromptStore(PromptStoreOptions options, std::filesystem::path dir)
    : options_(std::move(options)), dir_(std::move(dir)) {}

bool PromptStore::isPromptId(std::string_view id) {
  if (id.size() != 2 * kIdBytes) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::filesystem::path PromptStore::pathFor(std::string_view valid_id) const {
  return dir_ / (std::string(valid_id) + ".wav");
}

Result<PromptRef> PromptStore::saveUpload(std::span<const uint8_t> bytes, std::string_view name) {
  if (auto st = checkName(name, options_.max_name_bytes); !st) return st.error();
  auto pcm = convertUpload(bytes, options_.limits);
  if (!pcm) return pcm.error();
  return savePcm(*pcm, name);
}

Result<PromptRef> PromptStore::savePcm(const Pcm8k& pcm, std::string_view name) {
  if (auto st = checkName(name, options_.max_name_bytes); !st) return st.error();
  if (pcm.samples.empty()) return fail(Code::Invalid, "no audio");
  std::string id = randomHex(kIdBytes);
  if (auto st = writeWav8k(pathFor(id), pcm.samples); !st) return st.error();
  if (auto stamp = stampOf(pathFor(id))) {
    remember(id, std::make_shared<const std::vector<int16_t>>(pcm.samples), *stamp);
  }
  HK_LOG_INFO(log::get("media"), "prompt saved id={} ms={}", id, pcm.durationMs());
  return PromptRef{id, std::string(name), pcm.durationMs(), pcm.samples.size()};
}

Result<PcmBuffer> PromptStore::load(std::string_view id) {
  if (!isPromptId(id)) return fail(Code::Invalid, "not a prompt id", "id");
  std::string key(id);
  auto path = pathFor(id);
  // Before reading: a file replaced after this stat is cached with the old stamp and read
  // again next time, never the other way round.
  auto stamp = stampOf(path);
  {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      if (stamp && it->second->second.stamp == *stamp) {
        lru_.splice(lru_.begin(), lru_, it->second);
        return it->second->second.pcm;
      }
      forgetLocked(key);  // removed or replaced, maybe through another store
    }
  }
  auto pcm = readWav8k(path);
  if (!pcm) {
    if (pcm.error().code == Code::NotFound) {
      return fail(Code::NotFound, fmt::format("no prompt {}", id));
    }
    return fail(Code::Internal, fmt::format("prompt {} is damaged: {}", id, pcm.error().message));
  }
  auto buf = std::make_shared<const std::vector<int16_t>>(std::move(pcm->samples));
  if (stamp) remember(key, buf, *stamp, /*only_if_unchanged=*/true);
  return buf;
}

Status PromptStore::remove(std::string_view id) {
  if (!isPromptId(id)) return fail(Code::Invalid, "not a prompt id", "id");
  // Under the lock, so that a load() that read the file just before cannot cache it again.
  std::lock_guard lock(mu_);
  forgetLocked(std::string(id));
  std::error_code ec;
  bool removed = std::filesystem::remove(pathFor(id), ec);
  if (ec) {
    return fail(Code::Unavailable, fmt::format("cannot remove prompt {}: {}", id, ec.message()));
  }
  if (!removed) return fail(Code::NotFound, fmt::format("no prompt {}", id));
  return ok();
}

void PromptStore::remember(const std::string& id, PcmBuffer pcm, const PromptFileStamp& stamp,
                           bool only_if_unchanged) {
  size_t bytes = pcm->size() * sizeof(int16_t);
  if (bytes > options_.cache_bytes) return;
  std::lock_guard lock(mu_);
  if (only_if_unchanged && stampOf(pathFor(id)) != stamp) return;
  forgetLocked(id);
  lru_.emplace_front(id, Cached{std::move(pcm), stamp});
  index_.emplace(id, lru_.begin());
  cached_bytes_ += bytes;
  while (cached_bytes_ > options_.cache_bytes && !lru_.empty()) {
    auto& last = lru_.back();
    cached_bytes_ -= last.second.pcm->size() * sizeof(int16_t);
    index_.erase(last.first);
    lru_.pop_back();
  }
}

void PromptStore::forgetLocked(const std::string& id) {
  if (auto it = index_.find(id); it != index_.end()) {
    cached_bytes_ -= it->second->second.pcm->size() * sizeof(int16_t);
    lru_.erase(it->second);
    index_.erase(it);
  }
}

size_t PromptStore::cachedCountForTest() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

size_t PromptStore::cachedBytesForTest() const {
  std::lock_guard lock(mu_);
  return cached_bytes_;
}

}  // namespace hk::media
