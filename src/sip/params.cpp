#include "sip/params.hpp"

#include "sip/detail/chars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace detail {
namespace {

void skipWs(std::string_view& s) {
  size_t i = 0;
  while (i < s.size() && isWs(s[i])) ++i;
  s.remove_prefix(i);
}

// Length of the run at the start of s whose characters satisfy pred.
template <class Pred>
size_t run(std::string_view s, Pred pred) {
  size_t i = 0;
  while (i < s.size() && pred(s[i])) ++i;
  return i;
}

bool isHeaderValueChar(char c) { return is(c, kToken) || c == ':' || c == '[' || c == ']'; }
bool isUriParamChar(char c) { return is(c, kUnreserved | kParamExtra) || c == '%'; }

bool scanHeaderParam(std::string_view& rest, Param& out) {
  skipWs(rest);
  if (rest.empty() || rest[0] != ';') return false;
  rest.remove_prefix(1);
  skipWs(rest);
  size_t n = run(rest, [](char c) { return is(c, kToken); });
  if (n == 0) return false;
  out = Param{rest.substr(0, n), {}, false};
  rest.remove_prefix(n);
  skipWs(rest);
  if (!rest.empty() && rest[0] == '=') {
    rest.remove_prefix(1);
    skipWs(rest);
    out.has_value = true;
    if (!rest.empty() && rest[0] == '"') {
      size_t q = quotedLength(rest);
      if (q == 0) return false;
      out.value = rest.substr(1, q - 2);
      rest.remove_prefix(q);
    } else {
      size_t v = run(rest, isHeaderValueChar);
      if (v == 0) return false;
      out.value = rest.substr(0, v);
      rest.remove_prefix(v);
    }
    skipWs(rest);
  }
  return rest.empty() || rest[0] == ';';
}

bool scanUriParam(std::string_view& rest, Param& out) {
  if (rest.empty() || rest[0] != ';') return false;
  rest.remove_prefix(1);
  size_t n = run(rest, isUriParamChar);
  if (n == 0 || !allOfEscaped(rest.substr(0, n), kUnreserved | kParamExtra)) return false;
  out = Param{rest.substr(0, n), {}, false};
  rest.remove_prefix(n);
  if (!rest.empty() && rest[0] == '=') {
    rest.remove_prefix(1);
    size_t v = run(rest, isUriParamChar);
    if (v == 0 || !allOfEscaped(rest.substr(0, v), kUnreserved | kParamExtra)) return false;
    out.value = rest.substr(0, v);
    out.has_value = true;
    rest.remove_prefix(v);
  }
  return rest.empty() || rest[0] == ';';
}

}  // namespace

bool scanParam(std::string_view& rest, Param& out, ParamStyle style) {
  return style == ParamStyle::Header ? scanHeaderParam(rest, out) : scanUriParam(rest, out);
}

}  // namespace detail

Params::Iterator::Iterator(std::string_view rest, ParamStyle style) : rest_(rest), style_(style) {
  done_ = false;
  ++*this;
}

Params::Iterator& Params::Iterator::operator++() {
  if (done_) return *this;
  std::string_view probe = rest_;
  if (!detail::scanParam(probe, current_, style_)) {
    done_ = true;
    rest_ = {};
    return *this;
  }
  rest_ = probe;
  return *this;
}

hk::Result<Params> Params::parse(std::string_view text, ParamStyle style) {
  std::string_view rest = text;
  Param seen[kMaxParams];
  size_t count = 0;
  if (style == ParamStyle::Header) rest = trim(rest);
  while (!rest.empty()) {
    Param p;
    if (!detail::scanParam(rest, p, style)) return hk::Error::invalid("bad parameter");
    if (count == kMaxParams) return hk::Error::invalid("too many parameters");
    for (size_t i = 0; i < count; ++i) {
      if (iequals(seen[i].name, p.name)) return hk::Error::invalid("duplicate parameter");
    }
    seen[count++] = p;
  }
  return Params(text, style);
}

std::optional<std::string_view> Params::get(std::string_view name) const {
  for (const Param& p : *this) {
    if (iequals(p.name, name)) return p.value;
  }
  return std::nullopt;
}

size_t Params::size() const {
  size_t n = 0;
  for (auto it = begin(); it != end(); ++it) ++n;
  return n;
}

}  // namespace hk::sip
