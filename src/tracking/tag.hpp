#pragma once
// The DNI JavaScript tag (src/tracking/tag/hankyo-tag.js), embedded at build time and served
// by GET /dni/v1/tag.js.
#include <string_view>

namespace hk::tracking {

std::string_view tagScript();

}  // namespace hk::tracking
