#pragma once
// The JSON shapes of the domain objects: what the REST API takes and returns, and what
// `hankyoctl apply/export` reads and writes. Reading is strict: unknown fields, wrong types
// and out-of-range values are reported with their JSON Pointer, all of them at once.
#include <nlohmann/json.hpp>

#include "domain/account.hpp"
#include "domain/number.hpp"
#include "service/object_reader.hpp"
#include "service/validate.hpp"

namespace hk::service {

using Json = nlohmann::json;

nlohmann::json toJson(const domain::Operator& o);
nlohmann::json toJson(const domain::Advertiser& a);
// An advertiser's "judgement" object (calllog/judgement.hpp): valid_threshold_sec,
// duplicate_window_sec, ivr_rules [{var, value, min_talk_sec}].
nlohmann::json judgementJson(const domain::JudgementSettings& j);
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

}  // namespace hk::service
