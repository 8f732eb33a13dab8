#pragma once
// WWW-Authenticate, Proxy-Authenticate, Authorization and Proxy-Authorization values:
// a scheme followed by comma-separated auth-params (or one token68 blob).
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sip/params.hpp"

namespace hk::sip {

struct AuthValue {
  std::string_view scheme;    // "Digest"
  std::vector<Param> params;  // quotes stripped, escapes kept
  std::string_view token68;   // set instead of params for "Bearer abc.def=="

  // Value of a parameter by name (case-insensitive), nullopt when absent.
  std::optional<std::string_view> get(std::string_view name) const;
};

hk::Result<AuthValue> parseAuth(std::string_view value);

}  // namespace hk::sip
