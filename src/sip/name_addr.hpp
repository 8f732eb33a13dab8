#pragma once
// name-addr / addr-spec values with header parameters: From, To, Contact, Route,
// Record-Route, P-Asserted-Identity, Refer-To... Views over the header value.
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sip/params.hpp"
#include "sip/uri.hpp"

namespace hk::sip {

struct NameAddr {
  std::string_view display;  // inside of the quotes (escapes kept) or the tokens; may be empty
  bool display_quoted = false;
  Uri uri;
  bool angle = false;  // written as <uri>
  Params params;       // header parameters: tag, expires, q...

  // Display name with its quoted-pairs resolved.
  std::string displayName() const;
  std::string_view tag() const { return params.get("tag").value_or(""); }
  // Always the name-addr form: ["display"] <uri>;params.
  std::string toString() const;
};

// One value. Without <>, parameters after the URI belong to the header (RFC 3261 §20), and
// a URI holding '?' or ',' is rejected. Quoted display names may hold escapes and UTF-8;
// unquoted ones are tokens separated by whitespace.
hk::Result<NameAddr> parseNameAddr(std::string_view value);
// A comma-separated list of values (Contact, Route, P-Asserted-Identity...).
hk::Result<std::vector<NameAddr>> parseNameAddrList(std::string_view value);

}  // namespace hk::sip
