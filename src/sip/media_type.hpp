#pragma once
// Content-Type values: type "/" subtype *( ";" parameter ).
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/params.hpp"

namespace hk::sip {

struct MediaType {
  std::string_view type;     // "application"
  std::string_view subtype;  // "sdp"
  Params params;             // boundary, charset...

  // Case-insensitive match on type and subtype ("application", "sdp").
  bool is(std::string_view t, std::string_view s) const;
};

hk::Result<MediaType> parseMediaType(std::string_view value);

}  // namespace hk::sip
