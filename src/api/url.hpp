#pragma once
// Request-target pieces: percent-decoding of the path and the query string.
#include <string>
#include <string_view>

#include "api/http_types.hpp"
#include "base/result.hpp"

namespace hk::api {

// "%41b" -> "Ab". With plus_as_space (query strings), '+' becomes ' '. A bad escape
// ("%4", "%zz") or an encoded NUL is an Invalid error.
Result<std::string> percentDecode(std::string_view in, bool plus_as_space = false);

// "a=1&b=x%20y&c" -> {{"a","1"},{"b","x y"},{"c",""}}; empty pieces are skipped.
Status parseQuery(std::string_view query, Params& out);

// Splits an origin-form target ("/p?q") and fills req.path and req.query from it.
Status parseTarget(std::string_view target, Request& req);

}  // namespace hk::api
