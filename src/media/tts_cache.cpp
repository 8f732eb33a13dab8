#include "media/tts_cache.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <exception>

#include "base/log.hpp"

namespace hk::media {
namespace {

void hashField(crypto_generichash_state& st, std::string_view field) {
  uint64_t len = field.size();
  unsigned char prefix[8];
  for (int i = 0; i < 8; ++i) prefix[i] = static_cast<unsigned char>(len >> (8 * i));
  crypto_generichash_update(&st, prefix, sizeof prefix);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(field.data()),
                            field.size());
}

TtsClip makeClip(const std::string& key, const std::filesystem::path& path, Pcm8k pcm,
                 bool from_disk) {
  return TtsClip{key, path, std::make_shared<const std::vector<int16_t>>(std::move(pcm.samples)),
                 from_disk};
}

}  // namespace

TtsCache::TtsCache(std::filesystem::path dir, Synthesizer& synth)
    : dir_(std::move(dir)), synth_(synth) {}

std::string TtsCache::key(const TtsRequest& normalized, std::string_view engine_version) {
  static const bool sodium_ready = sodium_init() >= 0;
  (void)sodium_ready;
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, crypto_generichash_BYTES);
  hashField(st, "hankyo-tts-v1");
  hashField(st, normalized.text);
  hashField(st, normalized.voice);
  hashField(st, fmt::format("{}", normalized.speed));  // shortest exact form of the double
  hashField(st, engine_version);
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash_final(&st, digest, sizeof digest);
  char hex[2 * crypto_generichash_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Result<TtsClip> TtsCache::get(const TtsRequest& request) {
  auto req = normalizeRequest(request);
  if (!req) return req.error();
  std::string k = key(*req, synth_.engineVersion(req->voice));

  std::promise<Result<TtsClip>> promise;
  {
    std::unique_lock lock(mu_);
    if (auto it = in_flight_.find(k); it != in_flight_.end()) {
      auto fut = it->second;
      lock.unlock();
      ++waiting_;
      Result<TtsClip> r = fut.get();
      --waiting_;
      return r;
    }
    in_flight_.emplace(k, promise.get_future().share());
  }
  Result<TtsClip> r = fail(Code::Internal, "tts cache: no result");
  try {
    r = produce(*req, k);
  } catch (const std::exception& e) {
    r = fail(Code::Internal, fmt::format("tts: {}", e.what()));
  }
  promise.set_value(r);
  std::lock_guard lock(mu_);
  in_flight_.erase(k);
  return r;
}

Result<TtsClip> TtsCache::produce(const TtsRequest& req, const std::string& key) {
  static auto lg = log::get("media");
  auto path = dir_ / (key + ".wav");
  auto disk = readWav8k(path);
  if (disk && !disk->samples.empty()) return makeClip(key, path, std::move(*disk), true);
  if (disk || disk.error().code != Code::NotFound) {
    HK_LOG_WARN(lg, "tts cache: {} unreadable ({}), making it again", path.string(),
                disk ? "empty" : disk.error().message);
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  auto pcm = synth_.synthesize(req);
  if (!pcm) return pcm.error();
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (auto st = writeWav8k(path, pcm->samples); !st) {
    HK_LOG_WARN(lg, "tts cache: cannot store {}: {}", path.string(), st.error().message);
  }
  return makeClip(key, path, std::move(*pcm), false);
}

}  // namespace hk::media
