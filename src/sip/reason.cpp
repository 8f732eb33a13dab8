#include "sip/reason.hpp"

#include "sip/scalars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

hk::Result<Reason> parseReason(std::string_view value) {
  std::string_view v = trim(value);
  size_t semi = v.find(';');
  Reason r;
  r.protocol = trim(v.substr(0, semi));
  if (!isToken(r.protocol)) return hk::Error::invalid("bad Reason protocol", "Reason");
  if (semi != std::string_view::npos) {
    auto p = Params::parse(v.substr(semi), ParamStyle::Header);
    if (!p) return hk::Error::invalid("bad Reason parameter", "Reason");
    r.params = *p;
  }
  if (auto cause = r.params.get("cause")) {
    uint64_t c = 0;
    if (parseNumber(*cause, 0xffff, c) != NumberStatus::Ok) {
      return hk::Error::invalid("bad Reason cause", "Reason");
    }
    r.cause = static_cast<uint32_t>(c);
  }
  r.text = r.params.get("text").value_or("");
  return r;
}

// Length of a (comment) at the start of s, nested comments and quoted-pairs allowed; 0 when
// not terminated.
size_t commentLength(std::string_view s) {
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '(') {
      ++depth;
    } else if (s[i] == ')') {
      if (--depth == 0) return i + 1;
    } else if (s[i] == '\r' || s[i] == '\n') {
      return 0;
    }
  }
  return 0;
}

}  // namespace

std::string Reason::textDecoded() const { return unescapeQuoted(text); }

hk::Result<std::vector<Reason>> parseReasons(std::string_view value) {
  std::vector<Reason> out;
  for (std::string_view item : splitList(value)) {
    auto r = parseReason(item);
    if (!r) return r.error();
    out.push_back(*r);
  }
  return out;
}

hk::Result<RetryAfter> parseRetryAfter(std::string_view value) {
  std::string_view v = trim(value);
  size_t n = 0;
  while (n < v.size() && v[n] >= '0' && v[n] <= '9') ++n;
  auto delta = parseDeltaSeconds(v.substr(0, n));
  if (!delta) return hk::Error::invalid("bad Retry-After", "Retry-After");
  RetryAfter ra;
  ra.delta = *delta;
  v = trim(v.substr(n));
  if (!v.empty() && v[0] == '(') {
    size_t len = commentLength(v);
    if (len == 0) return hk::Error::invalid("bad Retry-After comment", "Retry-After");
    ra.comment = v.substr(1, len - 2);
    v = trim(v.substr(len));
  }
  if (!v.empty()) {
    auto p = Params::parse(v, ParamStyle::Header);
    if (!p || v[0] != ';') return hk::Error::invalid("bad Retry-After parameter", "Retry-After");
    ra.params = *p;
    if (auto d = ra.params.get("duration")) {
      auto dur = parseDeltaSeconds(*d);
      if (!dur) return hk::Error::invalid("bad Retry-After duration", "Retry-After");
      ra.duration = *dur;
    }
  }
  return ra;
}

}  // namespace hk::sip
