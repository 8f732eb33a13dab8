#include "service/pool_shapes.hpp"

#include <algorithm>

#include "service/object_reader.hpp"

namespace hk::service {

using store::TrackingPool;

bool isPoolKey(const std::string& s) {
  if (s.size() < 8 || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == '-';
  });
}

Json toJson(const TrackingPool& p) {
  Json ids = Json::array();
  Json numbers = Json::array();
  for (const auto& n : p.numbers) {
    ids.push_back(n.number_id);
    numbers.push_back(n.number);
  }
  return {{"id", p.id},
          {"operator_id", p.operator_id},
          {"advertiser_id", p.advertiser_id},
          {"key", p.key},
          {"name", p.name},
          {"mode", store::poolModeName(p.mode)},
          {"number_ids", ids},
          {"numbers", numbers},
          {"base_number", p.base_number},
          {"suffix_digits", p.suffix_digits},
          {"idle_release_sec", p.idle_release_sec},
          {"max_lease_sec", p.max_lease_sec},
          {"cooldown_sec", p.cooldown_sec},
          {"match_window_sec", p.match_window_sec},
          {"selection", store::poolSelectionName(p.selection)},
          {"exhaustion", store::poolExhaustionName(p.exhaustion)},
          {"overflow_number", p.overflow_number},
          {"default_number", p.default_number},
          {"allowed_origins", p.allowed_origins},
          {"visitor_rate_per_min", p.visitor_rate_per_min},
          {"pool_rate_per_sec", p.pool_rate_per_sec},
          {"active", p.active},
          {"created_at", formatUtc(p.created_at)},
          {"updated_at", formatUtc(p.updated_at)}};
}

namespace {

template <class E>
void readEnum(ObjectReader& r, const char* key, E& out, bool (*parse)(const std::string&, E&),
              FieldErrors& errs) {
  if (!r.has(key)) return;
  std::string s = "\x01";  // not a name of any value
  r.str(key, s, 40);
  if (s == "\x01") return;  // not a string: the reader said so
  if (!parse(s, out)) errs.push_back({jsonPointer("", key), "is not one of the allowed values"});
}

}  // namespace

void readPool(const Json& j, TrackingPool& p, FieldErrors& errs) {
  ObjectReader r(j, errs, "");
  if (!r.isObject()) return;
  r.id("operator_id", p.operator_id);
  r.id("advertiser_id", p.advertiser_id);
  r.str("key", p.key, 64);
  r.str("name", p.name);
  readEnum(r, "mode", p.mode, store::parsePoolMode, errs);
  if (r.has("number_ids")) {
    const Json& a = j.at("number_ids");
    if (!a.is_array() || a.size() > 1000) {
      errs.push_back({"/number_ids", "must be an array of up to 1000 number ids"});
    } else {
      std::vector<store::PoolNumber> ids;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!a[i].is_number_integer() || a[i].get<int64_t>() <= 0) {
          errs.push_back({"/number_ids/" + std::to_string(i), "must be a number id"});
        } else {
          ids.push_back({a[i].get<int64_t>(), {}});
        }
      }
      p.numbers = std::move(ids);
    }
  }
  r.str("base_number", p.base_number, 40);
  r.integer("suffix_digits", p.suffix_digits, 1, 8);
  r.integer("idle_release_sec", p.idle_release_sec, 10, 7 * 86400);
  r.integer("max_lease_sec", p.max_lease_sec, 10, 30 * 86400);
  r.integer("cooldown_sec", p.cooldown_sec, 0, 7 * 86400);
  r.integer("match_window_sec", p.match_window_sec, 0, 30 * 86400);
  readEnum(r, "selection", p.selection, store::parsePoolSelection, errs);
  readEnum(r, "exhaustion", p.exhaustion, store::parsePoolExhaustion, errs);
  r.str("overflow_number", p.overflow_number, 40);
  r.str("default_number", p.default_number, 40);
  r.strings("allowed_origins", p.allowed_origins, 50, 200);
  r.integer("visitor_rate_per_min", p.visitor_rate_per_min, 1, 100000);
  r.integer("pool_rate_per_sec", p.pool_rate_per_sec, 1, 100000);
  r.boolean("active", p.active);
  r.rejectUnknown({"id", "number_ids", "numbers", "created_at", "updated_at"});
}

namespace {

bool isOrigin(const std::string& o) {
  if (o == "*") return true;
  std::string rest;
  if (o.starts_with("https://")) {
    rest = o.substr(8);
  } else if (o.starts_with("http://")) {
    rest = o.substr(7);
  } else {
    return false;
  }
  if (rest.empty()) return false;
  return std::all_of(rest.begin(), rest.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '-' || c == ':' || c == '[' || c == ']';
  });
}

void phone(const char* field, std::string& v, FieldErrors& errs) {
  if (v.empty()) return;
  std::string n = normalizePhone(v);
  if (n.empty()) {
    errs.push_back({field, "is not a phone number"});
  } else {
    v = n;
  }
}

}  // namespace

FieldErrors checkPool(TrackingPool& p) {
  FieldErrors errs;
  checkName("/name", p.name, errs);
  if (p.advertiser_id == 0) errs.push_back({"/advertiser_id", "is required"});
  if (!p.key.empty() && !isPoolKey(p.key)) {
    errs.push_back({"/key", "must be 8 to 64 letters, digits, '_' or '-'"});
  }
  phone("/overflow_number", p.overflow_number, errs);
  phone("/default_number", p.default_number, errs);
  if (p.mode == store::PoolMode::Dynamic) {
    phone("/base_number", p.base_number, errs);
    if (!p.base_number.empty() && !p.base_number.starts_with("0078")) {
      errs.push_back({"/base_number", "must be a 0078 number"});
    } else if (p.base_number.empty()) {
      errs.push_back({"/base_number", "is required for a dynamic pool"});
    } else if (p.base_number.size() + static_cast<size_t>(p.suffix_digits) > 20) {
      errs.push_back({"/suffix_digits", "makes the number longer than 20 digits"});
    }
    if (!p.numbers.empty()) errs.push_back({"/number_ids", "a dynamic pool has no numbers"});
  } else {
    if (p.numbers.empty()) errs.push_back({"/number_ids", "at least one number is required"});
    p.base_number.clear();
  }
  if (p.max_lease_sec < p.idle_release_sec && p.mode != store::PoolMode::OneTime) {
    errs.push_back({"/max_lease_sec", "must not be shorter than idle_release_sec"});
  }
  if (p.exhaustion == store::PoolExhaustion::Overflow && p.overflow_number.empty()) {
    errs.push_back({"/overflow_number", "is required when exhaustion is overflow"});
  }
  for (size_t i = 0; i < p.allowed_origins.size(); ++i) {
    if (!isOrigin(p.allowed_origins[i])) {
      errs.push_back({"/allowed_origins/" + std::to_string(i),
                      "must be \"*\" or scheme://host[:port] (no path)"});
    }
  }
  return errs;
}

}  // namespace hk::service
