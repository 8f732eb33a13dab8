#pragma once
// Reason (RFC 3326) and Retry-After values.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sip/params.hpp"

namespace hk::sip {

struct Reason {
  std::string_view protocol;  // "SIP", "Q.850"...
  std::optional<uint32_t> cause;
  std::string_view text;  // inside of the quotes, escapes kept
  Params params;

  std::string textDecoded() const;
};

struct RetryAfter {
  uint32_t delta = 0;
  std::string_view comment;  // inside of the parentheses
  std::optional<uint32_t> duration;
  Params params;
};

// A comma-separated list of reason values.
hk::Result<std::vector<Reason>> parseReasons(std::string_view value);
hk::Result<RetryAfter> parseRetryAfter(std::string_view value);

}  // namespace hk::sip
