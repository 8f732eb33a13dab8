#pragma once
// JSON request bodies: parsing (415 for a wrong Content-Type, 400 naming line and column
// for malformed JSON) and ObjectReader, a validating reader that collects every bad field
// with its JSON Pointer so that one 400 names them all. Unknown fields are errors.
//
//   auto body = parseJsonBody(req);
//   if (!body) return std::move(body.problem());
//   FieldErrors errors;
//   ObjectReader in(*body, errors);
//   auto name = in.string("name", Presence::Required, {.max_length = 64});
//   auto tags = in.strings("tags", Presence::Optional, 10);
//   in.finish();
//   if (!errors.empty()) return errors.toResponse();
#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.hpp"
#include "api/problem.hpp"

namespace hk::api {

// "application/json" or any "application/<x>+json", parameters (charset) ignored.
bool isJsonContentType(std::string_view content_type);

// Deeper nesting than max_depth is refused (400) before parsing.
HttpResult<nlohmann::json> parseJsonBody(const Request& req, size_t max_depth = 64);

// "/a/b" + "c~d/e" -> "/a/b/c~0d~1e" (RFC 6901 escaping).
std::string jsonPointer(std::string_view parent, std::string_view token);

enum class Presence { Required, Optional };

struct StringRule {
  size_t min_length = 0;  // in characters (UTF-8 code points)
  size_t max_length = std::numeric_limits<size_t>::max();
  // Returns the reason when the value is bad ("must look like +81..."), else empty.
  std::function<std::string(std::string_view)> check;
};

// Reads the members of one JSON object. Every getter records its field as known and
// returns nullopt when the field is absent (optional), null (optional) or bad (an error is
// recorded). finish() reports every member no getter asked for.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& value, FieldErrors& errors, std::string pointer = {});

  bool isObject() const { return obj_ != nullptr; }
  bool has(std::string_view key) const;
  const std::string& pointer() const { return pointer_; }

  std::optional<std::string> string(std::string_view key, Presence p, const StringRule& rule = {});
  std::optional<int64_t> integer(std::string_view key, Presence p,
                                 int64_t min = std::numeric_limits<int64_t>::min(),
                                 int64_t max = std::numeric_limits<int64_t>::max());
  std::optional<bool> boolean(std::string_view key, Presence p);
  std::optional<std::vector<std::string>> strings(std::string_view key, Presence p,
                                                  size_t max_items, const StringRule& item = {});
  // One of `allowed` (a JSON enum).
  std::optional<std::string> oneOf(std::string_view key, Presence p,
                                   const std::vector<std::string_view>& allowed);
  std::optional<ObjectReader> object(std::string_view key, Presence p);
  std::optional<std::vector<ObjectReader>> objects(std::string_view key, Presence p,
                                                   size_t max_items);
  // Reports unknown members. Call it once, after the last getter.
  void finish();

 private:
  // The member, or nullptr when absent/null (an error is recorded if required).
  const nlohmann::json* member(std::string_view key, Presence p);
  void error(std::string_view key, std::string reason);
  bool checkString(const std::string& value, const StringRule& rule, const std::string& where);

  const nlohmann::json* obj_ = nullptr;
  FieldErrors* errors_;
  std::string pointer_;
  std::vector<std::string> known_;
};

}  // namespace hk::api
