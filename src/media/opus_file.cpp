#include "media/opus_file.hpp"

#include <fmt/format.h>
#include <opus/opusenc.h>
#include <sndfile.h>

#include <fstream>
#include <memory>
#include <vector>

namespace hk::media {

namespace fs = std::filesystem;

namespace {

struct SndCloser {
  void operator()(SNDFILE* f) const { sf_close(f); }
};
struct EncCloser {
  void operator()(OggOpusEnc* e) const { ope_encoder_destroy(e); }
};
struct CommentsCloser {
  void operator()(OggOpusComments* c) const { ope_comments_destroy(c); }
};

uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
int64_t le64(const uint8_t* p) {
  return static_cast<int64_t>(uint64_t{le32(p)} | uint64_t{le32(p + 4)} << 32);
}

}  // namespace

Status encodeOpusFile(const fs::path& wav, const fs::path& opus, const OpusOptions& o) {
  std::error_code ec;
  if (!fs::is_regular_file(wav, ec)) return Error::notFound("no such file: " + wav.string());
  SF_INFO info{};
  std::unique_ptr<SNDFILE, SndCloser> in(sf_open(wav.c_str(), SFM_READ, &info));
  if (!in) {
    return fail(Code::Invalid, fmt::format("{}: not audio libsndfile can read: {}", wav.string(),
                                           sf_strerror(nullptr)));
  }
  if (info.channels < 1 || info.channels > 2) {
    return fail(Code::Invalid,
                fmt::format("{}: {} channels (1 or 2 expected)", wav.string(), info.channels));
  }
  if (info.samplerate < 8000 || info.samplerate > 192000) {
    return fail(Code::Invalid, fmt::format("{}: sample rate {}", wav.string(), info.samplerate));
  }
  fs::path tmp = opus;
  tmp += ".part";
  std::unique_ptr<OggOpusComments, CommentsCloser> comments(ope_comments_create());
  if (!comments) return Error::internal("opus: cannot make the comments");
  (void)ope_comments_add(comments.get(), "ENCODER", "hankyo");
  int err = OPE_OK;
  std::unique_ptr<OggOpusEnc, EncCloser> enc(ope_encoder_create_file(
      tmp.c_str(), comments.get(), info.samplerate, info.channels, 0, &err));
  if (!enc || err != OPE_OK) {
    fs::remove(tmp, ec);
    return fail(Code::Unavailable,
                fmt::format("opus: cannot write {}: {}", tmp.string(), ope_strerror(err)));
  }
  int bitrate = o.bitrate > 0 ? o.bitrate : 24000 * info.channels;
  (void)ope_encoder_ctl(enc.get(), OPUS_SET_BITRATE(bitrate));
  (void)ope_encoder_ctl(enc.get(), OPUS_SET_COMPLEXITY(o.complexity));
  constexpr sf_count_t kFrames = 4096;
  std::vector<int16_t> buf(static_cast<size_t>(kFrames * info.channels));
  auto failed = [&](std::string why) -> Status {
    enc.reset();
    std::error_code e;
    fs::remove(tmp, e);
    return Error::internal("opus: " + why);
  };
  for (;;) {
    sf_count_t got = sf_readf_short(in.get(), buf.data(), kFrames);
    if (got <= 0) break;
    err = ope_encoder_write(enc.get(), buf.data(), static_cast<int>(got));
    if (err != OPE_OK) return failed(ope_strerror(err));
  }
  err = ope_encoder_drain(enc.get());
  if (err != OPE_OK) return failed(ope_strerror(err));
  enc.reset();  // closes the file
  fs::rename(tmp, opus, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return fail(Code::Unavailable, fmt::format("opus: cannot rename to {}", opus.string()));
  }
  return ok();
}

Result<OpusInfo> readOpusInfo(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Error::notFound("no such file: " + path.string());
  std::vector<uint8_t> data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  OpusInfo out;
  bool head = false, any = false;
  size_t pos = 0;
  // Ogg pages (RFC 3533): "OggS", version, flags, granule (64-bit LE), serial, sequence, CRC,
  // segment count, segment table, then the segments.
  while (pos + 27 <= data.size()) {
    const uint8_t* p = data.data() + pos;
    if (p[0] != 'O' || p[1] != 'g' || p[2] != 'g' || p[3] != 'S' || p[4] != 0) {
      return fail(Code::Invalid, "not an Ogg stream");
    }
    size_t nseg = p[26];
    if (pos + 27 + nseg > data.size()) return fail(Code::Invalid, "truncated Ogg page");
    size_t body = 0;
    for (size_t i = 0; i < nseg; ++i) body += p[27 + i];
    size_t start = pos + 27 + nseg;
    if (start + body > data.size()) return fail(Code::Invalid, "truncated Ogg page");
    if (!any) {
      const uint8_t* h = data.data() + start;
      if (body < 19 || std::string_view(reinterpret_cast<const char*>(h), 8) != "OpusHead") {
        return fail(Code::Invalid, "the first packet is not OpusHead");
      }
      out.channels = h[9];
      out.pre_skip = le16(h + 10);
      out.input_rate = le32(h + 12);
      head = true;
    }
    any = true;
    int64_t granule = le64(p + 6);
    if (granule != -1) out.granule = granule;
    pos = start + body;
  }
  if (!head) return fail(Code::Invalid, "no Ogg/Opus header");
  out.duration_ms = std::max<int64_t>(0, out.granule - out.pre_skip) / 48;
  return out;
}

}  // namespace hk::media
