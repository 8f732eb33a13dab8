#include "service/shapes.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/enum_names.hpp"

namespace hk::service {

namespace {
Json optionalId(domain::Id id) { return id == 0 ? Json(nullptr) : Json(id); }
}  // namespace

ObjectReader::ObjectReader(const Json& j, FieldErrors& errs, std::string base)
    : j_(j), errs_(errs), base_(std::move(base)), ok_(j.is_object()) {
  if (!ok_) errs_.push_back({base_.empty() ? "/" : base_, "must be a JSON object"});
}

bool ObjectReader::has(const char* key) const { return ok_ && j_.contains(key); }

const Json* ObjectReader::field(const char* key) {
  seen_.emplace_back(key);
  if (!ok_) return nullptr;
  auto it = j_.find(key);
  return it == j_.end() ? nullptr : &*it;
}

void ObjectReader::error(const std::string& key, const std::string& reason) {
  errs_.push_back({base_ + "/" + key, reason});
}

void ObjectReader::str(const char* key, std::string& out, size_t max_len) {
  const Json* v = field(key);
  if (!v) return;
  if (!v->is_string()) return error(key, "must be a string");
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_len) return error(key, fmt::format("must be at most {} bytes", max_len));
  out = s;
}

void ObjectReader::integer(const char* key, int64_t& out, int64_t min, int64_t max) {
  const Json* v = field(key);
  if (!v) return;
  if (!v->is_number_integer()) return error(key, "must be an integer");
  int64_t x =
      v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX ? INT64_MAX : v->get<int64_t>();
  if (x < min || x > max) return error(key, fmt::format("must be between {} and {}", min, max));
  out = x;
}

void ObjectReader::integer(const char* key, int& out, int min, int max) {
  int64_t v = out;
  integer(key, v, min, max);
  out = static_cast<int>(v);
}

void ObjectReader::id(const char* key, domain::Id& out) {
  const Json* v = field(key);
  if (!v) return;
  if (v->is_null()) {
    out = 0;
    return;
  }
  if (!v->is_number_integer() || v->get<int64_t>() <= 0) {
    return error(key, "must be a positive integer id or null");
  }
  out = v->get<int64_t>();
}

void ObjectReader::boolean(const char* key, bool& out) {
  const Json* v = field(key);
  if (!v) return;
  if (!v->is_boolean()) return error(key, "must be true or false");
  out = v->get<bool>();
}

void ObjectReader::strings(const char* key, std::vector<std::string>& out, size_t max_items,
                           size_t max_len) {
  const Json* v = field(key);
  if (!v) return;
  if (!v->is_array()) return error(key, "must be an array of strings");
  if (v->size() > max_items) return error(key, fmt::format("at most {} items", max_items));
  std::vector<std::string> tmp;
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    if (!e.is_string() || e.get_ref<const std::string&>().size() > max_len) {
      return error(fmt::format("{}/{}", key, i),
                   fmt::format("must be a string of at most {} bytes", max_len));
    }
    tmp.push_back(e.get<std::string>());
  }
  out = std::move(tmp);
}

template <class E>
void ObjectReader::enumeration(const char* key, E& out) {
  const Json* v = field(key);
  if (!v) return;
  E tmp;
  if (!v->is_string() || !domain::parse(v->get_ref<const std::string&>(), tmp)) {
    return error(key, "is not one of the allowed values");
  }
  out = tmp;
}
template void ObjectReader::enumeration(const char*, domain::NumberType&);
template void ObjectReader::enumeration(const char*, domain::NumberState&);
template void ObjectReader::enumeration(const char*, domain::Role&);

void ObjectReader::rejectUnknown(const std::vector<std::string>& allow) {
  if (!ok_) return;
  for (const auto& [k, v] : j_.items()) {
    bool known = std::find(seen_.begin(), seen_.end(), k) != seen_.end() ||
                 std::find(allow.begin(), allow.end(), k) != allow.end();
    if (!known) error(k, "unknown field");
  }
}

Json toJson(const domain::Operator& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"timezone", o.timezone},
          {"created_at", formatUtc(o.created_at)},
          {"updated_at", formatUtc(o.updated_at)}};
}

Json toJson(const domain::Advertiser& a) {
  return {{"id", a.id},
          {"operator_id", a.operator_id},
          {"name", a.name},
          {"timezone", a.timezone},
          {"max_lines", a.max_lines},
          {"active", a.active},
          {"created_at", formatUtc(a.created_at)},
          {"updated_at", formatUtc(a.updated_at)}};
}

Json toJson(const domain::TrackingNumber& n) {
  auto info = domain::typeInfo(n.type);
  return {{"id", n.id},
          {"operator_id", n.operator_id},
          {"advertiser_id", optionalId(n.advertiser_id)},
          {"number", n.number},
          {"type", domain::name(n.type)},
          {"free_call", info.free_call},
          {"shows_caller_number", info.shows_caller_number},
          {"name", n.name},
          {"destinations", n.destinations},
          {"state", domain::name(n.state)},
          {"max_lines", n.max_lines},
          {"ring_timeout_sec", n.ring_timeout_sec},
          {"trunk", n.trunk},
          {"initial_cost", n.initial_cost},
          {"monthly_cost", n.monthly_cost},
          {"created_at", formatUtc(n.created_at)},
          {"updated_at", formatUtc(n.updated_at)}};
}

Json toJson(const domain::User& u) {
  return {{"id", u.id},
          {"login", u.login},
          {"display_name", u.display_name},
          {"role", domain::name(u.role)},
          {"operator_id", optionalId(u.operator_id)},
          {"advertiser_id", u.advertiser_id ? Json(*u.advertiser_id) : Json(nullptr)},
          {"disabled", u.disabled},
          {"created_at", formatUtc(u.created_at)},
          {"updated_at", formatUtc(u.updated_at)}};
}

Json toJson(const domain::ApiKey& k) {
  return {{"id", k.id},
          {"prefix", k.prefix},
          {"name", k.name},
          {"role", domain::name(k.role)},
          {"operator_id", optionalId(k.operator_id)},
          {"advertiser_id", k.advertiser_id ? Json(*k.advertiser_id) : Json(nullptr)},
          {"created_at", formatUtc(k.created_at)},
          {"last_used_at", k.last_used_at ? Json(formatUtc(*k.last_used_at)) : Json(nullptr)},
          {"revoked_at", k.revoked_at ? Json(formatUtc(*k.revoked_at)) : Json(nullptr)}};
}

static const std::vector<std::string> kReadOnly = {"id", "created_at", "updated_at"};

static std::vector<std::string> plus(std::vector<std::string> a,
                                     const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void readOperator(const Json& j, domain::Operator& into, FieldErrors& errs, const std::string& base,
                  const std::vector<std::string>& allow) {
  ObjectReader r(j, errs, base);
  r.str("name", into.name);
  r.str("timezone", into.timezone, 64);
  r.rejectUnknown(plus(kReadOnly, allow));
}

void readAdvertiser(const Json& j, domain::Advertiser& into, FieldErrors& errs,
                    const std::string& base, const std::vector<std::string>& allow) {
  ObjectReader r(j, errs, base);
  r.id("operator_id", into.operator_id);
  r.str("name", into.name);
  r.str("timezone", into.timezone, 64);
  r.integer("max_lines", into.max_lines, 0, 100000);
  r.boolean("active", into.active);
  r.rejectUnknown(plus(kReadOnly, allow));
}

void readNumber(const Json& j, domain::TrackingNumber& into, bool& type_given, FieldErrors& errs,
                const std::string& base, const std::vector<std::string>& allow) {
  ObjectReader r(j, errs, base);
  type_given = r.has("type");
  r.id("operator_id", into.operator_id);
  r.id("advertiser_id", into.advertiser_id);
  r.str("number", into.number, 40);
  r.enumeration("type", into.type);
  r.str("name", into.name);
  r.strings("destinations", into.destinations, domain::kMaxDestinations);
  r.enumeration("state", into.state);
  r.integer("max_lines", into.max_lines, 0, 10000);
  r.integer("ring_timeout_sec", into.ring_timeout_sec, 1, 300);
  r.str("trunk", into.trunk, 64);
  r.integer("initial_cost", into.initial_cost, 0, 100000000);
  r.integer("monthly_cost", into.monthly_cost, 0, 100000000);
  // Derived, read-only fields a client may send back unchanged.
  r.rejectUnknown(plus(plus(kReadOnly, {"free_call", "shows_caller_number"}), allow));
}

}  // namespace hk::service
