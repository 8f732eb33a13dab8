#include "sip/parser.hpp"

#include <cstring>

#include "sip/detail/chars.hpp"
#include "sip/detail/message_parser.hpp"
#include "sip/scalars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace detail {
namespace {

// "SIP/" 1*DIGIT "." 1*DIGIT, "SIP" in any case.
bool isSipVersion(std::string_view v) {
  if (v.size() < 7 || !iequals(v.substr(0, 4), "SIP/")) return false;
  std::string_view num = v.substr(4);
  size_t dot = num.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 == num.size()) return false;
  for (size_t i = 0; i < num.size(); ++i) {
    if (i != dot && !isDigit(num[i])) return false;
  }
  return true;
}

bool isSip20(std::string_view v) { return isSipVersion(v) && v.substr(4) == "2.0"; }

}  // namespace

MessageParser::MessageParser(std::string_view data, const Limits& limits)
    : data_(data), limits_(limits) {}

void MessageParser::fail(hk::Error e, int status) {
  if (!error_) {
    error_ = std::move(e);
    status_ = status;
  }
}

void MessageParser::failDrop(hk::Error e) {
  fail(std::move(e), 0);
  drop_ = true;
}

bool MessageParser::parseStartLine(std::string_view line) {
  if (line.find('\r') != std::string_view::npos) {
    failDrop(hk::Error::invalid("bare CR in the start line", "start-line"));
    return false;
  }
  if (line.size() >= 4 && iequals(line.substr(0, 4), "SIP/")) return parseStatusLine(line);
  return parseRequestLine(line);
}

bool MessageParser::parseRequestLine(std::string_view line) {
  size_t sp1 = line.find(' ');
  if (sp1 == 0 || sp1 == std::string_view::npos || !isToken(line.substr(0, sp1))) {
    failDrop(hk::Error::invalid("not a SIP request line", "start-line"));
    return false;
  }
  std::string_view tail = line.substr(sp1 + 1);
  size_t end = tail.size();
  while (end > 0 && isWs(tail[end - 1])) --end;
  bool trailing_ws = end != tail.size();
  tail = tail.substr(0, end);
  size_t sp2 = tail.rfind(' ');
  if (sp2 == std::string_view::npos || !isSipVersion(tail.substr(sp2 + 1))) {
    failDrop(hk::Error::invalid("not a SIP request line", "start-line"));
    return false;
  }
  msg_.is_request_ = true;
  msg_.method_ = line.substr(0, sp1);
  msg_.uri_ = tail.substr(0, sp2);
  if (!isSip20(tail.substr(sp2 + 1))) {
    fail(hk::Error::invalid("SIP version not supported", "start-line"), 505);
  } else if (trailing_ws || msg_.uri_.empty() ||
             msg_.uri_.find_first_of(" \t") != std::string_view::npos) {
    fail(hk::Error::invalid("bad Request-Line whitespace", "start-line"));
  }
  return true;
}

bool MessageParser::parseStatusLine(std::string_view line) {
  size_t sp1 = line.find(' ');
  std::string_view version = line.substr(0, sp1);
  if (!isSip20(version) || sp1 == std::string_view::npos) {
    failDrop(hk::Error::invalid("bad Status-Line", "start-line"));
    return false;
  }
  std::string_view rest = line.substr(sp1 + 1);
  size_t sp2 = rest.find(' ');
  std::string_view code = rest.substr(0, sp2);
  uint64_t status = 0;
  if (code.size() != 3 || parseNumber(code, 699, status) != NumberStatus::Ok || status < 100) {
    failDrop(hk::Error::invalid("bad status code", "start-line"));
    return false;
  }
  msg_.is_request_ = false;
  msg_.status_ = static_cast<int>(status);
  msg_.reason_ = sp2 == std::string_view::npos ? std::string_view() : rest.substr(sp2 + 1);
  return true;
}

bool MessageParser::finishHeader(Pending& pending) {
  if (!pending.active) return true;
  pending.active = false;
  if (msg_.headers_.size() >= limits_.max_headers) {
    failDrop(hk::fail(hk::Code::TooLarge, "too many header fields").error);
    return false;
  }
  Header h;
  h.id = headerId(pending.name);
  h.name = h.id == HeaderId::Unknown ? pending.name : canonicalName(h.id);
  h.value =
      trim(std::string_view(buf_ + pending.value_start, pending.value_end - pending.value_start));
  msg_.headers_.push_back(h);
  return true;
}

bool MessageParser::headerLine(size_t start, size_t end, Pending& pending) {
  std::string_view line(buf_ + start, end - start);
  if (line.find('\r') != std::string_view::npos) {
    fail(hk::Error::invalid("bare CR in a header line"));
  }
  if (isWs(line[0])) {  // folded continuation: join with spaces
    if (!pending.active) {
      fail(hk::Error::invalid("continuation line before any header"));
      return true;
    }
    std::memset(buf_ + pending.value_end, ' ', start - pending.value_end);
    pending.value_end = end;
  } else {
    if (!finishHeader(pending)) return false;
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? line : trim(line.substr(0, colon));
    if (colon == std::string_view::npos || !isToken(name)) {
      fail(hk::Error::invalid(colon == std::string_view::npos ? "header line without ':'"
                                                              : "bad header name"));
      return true;
    }
    pending = Pending{start, start + colon + 1, end, name, true};
  }
  if (end - pending.line_start > limits_.max_header_line) {
    failDrop(hk::fail(hk::Code::TooLarge, "header field too long").error);
    return false;
  }
  return true;
}

size_t MessageParser::parseHeaders(size_t pos) {
  Pending pending;
  while (pos < size_) {
    const void* nl = std::memchr(buf_ + pos, '\n', size_ - pos);
    size_t lf = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buf_) : size_;
    size_t end = (lf > pos && buf_[lf - 1] == '\r') ? lf - 1 : lf;
    if (end == pos && nl) {  // empty line: end of the header block
      return finishHeader(pending) ? lf + 1 : std::string_view::npos;
    }
    if (end > pos && !headerLine(pos, end, pending)) return std::string_view::npos;
    pos = lf + 1;
  }
  finishHeader(pending);
  fail(hk::Error::invalid("header block not terminated by an empty line"));
  return std::string_view::npos;
}

void MessageParser::parseBody(size_t body_start) {
  size_t avail = size_ - body_start;
  std::string_view rest(buf_ + body_start, avail);
  size_t count = msg_.headerCount(HeaderId::ContentLength);
  if (count == 0) {
    if (limits_.stream) fail(hk::Error::invalid("missing Content-Length", "Content-Length"));
    msg_.body_ = rest;
    return;
  }
  if (count > 1) fail(hk::Error::invalid("multiple Content-Length headers", "Content-Length"));
  auto cl = parseContentLength(*msg_.header(HeaderId::ContentLength), limits_.max_message);
  if (!cl) {
    fail(hk::Error::invalid(cl.error().message, "Content-Length"));
    msg_.body_ = rest;
  } else if (*cl > avail) {
    fail(hk::Error::invalid("Content-Length larger than the body", "Content-Length"));
    msg_.body_ = rest;
  } else {
    if (limits_.stream && *cl < avail) {
      fail(hk::Error::invalid("bytes after the body", "Content-Length"));
    }
    msg_.body_ = rest.substr(0, *cl);
  }
}

hk::Result<Message> MessageParser::run(ParseFailure* failure) {
  if (data_.size() > limits_.max_message) {
    return hk::fail(hk::Code::TooLarge, "message larger than the limit");
  }
  std::shared_ptr<char[]> chunk = std::make_shared_for_overwrite<char[]>(data_.size() + 1);
  std::memcpy(chunk.get(), data_.data(), data_.size());
  msg_.chunks_.push_back(chunk);
  buf_ = chunk.get();
  size_ = data_.size();
  msg_.headers_.reserve(24);

  size_t pos = 0;
  while (pos < size_ && (buf_[pos] == '\r' || buf_[pos] == '\n')) ++pos;
  const void* nl = pos < size_ ? std::memchr(buf_ + pos, '\n', size_ - pos) : nullptr;
  if (!nl) return hk::Error::invalid("no start line");
  size_t lf = static_cast<size_t>(static_cast<const char*>(nl) - buf_);
  size_t end = (lf > pos && buf_[lf - 1] == '\r') ? lf - 1 : lf;
  if (!parseStartLine(std::string_view(buf_ + pos, end - pos))) return *error_;

  size_t body = parseHeaders(lf + 1);
  if (body != std::string_view::npos) parseBody(body);
  if (!drop_) validate();
  if (!error_) return std::move(msg_);

  if (failure) {
    // An ACK is never answered (RFC 3261 §17.2.1): a malformed one is only dropped.
    bool respond =
        !drop_ && msg_.is_request_ && mandatory_ok_ && status_ != 0 && msg_.method_ != "ACK";
    failure->status = respond ? status_ : 0;
    failure->reason = !respond         ? std::string()
                      : status_ == 505 ? std::string("Version Not Supported")
                                       : "Bad Request (" + error_->message + ")";
    if (respond) failure->request = std::move(msg_);
  }
  return *error_;
}

}  // namespace detail

hk::Result<Message> parseMessage(std::string_view data, const Limits& limits,
                                 ParseFailure* failure) {
  if (failure) *failure = ParseFailure{};
  detail::MessageParser parser(data, limits);
  return parser.run(failure);
}

}  // namespace hk::sip
