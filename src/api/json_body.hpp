#pragma once
// JSON request bodies: 415 for a wrong Content-Type, 400 naming line and column for
// malformed JSON, 400 for nesting deeper than a limit. The fields are then read with
// service::ObjectReader (service/object_reader.hpp), which names every bad field.
#include <nlohmann/json.hpp>
#include <string_view>

#include "api/http_types.hpp"
#include "api/problem.hpp"

namespace hk::api {

// "application/json" or any "application/<x>+json", parameters (charset) ignored.
bool isJsonContentType(std::string_view content_type);

// Deeper nesting than max_depth is refused (400) before parsing.
HttpResult<nlohmann::json> parseJsonBody(const Request& req, size_t max_depth = 64);

}  // namespace hk::api
