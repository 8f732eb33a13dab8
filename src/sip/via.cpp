#include "sip/via.hpp"

#include "sip/detail/chars.hpp"
#include "sip/text.hpp"
#include "sip/uri.hpp"

namespace hk::sip {
namespace {

void skipWs(std::string_view& s) {
  while (!s.empty() && detail::isWs(s[0])) s.remove_prefix(1);
}

std::string_view takeToken(std::string_view& s) {
  size_t n = 0;
  while (n < s.size() && detail::is(s[n], detail::kToken)) ++n;
  std::string_view t = s.substr(0, n);
  s.remove_prefix(n);
  return t;
}

bool expectSlash(std::string_view& s) {
  skipWs(s);
  if (s.empty() || s[0] != '/') return false;
  s.remove_prefix(1);
  skipWs(s);
  return true;
}

hk::Status readParams(Via& via) {
  for (const Param& p : via.params) {
    if (iequals(p.name, "branch")) {
      if (p.value.empty()) return hk::Error::invalid("empty Via branch");
      via.branch = p.value;
    } else if (iequals(p.name, "received")) {
      via.received = p.value;
    } else if (iequals(p.name, "maddr")) {
      via.maddr = p.value;
    } else if (iequals(p.name, "rport")) {
      via.rport = true;
      if (p.has_value) {
        uint64_t v = 0;
        if (parseNumber(p.value, 65535, v) != NumberStatus::Ok) {
          return hk::Error::invalid("bad Via rport");
        }
        via.rport_value = static_cast<uint16_t>(v);
      }
    } else if (iequals(p.name, "ttl")) {
      uint64_t v = 0;
      if (parseNumber(p.value, 255, v) != NumberStatus::Ok)
        return hk::Error::invalid("bad Via ttl");
      via.ttl = static_cast<uint8_t>(v);
    }
  }
  return hk::ok();
}

}  // namespace

bool Via::hasRfc3261Branch() const { return branch.size() > 7 && branch.substr(0, 7) == "z9hG4bK"; }

std::string Via::toString() const {
  std::string out;
  out.append(protocol).append("/").append(version).append("/").append(transport);
  out.push_back(' ');
  out.append(host);
  if (port) out.append(":").append(std::to_string(*port));
  out.append(trim(params.raw()));
  return out;
}

hk::Result<Via> parseVia(std::string_view value) {
  std::string_view s = trim(value);
  Via via;
  via.protocol = takeToken(s);
  if (via.protocol.empty() || !expectSlash(s)) return hk::Error::invalid("bad Via protocol");
  via.version = takeToken(s);
  if (via.version.empty() || !expectSlash(s)) return hk::Error::invalid("bad Via version");
  via.transport = takeToken(s);
  if (via.transport.empty()) return hk::Error::invalid("bad Via transport");
  if (s.empty() || !detail::isWs(s[0])) return hk::Error::invalid("Via without sent-by");
  skipWs(s);
  // sent-by = host [ SWS ":" SWS port ]
  size_t host_end = s[0] == '[' ? s.find(']') : s.find_first_of(":; \t");
  if (s[0] == '[' && host_end != std::string_view::npos) ++host_end;
  via.host = s.substr(0, host_end);
  if (!isValidHost(via.host)) return hk::Error::invalid("bad Via sent-by host");
  s.remove_prefix(via.host.size());
  std::string_view probe = s;
  skipWs(probe);
  if (!probe.empty() && probe[0] == ':') {
    probe.remove_prefix(1);
    skipWs(probe);
    size_t n = 0;
    while (n < probe.size() && detail::isDigit(probe[n])) ++n;
    uint64_t port = 0;
    if (n == 0 || n > 5 || parseNumber(probe.substr(0, n), 65535, port) != NumberStatus::Ok) {
      return hk::Error::invalid("bad Via port");
    }
    via.port = static_cast<uint16_t>(port);
    s = probe.substr(n);
  }
  if (!s.empty()) {
    auto params = Params::parse(s, ParamStyle::Header);
    if (!params) return hk::Error::invalid("bad Via parameter");
    via.params = *params;
    auto st = readParams(via);
    if (!st) return st.error();
  }
  return via;
}

hk::Result<std::vector<Via>> parseViaList(std::string_view value) {
  std::vector<Via> out;
  for (std::string_view item : splitList(value)) {
    auto via = parseVia(item);
    if (!via) return via.error();
    out.push_back(*via);
  }
  return out;
}

}  // namespace hk::sip
