#include "sip/message.hpp"

#include <cstring>

#include "sip/detail/chars.hpp"
#include "sip/text.hpp"

namespace hk::sip {

Message Message::request(std::string_view method, std::string_view request_uri) {
  Message m;
  m.setRequestLine(method, request_uri);
  return m;
}

Message Message::response(int status, std::string_view reason) {
  Message m;
  m.setStatusLine(status, reason);
  return m;
}

std::string_view Message::keep(std::string_view s) {
  if (s.empty()) return {};
  std::shared_ptr<char[]> chunk = std::make_shared_for_overwrite<char[]>(s.size());
  std::memcpy(chunk.get(), s.data(), s.size());
  chunks_.push_back(chunk);
  return {chunk.get(), s.size()};
}

std::string_view Message::keepValue(std::string_view s) {
  std::string_view kept = keep(trim(s));
  if (kept.find_first_of("\r\n") != std::string_view::npos) {
    char* p = chunks_.back().get();
    for (size_t i = 0; i < kept.size(); ++i) {
      if (p[i] == '\r' || p[i] == '\n') p[i] = ' ';
    }
  }
  return kept;
}

Header Message::makeHeader(std::string_view name, std::string_view value) {
  Header h;
  name = trim(name);
  h.id = headerId(name);
  if (h.id != HeaderId::Unknown) {
    h.name = canonicalName(h.id);
  } else {
    std::string clean(name.empty() ? std::string_view("X") : name);
    for (char& c : clean) {
      if (!detail::is(c, detail::kToken)) c = '-';
    }
    h.name = keep(clean);
  }
  h.value = keepValue(value);
  return h;
}

bool Message::matches(const Header& h, HeaderId id, std::string_view name) const {
  if (id != HeaderId::Unknown) return h.id == id;
  return h.id == HeaderId::Unknown && iequals(h.name, name);
}

size_t Message::indexOf(HeaderId id, std::string_view name) const {
  for (size_t i = 0; i < headers_.size(); ++i) {
    if (matches(headers_[i], id, name)) return i;
  }
  return headers_.size();
}

hk::Result<Uri> Message::requestUri() const {
  if (!is_request_) return hk::Error::invalid("a response has no Request-URI");
  auto uri = parseUri(uri_);
  if (!uri) return hk::Error::invalid("bad Request-URI: " + uri.error().message, "Request-URI");
  return uri;
}

std::optional<std::string_view> Message::header(std::string_view name) const {
  name = trim(name);
  size_t i = indexOf(headerId(name), name);
  if (i == headers_.size()) return std::nullopt;
  return headers_[i].value;
}

std::optional<std::string_view> Message::header(HeaderId id) const {
  for (const Header& h : headers_) {
    if (h.id == id) return h.value;
  }
  return std::nullopt;
}

std::vector<std::string_view> Message::headerValues(std::string_view name) const {
  name = trim(name);
  HeaderId id = headerId(name);
  std::vector<std::string_view> out;
  for (const Header& h : headers_) {
    if (!matches(h, id, name)) continue;
    if (isListHeader(id)) {
      for (std::string_view item : splitList(h.value)) out.push_back(item);
    } else {
      out.push_back(h.value);
    }
  }
  return out;
}

std::vector<std::string_view> Message::headerValues(HeaderId id) const {
  return headerValues(canonicalName(id));
}

size_t Message::headerCount(HeaderId id) const {
  size_t n = 0;
  for (const Header& h : headers_) n += h.id == id ? 1 : 0;
  return n;
}

void Message::setRequestLine(std::string_view method, std::string_view request_uri) {
  is_request_ = true;
  method_ = keepValue(method);
  uri_ = keepValue(request_uri);
  status_ = 0;
  reason_ = {};
}

void Message::setStatusLine(int status, std::string_view reason) {
  is_request_ = false;
  status_ = status;
  reason_ = keepValue(reason);
  method_ = {};
  uri_ = {};
}

void Message::setHeader(std::string_view name, std::string_view value) {
  Header h = makeHeader(name, value);
  size_t first = indexOf(h.id, h.name);
  if (first == headers_.size()) {
    headers_.push_back(h);
    return;
  }
  headers_[first] = h;
  for (size_t i = headers_.size(); i-- > first + 1;) {
    if (matches(headers_[i], h.id, h.name)) headers_.erase(headers_.begin() + static_cast<long>(i));
  }
}

void Message::addHeader(std::string_view name, std::string_view value) {
  headers_.push_back(makeHeader(name, value));
}

void Message::insertHeader(size_t index, std::string_view name, std::string_view value) {
  Header h = makeHeader(name, value);
  if (index >= headers_.size()) {
    headers_.push_back(h);
  } else {
    headers_.insert(headers_.begin() + static_cast<long>(index), h);
  }
}

size_t Message::removeHeader(std::string_view name) {
  name = trim(name);
  HeaderId id = headerId(name);
  size_t before = headers_.size();
  std::erase_if(headers_, [&](const Header& h) { return matches(h, id, name); });
  return before - headers_.size();
}

void Message::pushVia(std::string_view value) {
  size_t first = indexOf(HeaderId::Via, {});
  insertHeader(first == headers_.size() ? 0 : first, "Via", value);
}

void Message::setBody(std::string_view body, std::string_view content_type) {
  body_ = keep(body);
  setHeader("Content-Length", std::to_string(body.size()));
  if (!content_type.empty()) setHeader("Content-Type", content_type);
}

}  // namespace hk::sip
