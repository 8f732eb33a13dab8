#include "sip/name_addr.hpp"

#include "sip/detail/chars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

bool isTokenRun(std::string_view s) {
  for (char c : s) {
    if (!detail::is(c, detail::kToken) && !detail::isWs(c)) return false;
  }
  return true;
}

hk::Status parseParamsInto(std::string_view rest, NameAddr& out) {
  rest = trim(rest);
  if (rest.empty()) return hk::ok();
  if (rest[0] != ';') return hk::Error::invalid("unexpected text after address");
  auto params = Params::parse(rest, ParamStyle::Header);
  if (!params) return params.error();
  out.params = *params;
  return hk::ok();
}

hk::Result<NameAddr> parseAngle(NameAddr out, std::string_view rest) {
  // rest starts with '<'
  size_t close = rest.find('>');
  if (close == std::string_view::npos) return hk::Error::invalid("missing '>' in address");
  auto uri = parseUri(rest.substr(1, close - 1));
  if (!uri) return hk::Error::invalid("bad URI in address: " + uri.error().message);
  out.uri = *uri;
  out.angle = true;
  auto st = parseParamsInto(rest.substr(close + 1), out);
  if (!st) return st.error();
  return out;
}

}  // namespace

std::string NameAddr::displayName() const {
  return display_quoted ? unescapeQuoted(display) : std::string(display);
}

std::string NameAddr::toString() const {
  std::string out;
  if (display_quoted) {
    out.push_back('"');
    out.append(display);
    out.append("\" ");
  } else if (!display.empty()) {
    out.append(display);
    out.push_back(' ');
  }
  out.push_back('<');
  out.append(uri.toString());
  out.push_back('>');
  out.append(trim(params.raw()));
  return out;
}

hk::Result<NameAddr> parseNameAddr(std::string_view value) {
  value = trim(value);
  if (value.empty()) return hk::Error::invalid("empty address");
  NameAddr out;
  if (value[0] == '"') {
    size_t q = quotedLength(value);
    if (q == 0) return hk::Error::invalid("unterminated quoted display name");
    out.display = value.substr(1, q - 2);
    out.display_quoted = true;
    std::string_view rest = trim(value.substr(q));
    if (rest.empty() || rest[0] != '<') return hk::Error::invalid("display name without <URI>");
    return parseAngle(out, rest);
  }
  size_t lt = value.find('<');
  if (lt != std::string_view::npos) {
    out.display = trim(value.substr(0, lt));
    if (!isTokenRun(out.display)) return hk::Error::invalid("bad display name");
    return parseAngle(out, value.substr(lt));
  }
  // addr-spec: parameters belong to the header.
  size_t semi = value.find(';');
  std::string_view uri_text = trim(value.substr(0, semi));
  if (uri_text.find_first_of("?,") != std::string_view::npos) {
    return hk::Error::invalid("URI with '?' or ',' must be enclosed in <>");
  }
  auto uri = parseUri(uri_text);
  if (!uri) return hk::Error::invalid("bad URI in address: " + uri.error().message);
  out.uri = *uri;
  if (semi != std::string_view::npos) {
    auto st = parseParamsInto(value.substr(semi), out);
    if (!st) return st.error();
  }
  return out;
}

hk::Result<std::vector<NameAddr>> parseNameAddrList(std::string_view value) {
  std::vector<NameAddr> out;
  for (std::string_view item : splitList(value)) {
    auto na = parseNameAddr(item);
    if (!na) return na.error();
    out.push_back(*na);
  }
  return out;
}

}  // namespace hk::sip
