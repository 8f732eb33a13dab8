#include "service/shapes.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/enum_names.hpp"
#include "service/recording_shape.hpp"

namespace hk::service {

namespace {
Json optionalId(domain::Id id) { return id == 0 ? Json(nullptr) : Json(id); }
}  // namespace

Json toJson(const domain::Operator& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"timezone", o.timezone},
          {"created_at", formatUtc(o.created_at)},
          {"updated_at", formatUtc(o.updated_at)}};
}

Json judgementJson(const domain::JudgementSettings& j) {
  Json rules = Json::array();
  for (const auto& r : j.ivr_rules) {
    rules.push_back({{"var", r.var}, {"value", r.value}, {"min_talk_sec", r.min_talk_sec}});
  }
  return {{"valid_threshold_sec", j.valid_threshold_sec},
          {"duplicate_window_sec", j.duplicate_window_sec},
          {"ivr_rules", rules}};
}

Json toJson(const domain::Advertiser& a) {
  return {{"id", a.id},
          {"operator_id", a.operator_id},
          {"name", a.name},
          {"timezone", a.timezone},
          {"max_lines", a.max_lines},
          {"active", a.active},
          {"judgement", judgementJson(a.judgement)},
          {"recording", recordingJson(a.recording)},
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
          {"recording", recordingJson(n.recording)},
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

void readJudgement(const Json& j, domain::JudgementSettings& into, FieldErrors& errs,
                   const std::string& base) {
  ObjectReader r(j, errs, base);
  if (!r.isObject()) return;
  r.integer("valid_threshold_sec", into.valid_threshold_sec, 0, kMaxValidThresholdSec);
  r.integer("duplicate_window_sec", into.duplicate_window_sec, 0, kMaxDuplicateWindowSec);
  if (r.has("ivr_rules")) {
    const Json& a = j["ivr_rules"];
    std::string at = base + "/ivr_rules";
    if (!a.is_array()) {
      errs.push_back({at, "must be an array"});
    } else if (a.size() > kMaxIvrRules) {
      errs.push_back({at, fmt::format("must have at most {} rules", kMaxIvrRules)});
    } else {
      std::vector<domain::IvrValidRule> rules(a.size());
      size_t before = errs.size();
      for (size_t i = 0; i < a.size(); ++i) {
        std::string item = at + "/" + std::to_string(i);
        ObjectReader ri(a[i], errs, item);
        if (!ri.isObject()) continue;
        for (const char* key : {"var", "value"}) {
          if (!ri.has(key)) errs.push_back({jsonPointer(item, key), "is required"});
        }
        ri.str("var", rules[i].var, 64);
        ri.str("value", rules[i].value, 64);
        ri.integer("min_talk_sec", rules[i].min_talk_sec, 0, kMaxValidThresholdSec);
        ri.rejectUnknown();
      }
      if (errs.size() == before) into.ivr_rules = std::move(rules);
    }
  }
  r.rejectUnknown({"ivr_rules"});
}

void readAdvertiser(const Json& j, domain::Advertiser& into, FieldErrors& errs,
                    const std::string& base, const std::vector<std::string>& allow) {
  ObjectReader r(j, errs, base);
  r.id("operator_id", into.operator_id);
  r.str("name", into.name);
  r.str("timezone", into.timezone, 64);
  r.integer("max_lines", into.max_lines, 0, 100000);
  r.boolean("active", into.active);
  if (r.has("judgement")) readJudgement(j["judgement"], into.judgement, errs, base + "/judgement");
  if (r.has("recording")) readRecording(j["recording"], into.recording, errs, base + "/recording");
  r.rejectUnknown(plus(plus(kReadOnly, {"judgement", "recording"}), allow));
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
  if (r.has("recording")) readRecording(j["recording"], into.recording, errs, base + "/recording");
  // Derived, read-only fields a client may send back unchanged.
  r.rejectUnknown(plus(plus(kReadOnly, {"free_call", "shows_caller_number", "recording"}), allow));
}

}  // namespace hk::service
