#include "sip/uri.hpp"

#include "sip/detail/chars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

using detail::allOfEscaped;
using detail::is;

bool isIpv4(std::string_view s) {
  int parts = 0;
  while (true) {
    size_t n = 0;
    while (n < s.size() && detail::isDigit(s[n])) ++n;
    uint64_t v = 0;
    if (n == 0 || n > 3 || parseNumber(s.substr(0, n), 255, v) != NumberStatus::Ok) return false;
    ++parts;
    s.remove_prefix(n);
    if (s.empty()) return parts == 4;
    if (s[0] != '.' || parts == 4) return false;
    s.remove_prefix(1);
  }
}

bool isIpv6Reference(std::string_view s) {
  if (s.size() < 4 || s.front() != '[' || s.back() != ']') return false;
  std::string_view in = s.substr(1, s.size() - 2);
  int colons = 0;
  for (char c : in) {
    if (c == ':') {
      ++colons;
    } else if (!is(c, detail::kHex) && c != '.') {
      return false;
    }
  }
  return colons >= 2 && colons <= 7;
}

bool isHostname(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.front() == '-') return false;
  if (!detail::allOf(s, detail::kHost)) return false;
  if (s.find("..") != std::string_view::npos) return false;
  // Only digits and dots: must be a real IPv4 address.
  bool numeric = true;
  for (char c : s) numeric = numeric && (detail::isDigit(c) || c == '.');
  return !numeric || isIpv4(s);
}

bool isUric(char c) {
  return is(c, detail::kUnreserved | detail::kUserExtra) || c == ':' || c == '@';
}

bool validHeaders(std::string_view h) {
  // hname "=" hvalue *( "&" hname "=" hvalue )
  const uint16_t cls = detail::kUnreserved | detail::kHeaderExtra;
  while (true) {
    size_t amp = h.find('&');
    std::string_view one = h.substr(0, amp);
    size_t eq = one.find('=');
    if (eq == std::string_view::npos || !allOfEscaped(one.substr(0, eq), cls)) return false;
    std::string_view value = one.substr(eq + 1);
    if (!value.empty() && !allOfEscaped(value, cls)) return false;
    if (amp == std::string_view::npos) return true;
    h.remove_prefix(amp + 1);
  }
}

hk::Result<Uri> parseSip(Uri u, std::string_view rest) {
  size_t at = rest.find('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    size_t colon = userinfo.find(':');
    u.user = userinfo.substr(0, colon);
    if (!allOfEscaped(u.user, detail::kUnreserved | detail::kUserExtra)) {
      return hk::Error::invalid("bad user part in URI");
    }
    if (colon != std::string_view::npos) {
      u.has_password = true;
      u.password = userinfo.substr(colon + 1);
      if (!u.password.empty() &&
          !allOfEscaped(u.password, detail::kUnreserved | detail::kPasswordExtra)) {
        return hk::Error::invalid("bad password in URI");
      }
    }
    rest.remove_prefix(at + 1);
  }
  size_t qmark = rest.find('?');
  if (qmark != std::string_view::npos) {
    u.headers = rest.substr(qmark + 1);
    if (!validHeaders(u.headers)) return hk::Error::invalid("bad headers in URI");
    rest = rest.substr(0, qmark);
  }
  size_t semi = rest.find(';');
  auto hp = parseHostPort(rest.substr(0, semi));
  if (!hp) return hp.error();
  u.host = hp->host;
  u.port = hp->port;
  if (semi != std::string_view::npos) {
    auto params = Params::parse(rest.substr(semi), ParamStyle::Uri);
    if (!params) return hk::Error::invalid("bad parameter in URI");
    u.params = *params;
  }
  return u;
}

hk::Result<Uri> parseTel(Uri u, std::string_view rest) {
  size_t semi = rest.find(';');
  u.user = rest.substr(0, semi);
  for (char c : u.user) {
    if (!is(c, detail::kHex) && std::string_view("*#+-.()pPwW").find(c) == std::string_view::npos) {
      return hk::Error::invalid("bad tel: number");
    }
  }
  if (u.user.empty() || u.user == "+") return hk::Error::invalid("empty tel: number");
  if (semi != std::string_view::npos) {
    auto params = Params::parse(rest.substr(semi), ParamStyle::Uri);
    if (!params) return hk::Error::invalid("bad parameter in tel: URI");
    u.params = *params;
  }
  return u;
}

}  // namespace

bool isValidHost(std::string_view host) {
  if (host.empty()) return false;
  return host.front() == '[' ? isIpv6Reference(host) : isHostname(host);
}

hk::Result<HostPort> parseHostPort(std::string_view text) {
  HostPort hp;
  std::string_view port_text;
  bool has_port = false;
  if (!text.empty() && text[0] == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return hk::Error::invalid("unterminated IPv6 reference");
    hp.host = text.substr(0, close + 1);
    std::string_view after = text.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return hk::Error::invalid("bad host");
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    size_t colon = text.find(':');
    hp.host = text.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = text.substr(colon + 1);
    }
  }
  if (hp.host.empty() || !isValidHost(hp.host)) return hk::Error::invalid("bad host");
  if (has_port) {
    uint64_t port = 0;
    if (port_text.size() > 5 || parseNumber(port_text, 65535, port) != NumberStatus::Ok) {
      return hk::Error::invalid("bad port");
    }
    hp.port = static_cast<uint16_t>(port);
  }
  return hp;
}

hk::Result<Uri> parseUri(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos)
    return hk::Error::invalid("URI without scheme");
  Uri u;
  u.scheme_text = text.substr(0, colon);
  if (!detail::is(u.scheme_text[0], detail::kAlnum) || detail::isDigit(u.scheme_text[0])) {
    return hk::Error::invalid("bad URI scheme");
  }
  for (char c : u.scheme_text) {
    if (!is(c, detail::kAlnum) && c != '+' && c != '-' && c != '.') {
      return hk::Error::invalid("bad URI scheme");
    }
  }
  std::string_view rest = text.substr(colon + 1);
  if (iequals(u.scheme_text, "sip") || iequals(u.scheme_text, "sips")) {
    u.scheme = iequals(u.scheme_text, "sip") ? Scheme::Sip : Scheme::Sips;
    return parseSip(u, rest);
  }
  if (iequals(u.scheme_text, "tel")) {
    u.scheme = Scheme::Tel;
    return parseTel(u, rest);
  }
  u.scheme = Scheme::Other;
  u.opaque = rest;
  if (rest.empty()) return hk::Error::invalid("empty URI");
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%') {
      if (i + 2 >= rest.size() || detail::hexValue(rest[i + 1]) < 0 ||
          detail::hexValue(rest[i + 2]) < 0) {
        return hk::Error::invalid("bad escape in URI");
      }
      i += 2;
    } else if (!isUric(rest[i])) {
      return hk::Error::invalid("bad character in URI");
    }
  }
  return u;
}

std::string Uri::userDecoded() const { return percentDecode(user); }

std::string Uri::toString() const {
  std::string out;
  out.reserve(scheme_text.size() + user.size() + host.size() + params.raw().size() +
              headers.size() + opaque.size() + 16);
  if (!scheme_text.empty()) {
    out.append(scheme_text);
  } else {
    out.append(scheme == Scheme::Sips ? "sips" : scheme == Scheme::Tel ? "tel" : "sip");
  }
  out.push_back(':');
  if (scheme == Scheme::Other) {
    out.append(opaque);
    return out;
  }
  out.append(user);
  if (scheme != Scheme::Tel) {
    if (has_password) {
      out.push_back(':');
      out.append(password);
    }
    if (!user.empty() || has_password) out.push_back('@');
    out.append(host);
    if (port) {
      out.push_back(':');
      out.append(std::to_string(*port));
    }
  }
  out.append(params.raw());
  if (!headers.empty()) {
    out.push_back('?');
    out.append(headers);
  }
  return out;
}

}  // namespace hk::sip
