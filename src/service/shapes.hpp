#pragma once
// The JSON shapes of the domain objects: what the REST API takes and returns, and what
// `hankyoctl apply/export` reads and writes. Reading is strict: unknown fields, wrong types
// and out-of-range values are reported with their JSON Pointer, all of them at once.
#include <nlohmann/json.hpp>

#include "domain/account.hpp"
#include "domain/number.hpp"
#include "service/validate.hpp"

namespace hk::service {

using Json = nlohmann::json;

nlohmann::json toJson(const domain::Operator& o);
nlohmann::json toJson(const domain::Advertiser& a);
nlohmann::json toJson(const domain::TrackingNumber& n);
nlohmann::json toJson(const domain::User& u);  // never the password hash
nlohmann::json toJson(const domain::ApiKey& k);

// Each reader applies the fields present in `j` onto `into` (a create starts from a
// default object, an update from the stored one) and appends problems to `errs` with
// `base` prepended to their pointers. `allow` lists extra keys the caller handles itself.
void readOperator(const Json& j, domain::Operator& into, FieldErrors& errs,
                  const std::string& base = "", const std::vector<std::string>& allow = {});
void readAdvertiser(const Json& j, domain::Advertiser& into, FieldErrors& errs,
                    const std::string& base = "", const std::vector<std::string>& allow = {});
// `type_given` is set when the document names the type.
void readNumber(const Json& j, domain::TrackingNumber& into, bool& type_given, FieldErrors& errs,
                const std::string& base = "", const std::vector<std::string>& allow = {});

// Field readers shared with the API handlers that read other bodies.
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
