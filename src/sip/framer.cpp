#include "sip/framer.hpp"

#include <cstring>

#include "sip/detail/chars.hpp"
#include "sip/header_names.hpp"
#include "sip/scalars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

constexpr std::string_view kPing = "\r\n\r\n";

// Offset just past the empty line ending the header block starting at 0, or npos. The
// search starts at `from` (bytes before it were searched already).
size_t headerBlockEnd(std::string_view s, size_t from) {
  size_t pos = from;
  while (pos < s.size()) {
    const void* nl = std::memchr(s.data() + pos, '\n', s.size() - pos);
    if (!nl) return std::string_view::npos;
    size_t lf = static_cast<size_t>(static_cast<const char*>(nl) - s.data());
    if (lf + 1 < s.size() && s[lf + 1] == '\n') return lf + 2;
    if (lf + 2 < s.size() && s[lf + 1] == '\r' && s[lf + 2] == '\n') return lf + 3;
    pos = lf + 1;
  }
  return std::string_view::npos;
}

// The Content-Length of a header block: its value, or an error when missing, malformed or
// given twice with different values.
hk::Result<uint64_t> contentLength(std::string_view block, uint64_t max) {
  std::optional<uint64_t> found;
  size_t pos = block.find('\n');  // skip the start line
  while (pos != std::string_view::npos && pos + 1 < block.size()) {
    size_t start = pos + 1;
    pos = block.find('\n', start);
    std::string_view line = block.substr(start, pos == std::string_view::npos ? pos : pos - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || line.empty() || detail::isWs(line[0])) continue;
    if (headerId(trim(line.substr(0, colon))) != HeaderId::ContentLength) continue;
    auto v = parseContentLength(line.substr(colon + 1), max);
    if (!v) return v.error();
    if (found && *found != *v) return hk::Error::invalid("conflicting Content-Length headers");
    found = *v;
  }
  if (!found) return hk::Error::invalid("missing Content-Length on a stream");
  return *found;
}

}  // namespace

Framer::Framer(Limits limits, size_t max_buffered)
    : limits_(limits), max_buffered_(max_buffered ? max_buffered : 2 * limits.max_message) {
  limits_.stream = true;
}

hk::Status Framer::feed(std::string_view bytes) {
  if (broken_) return hk::Error::invalid("stream already broken");
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  if (buf_.size() + bytes.size() > max_buffered_) {
    broken_ = true;
    return hk::fail(hk::Code::TooLarge, "too many bytes buffered on the stream");
  }
  buf_.append(bytes);
  return hk::ok();
}

hk::Result<std::optional<std::string_view>> Framer::next() {
  if (broken_) return hk::Error::invalid("stream already broken");
  std::string_view rest = std::string_view(buf_).substr(pos_);
  // Keep-alives: CRLFCRLF pings and CRLF pongs.
  while (!rest.empty() && (rest[0] == '\r' || rest[0] == '\n')) {
    if (rest.size() < kPing.size() && kPing.substr(0, rest.size()) == rest) {
      return std::optional<std::string_view>();  // maybe a ping still arriving
    }
    size_t n = rest.substr(0, kPing.size()) == kPing ? kPing.size()
               : rest.substr(0, 2) == "\r\n"         ? 2
                                                     : 1;
    if (n == kPing.size()) ++pings_;
    pos_ += n;
    rest.remove_prefix(n);
  }
  if (total_ == 0) {
    size_t header_end = headerBlockEnd(rest, scanned_);
    if (header_end == std::string_view::npos) {
      if (rest.size() > limits_.max_message) {
        broken_ = true;
        return hk::fail(hk::Code::TooLarge, "header block larger than the message limit");
      }
      // Resume before the last two bytes: an empty line may straddle the next chunk.
      scanned_ = rest.size() >= 2 ? rest.size() - 2 : 0;
      return std::optional<std::string_view>();
    }
    auto length = contentLength(rest.substr(0, header_end), limits_.max_message);
    if (!length || header_end + *length > limits_.max_message) {
      broken_ = true;
      if (!length) return length.error();
      return hk::fail(hk::Code::TooLarge, "message larger than the limit");
    }
    total_ = header_end + static_cast<size_t>(*length);
  }
  if (rest.size() < total_) return std::optional<std::string_view>();
  std::string_view message = rest.substr(0, total_);
  pos_ += total_;
  total_ = 0;
  scanned_ = 0;
  return std::optional<std::string_view>(message);
}

size_t Framer::takePings() {
  size_t n = pings_;
  pings_ = 0;
  return n;
}

}  // namespace hk::sip
