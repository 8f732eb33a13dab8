#include "service/call_media.hpp"

namespace hk::service {

namespace fs = std::filesystem;

namespace {

std::string contentTypeOf(const fs::path& p) {
  auto ext = p.extension().string();
  if (ext == ".opus" || ext == ".ogg") return "audio/ogg";
  return "audio/wav";
}

// `p` lies strictly below `dir` (both canonical).
bool below(const fs::path& p, const fs::path& dir) {
  auto d = dir.begin();
  auto i = p.begin();
  for (; d != dir.end(); ++d, ++i) {
    if (i == p.end() || *i != *d) return false;
  }
  return i != p.end();
}

}  // namespace

CallMedia::CallMedia(Calls& calls, fs::path media_dir) : calls_(calls) {
  if (media_dir.empty()) return;
  std::error_code ec;
  media_dir_ = fs::weakly_canonical(fs::absolute(media_dir, ec), ec);
  if (ec) media_dir_.clear();
}

Result<CallAudioFile> CallMedia::resolve(const std::string& stored) const {
  auto none = [] { return Error::notFound("this call has no such audio file"); };
  if (stored.empty() || media_dir_.empty()) return none();
  std::error_code ec;
  fs::path p(stored);
  if (p.is_relative()) p = fs::current_path(ec) / p;
  auto try_one = [&](const fs::path& candidate) -> Result<CallAudioFile> {
    std::error_code e;
    // canonical() resolves symbolic links too: a link out of media.dir is refused.
    fs::path real = fs::canonical(candidate, e);
    if (e || !below(real, media_dir_)) return none();
    if (!fs::is_regular_file(real, e) || e) return none();
    auto size = fs::file_size(real, e);
    if (e) return none();
    return CallAudioFile{real, contentTypeOf(real), size};
  };
  auto found = try_one(p);
  if (!found && p.extension() == ".opus") {
    fs::path wav = p;
    wav.replace_extension(".wav");
    return try_one(wav);
  }
  return found;
}

Result<CallAudioFile> CallMedia::file(store::Tx& tx, const domain::Principal& p,
                                      const std::string& trn_id, CallAudio which) {
  auto r = calls_.get(tx, p, trn_id);
  if (!r) return r.error();
  return resolve(which == CallAudio::Recording ? r->recording : r->voicemail);
}

std::string callAudioUrl(const std::string& trn_id, CallAudio which) {
  return "/api/v1/calls/" + trn_id + (which == CallAudio::Recording ? "/recording" : "/voicemail");
}

}  // namespace hk::service
