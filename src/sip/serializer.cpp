// Message serialization: start line, headers in order with their long names, one
// Content-Length recomputed from the body, blank line, body.
#include <charconv>

#include "sip/message.hpp"

namespace hk::sip {
namespace {

void appendNumber(std::string& out, uint64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<size_t>(res.ptr - buf));
}

void appendContentLength(std::string& out, size_t body_size) {
  out.append("Content-Length: ");
  appendNumber(out, body_size);
  out.append("\r\n");
}

}  // namespace

void Message::appendTo(std::string& out) const {
  size_t size = method_.size() + uri_.size() + reason_.size() + body_.size() + 64;
  for (const Header& h : headers_) size += h.name.size() + h.value.size() + 4;
  out.reserve(out.size() + size);

  if (is_request_) {
    out.append(method_).append(" ").append(uri_).append(" SIP/2.0\r\n");
  } else {
    out.append("SIP/2.0 ");
    appendNumber(out, static_cast<uint64_t>(status_ < 0 ? 0 : status_));
    out.append(" ").append(reason_).append("\r\n");
  }
  bool length_written = false;
  for (const Header& h : headers_) {
    if (h.id == HeaderId::ContentLength) {
      if (!length_written) appendContentLength(out, body_.size());
      length_written = true;
      continue;
    }
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  if (!length_written) appendContentLength(out, body_.size());
  out.append("\r\n");
  out.append(body_);
}

std::string Message::toString() const {
  std::string out;
  appendTo(out);
  return out;
}

}  // namespace hk::sip
