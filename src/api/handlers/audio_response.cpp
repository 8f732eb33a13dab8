#include "api/handlers/audio_response.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <optional>

#include "api/problem.hpp"

namespace hk::api {

namespace {

struct ByteRange {
  uintmax_t first = 0, last = 0;  // inclusive
};

std::optional<uintmax_t> number(std::string_view s) {
  uintmax_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// nullopt: no usable Range (the whole file is sent); a range with first > last: unsatisfiable.
std::optional<ByteRange> parseRange(std::string_view h, uintmax_t size) {
  if (!h.starts_with("bytes=")) return std::nullopt;
  h.remove_prefix(6);
  if (h.find(',') != std::string_view::npos) return std::nullopt;  // one range only
  auto dash = h.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto a = h.substr(0, dash), b = h.substr(dash + 1);
  ByteRange r;
  if (a.empty()) {  // the last n bytes
    auto n = number(b);
    if (!n) return std::nullopt;
    if (*n == 0 || size == 0) return ByteRange{1, 0};
    r.first = *n >= size ? 0 : size - *n;
    r.last = size - 1;
    return r;
  }
  auto first = number(a);
  if (!first) return std::nullopt;
  if (*first >= size) return ByteRange{1, 0};
  r.first = *first;
  r.last = size - 1;
  if (!b.empty()) {
    auto last = number(b);
    if (!last || *last < *first) return std::nullopt;
    r.last = std::min(*last, size - 1);
  }
  return r;
}

}  // namespace

Response fileResponse(const Request& req, const std::filesystem::path& path,
                      const std::string& content_type) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) return problem(404, "the audio file is gone");
  Response r;
  r.content_type = content_type;
  r.headers.set("Accept-Ranges", "bytes");
  uintmax_t first = 0, count = size;
  if (auto range = parseRange(req.header("Range"), size)) {
    if (range->first > range->last) {
      Response bad = problem(416, "the range lies outside the file");
      bad.headers.set("Content-Range", fmt::format("bytes */{}", size));
      return bad;
    }
    first = range->first;
    count = range->last - range->first + 1;
    r.status = 206;
    r.headers.set("Content-Range", fmt::format("bytes {}-{}/{}", range->first, range->last, size));
  }
  r.body.resize(static_cast<size_t>(count));
  in.seekg(static_cast<std::streamoff>(first));
  in.read(r.body.data(), static_cast<std::streamsize>(count));
  if (static_cast<uintmax_t>(in.gcount()) != count) return problem(500, "reading the audio failed");
  return r;
}

}  // namespace hk::api
