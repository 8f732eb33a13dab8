#pragma once
// Session timers (RFC 4028): Session-Expires and Min-SE.
#include <cstdint>
#include <string_view>

#include "base/result.hpp"
#include "sip/params.hpp"

namespace hk::sip {

struct SessionExpires {
  uint32_t delta = 0;
  std::string_view refresher;  // "uac", "uas" or empty
  Params params;
};

struct MinSE {
  uint32_t delta = 0;
  Params params;
};

hk::Result<SessionExpires> parseSessionExpires(std::string_view value);
hk::Result<MinSE> parseMinSE(std::string_view value);

}  // namespace hk::sip
