#include "api/json_body.hpp"

#include <algorithm>

namespace hk::api {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Depth of [ and { outside strings; stops counting once past `limit`.
bool deeperThan(std::string_view body, size_t limit) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace

bool isJsonContentType(std::string_view ct) {
  ct = trim(ct.substr(0, ct.find(';')));
  if (equalsIgnoreCase(ct, "application/json")) return true;
  constexpr std::string_view kApp = "application/";
  constexpr std::string_view kJson = "+json";
  return ct.size() > kApp.size() + kJson.size() &&
         equalsIgnoreCase(ct.substr(0, kApp.size()), kApp) &&
         equalsIgnoreCase(ct.substr(ct.size() - kJson.size()), kJson);
}

HttpResult<nlohmann::json> parseJsonBody(const Request& req, size_t max_depth) {
  std::string_view ct = req.headers.get("Content-Type");
  if (!isJsonContentType(ct)) {
    return problem(415, ct.empty() ? "Content-Type must be application/json"
                                   : "Content-Type must be application/json, not " +
                                         std::string(ct.substr(0, 100)));
  }
  if (trim(req.body).empty())
    return problem(400, "request body is empty; a JSON value is required");
  if (deeperThan(req.body, max_depth)) {
    return problem(400, "JSON nested deeper than " + std::to_string(max_depth) + " levels");
  }
  try {
    return nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    size_t end = std::min(e.byte == 0 ? size_t{0} : e.byte - 1, req.body.size());
    size_t line = 1;
    size_t column = 1;
    for (size_t i = 0; i < end; ++i) {
      if (req.body[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return problem(400, "malformed JSON at line " + std::to_string(line) + ", column " +
                            std::to_string(column));
  } catch (const nlohmann::json::exception&) {
    return problem(400, "malformed JSON");
  }
}

}  // namespace hk::api
