#pragma once
// A strict reader of one JSON object: every getter marks its key as known and applies the
// value onto the caller's field only when it is valid; every problem is appended to a
// FieldErrors list with its JSON Pointer (RFC 6901), so that one answer names them all.
// Used by the domain shapes (service/shapes.hpp) and by the API handlers for other bodies.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/ids.hpp"
#include "service/validate.hpp"

namespace hk::service {

using Json = nlohmann::json;

// "/a/b" + "c~d/e" -> "/a/b/c~0d~1e".
std::string jsonPointer(const std::string& parent, const std::string& token);

class ObjectReader {
 public:
  ObjectReader(const Json& j, FieldErrors& errs, std::string base);
  bool isObject() const { return ok_; }
  bool has(const char* key) const;
  void str(const char* key, std::string& out, size_t max_len = 200);
  void integer(const char* key, int64_t& out, int64_t min, int64_t max);
  void integer(const char* key, int& out, int min, int max);
  void id(const char* key, domain::Id& out);
  void boolean(const char* key, bool& out);
  void strings(const char* key, std::vector<std::string>& out, size_t max_items,
               size_t max_len = 255);
  template <class E>
  void enumeration(const char* key, E& out);
  // Reports every key of the object that no reader asked for (and is not in `allow`).
  void rejectUnknown(const std::vector<std::string>& allow = {});

 private:
  const Json* field(const char* key);
  void error(const std::string& key, const std::string& reason);
  const Json& j_;
  FieldErrors& errs_;
  std::string base_;
  bool ok_;
  std::vector<std::string> seen_;
};

}  // namespace hk::service
