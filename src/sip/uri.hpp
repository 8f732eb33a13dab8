#pragma once
// URIs of SIP messages: sip:, sips:, tel: and, opaque, any other scheme. A Uri is a set of
// views over the text it was parsed from; escapes are kept as written (userDecoded() and
// percentDecode() resolve them).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/params.hpp"

namespace hk::sip {

enum class Scheme { Sip, Sips, Tel, Other };

struct HostPort {
  std::string_view host;  // IPv6 references keep their brackets
  std::optional<uint16_t> port;
};

// host [":" port] where host is a name, an IPv4 address or an [IPv6] reference.
hk::Result<HostPort> parseHostPort(std::string_view text);
bool isValidHost(std::string_view host);

struct Uri {
  Scheme scheme = Scheme::Sip;
  std::string_view scheme_text;  // as written ("sip", "SIP", "tel", "http"...)
  std::string_view user;         // escaped, as written; for tel: the number
  std::string_view password;
  bool has_password = false;
  std::string_view host;  // empty for tel: and other schemes
  std::optional<uint16_t> port;
  Params params;             // uri-parameters (URI style)
  std::string_view headers;  // after '?', as written, without the '?'
  std::string_view opaque;   // other schemes: everything after "scheme:"

  bool isSip() const { return scheme == Scheme::Sip || scheme == Scheme::Sips; }
  // User part with %HH escapes resolved (a %00 stays a NUL byte).
  std::string userDecoded() const;
  std::optional<std::string_view> param(std::string_view name) const { return params.get(name); }
  // tel: the phone-context parameter, empty when absent.
  std::string_view phoneContext() const { return param("phone-context").value_or(""); }
  // Serialized form; for a parsed URI, the text it came from.
  std::string toString() const;
};

hk::Result<Uri> parseUri(std::string_view text);

// URI equivalence of RFC 3261 §19.1.4: scheme, user and password (case-sensitive, escapes
// resolved), host (case-insensitive), port as written (no default), the user, ttl, method,
// maddr and transport parameters when either side has them, other parameters when both
// have them, and headers. tel: URIs compare their digits without visual separators; other
// schemes compare as text (scheme case-insensitive).
bool uriEquals(const Uri& a, const Uri& b);

}  // namespace hk::sip
