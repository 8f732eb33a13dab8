#pragma once
// Pieces the flow, block-list and absence handlers share.
#include <nlohmann/json.hpp>
#include <optional>

#include "api/handlers/common.hpp"
#include "api/json_body.hpp"

namespace hk::api {

// The body when the request has one (415/400 problems as parseJsonBody); nullopt when it has
// none, so that an unknown id can answer 404 before "a body is required" is said.
HttpResult<std::optional<nlohmann::json>> optionalJsonBody(const Request& req);

// 400: the request needs a JSON body.
Response bodyRequired();

// An Error as a problem; Invalid errors whose every field lies inside the flow document
// ("/document/...") answer 422: the body was well formed, the document breaks a rule.
Response flowProblem(const Error& e);

// A positive integer query parameter (filters), recorded in `errs` when bad.
void idQuery(const Request& req, const char* key, std::optional<domain::Id>& out, FieldErrors& errs,
             bool allow_zero = false);

}  // namespace hk::api
