#pragma once
// An audio file as an HTTP answer, with single byte ranges ("Range: bytes=a-b", "a-",
// "-n") so that players can seek: 206 + Content-Range, 416 for a range past the end.
#include <filesystem>
#include <string>

#include "api/http_types.hpp"

namespace hk::api {

Response fileResponse(const Request& req, const std::filesystem::path& path,
                      const std::string& content_type);

}  // namespace hk::api
