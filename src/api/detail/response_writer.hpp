#pragma once
// Serialises a Response into the connection's output buffer.
#include <string>
#include <string_view>

#include "api/http_types.hpp"

namespace hk::api::detail {

struct WriteOptions {
  std::string_view request_id;
  bool close = false;          // adds "Connection: close"
  bool keep_alive_10 = false;  // HTTP/1.0 client that asked for keep-alive
};

// Appends status line, headers and (unless !send_body) the body to `out`. Returns the
// body size the client will receive (0 for HEAD).
size_t appendResponse(std::string& out, const Response& res, const WriteOptions& opt);

// "Sun, 06 Nov 1994 08:49:37 GMT" for now, cached per thread and second.
std::string_view httpDate();

}  // namespace hk::api::detail
