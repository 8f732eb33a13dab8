#include "sip/auth.hpp"

#include "sip/detail/chars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

bool isToken68(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (detail::is(s[i], detail::kAlnum) ||
                          std::string_view("-._~+/").find(s[i]) != std::string_view::npos)) {
    ++i;
  }
  if (i == 0) return false;
  while (i < s.size() && s[i] == '=') ++i;
  return i == s.size();
}

hk::Result<Param> parseAuthParam(std::string_view item) {
  size_t eq = item.find('=');
  if (eq == std::string_view::npos) return hk::Error::invalid("auth-param without '='");
  Param p{trim(item.substr(0, eq)), trim(item.substr(eq + 1)), true};
  if (!isToken(p.name)) return hk::Error::invalid("bad auth-param name");
  if (!p.value.empty() && p.value[0] == '"') {
    if (quotedLength(p.value) != p.value.size()) return hk::Error::invalid("bad quoted auth-param");
    p.value = p.value.substr(1, p.value.size() - 2);
  } else if (!isToken(p.value)) {
    return hk::Error::invalid("bad auth-param value");
  }
  return p;
}

}  // namespace

std::optional<std::string_view> AuthValue::get(std::string_view name) const {
  for (const Param& p : params) {
    if (iequals(p.name, name)) return p.value;
  }
  return std::nullopt;
}

hk::Result<AuthValue> parseAuth(std::string_view value) {
  std::string_view v = trim(value);
  size_t sp = 0;
  while (sp < v.size() && !detail::isWs(v[sp])) ++sp;
  AuthValue out;
  out.scheme = v.substr(0, sp);
  if (!isToken(out.scheme)) return hk::Error::invalid("bad auth scheme");
  std::string_view rest = trim(v.substr(sp));
  if (rest.empty()) return out;
  if (isToken68(rest) && rest.find('=') == std::string_view::npos) {
    out.token68 = rest;
    return out;
  }
  for (std::string_view item : splitList(rest)) {
    auto p = parseAuthParam(item);
    if (!p) {
      if (isToken68(rest)) {
        out.params.clear();
        out.token68 = rest;
        return out;
      }
      return p.error();
    }
    out.params.push_back(*p);
  }
  return out;
}

}  // namespace hk::sip
