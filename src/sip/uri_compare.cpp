// URI equivalence (RFC 3261 §19.1.4, the basic rules).
#include <algorithm>
#include <string>
#include <vector>

#include "sip/detail/chars.hpp"
#include "sip/text.hpp"
#include "sip/uri.hpp"

namespace hk::sip {
namespace {

std::string lowerDecoded(std::string_view s) {
  std::string out = percentDecode(s);
  for (char& c : out) c = detail::lower(c);
  return out;
}

// The parameters that must match when either URI has them.
bool isStrictParam(std::string_view name) {
  for (std::string_view p : {"user", "ttl", "method", "maddr", "transport"}) {
    if (iequals(name, p)) return true;
  }
  return false;
}

bool paramsEqual(const Params& a, const Params& b) {
  for (const Param& p : a) {
    auto other = b.get(p.name);
    if (!other) {
      if (isStrictParam(p.name)) return false;
      continue;
    }
    if (lowerDecoded(p.value) != lowerDecoded(*other)) return false;
  }
  for (const Param& p : b) {
    if (isStrictParam(p.name) && !a.has(p.name)) return false;
  }
  return true;
}

// Same set of parameters with equal values (tel: URIs, RFC 3966 §4).
bool sameParams(const Params& a, const Params& b) {
  if (a.size() != b.size()) return false;
  for (const Param& p : a) {
    auto other = b.get(p.name);
    if (!other || lowerDecoded(p.value) != lowerDecoded(*other)) return false;
  }
  return true;
}

std::vector<std::pair<std::string, std::string>> headerSet(std::string_view h) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!h.empty()) {
    size_t amp = h.find('&');
    std::string_view one = h.substr(0, amp);
    size_t eq = one.find('=');
    out.emplace_back(lowerDecoded(one.substr(0, eq)),
                     eq == std::string_view::npos ? "" : percentDecode(one.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    h.remove_prefix(amp + 1);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string telDigits(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (c != '-' && c != '.' && c != '(' && c != ')') out.push_back(detail::lower(c));
  }
  return out;
}

}  // namespace

bool uriEquals(const Uri& a, const Uri& b) {
  if (a.scheme != b.scheme) return false;
  switch (a.scheme) {
    case Scheme::Other: return iequals(a.scheme_text, b.scheme_text) && a.opaque == b.opaque;
    case Scheme::Tel:
      return telDigits(a.user) == telDigits(b.user) && sameParams(a.params, b.params);
    case Scheme::Sip:
    case Scheme::Sips: break;
  }
  if (percentDecode(a.user) != percentDecode(b.user)) return false;
  if (a.has_password != b.has_password || percentDecode(a.password) != percentDecode(b.password)) {
    return false;
  }
  if (!iequals(a.host, b.host) || a.port != b.port) return false;
  if (!paramsEqual(a.params, b.params)) return false;
  return headerSet(a.headers) == headerSet(b.headers);
}

}  // namespace hk::sip
