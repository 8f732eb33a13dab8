#pragma once
// Test support: the JSON form of CallFacts used by the golden outcome cases, and the
// "expect" object made from an Outcome. Times in the facts are "<event>_ms" offsets from the
// call's arrival on the monotonic clock; the wall time of an event is din_tms + offset, plus
// every wall-clock step ("wall_steps": [{"at_ms": 30000, "step_ms": -120000}]) that happened at
// or before it. Unknown keys are errors, so a typo cannot silently drop a fact.
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "calllog/outcome.hpp"
#include "domain/enum_names.hpp"

namespace hk::calllog::test {

struct WallStep {
  int64_t at_ms = 0;
  int64_t step_ms = 0;
};

struct StampMaker {
  WallTime base{};
  std::vector<WallStep> steps;
  Stamp at(int64_t offset_ms) const {
    int64_t wall = offset_ms;
    for (const auto& s : steps) {
      if (s.at_ms <= offset_ms) wall += s.step_ms;
    }
    return {base + std::chrono::milliseconds(wall),
            MonoTime{} + std::chrono::hours(1) + std::chrono::milliseconds(offset_ms)};
  }
};

inline Status checkKeys(const nlohmann::json& j, const std::set<std::string>& allowed,
                        const std::string& where) {
  if (!j.is_object()) return fail(Code::Invalid, where + " must be an object", where);
  for (const auto& [k, v] : j.items()) {
    if (!allowed.count(k)) return fail(Code::Invalid, "unknown key " + where + "." + k, k);
  }
  return ok();
}

inline Result<AttemptFacts> attemptFromJson(const nlohmann::json& j, const StampMaker& sm) {
  if (auto s = checkKeys(j,
                         {"destination", "sip_code", "reason", "started_ms", "answered_ms",
                          "ended_ms", "timed_out", "trunk_failed"},
                         "attempt");
      !s) {
    return s.error();
  }
  if (!j.contains("started_ms") || !j.contains("ended_ms")) {
    return fail(Code::Invalid, "attempt needs started_ms and ended_ms");
  }
  AttemptFacts a;
  a.destination = j.value("destination", "");
  a.sip_code = j.value("sip_code", 0);
  a.reason = j.value("reason", "");
  a.started = sm.at(j.at("started_ms").get<int64_t>());
  if (j.contains("answered_ms")) a.answered = sm.at(j.at("answered_ms").get<int64_t>());
  a.ended = sm.at(j.at("ended_ms").get<int64_t>());
  a.timed_out = j.value("timed_out", false);
  a.trunk_failed = j.value("trunk_failed", false);
  return a;
}

inline Result<CallFacts> factsFromJson(const nlohmann::json& j) {
  if (auto s = checkKeys(
          j,
          {"din_tms", "wall_steps", "ans_ms", "eoc_ms", "number_known", "blocked",
           "rejected_before_flow", "lines_full_no_queue", "queue_timed_out", "overload_503",
           "attempts", "first_forward_ms", "connected_ms", "conversation_ended_ms", "hung_up_first",
           "system_reason", "ended_in_voicemail_or_reception", "fax_detected"},
          "facts");
      !s) {
    return s.error();
  }
  StampMaker sm;
  if (!j.contains("din_tms") || !parseUtc(j.at("din_tms").get<std::string>(), sm.base)) {
    return fail(Code::Invalid, "facts.din_tms missing or not ISO-8601", "din_tms");
  }
  for (const auto& s : j.value("wall_steps", nlohmann::json::array())) {
    sm.steps.push_back({s.at("at_ms").get<int64_t>(), s.at("step_ms").get<int64_t>()});
  }
  if (!j.contains("eoc_ms")) return fail(Code::Invalid, "facts.eoc_ms missing", "eoc_ms");
  CallFacts f;
  f.arrived = sm.at(0);
  f.ended = sm.at(j.at("eoc_ms").get<int64_t>());
  auto optStamp = [&](const char* key, std::optional<Stamp>& out) {
    if (j.contains(key)) out = sm.at(j.at(key).get<int64_t>());
  };
  optStamp("ans_ms", f.answered_caller);
  optStamp("first_forward_ms", f.first_forward_start);
  optStamp("connected_ms", f.connected);
  optStamp("conversation_ended_ms", f.conversation_ended);
  f.number_known = j.value("number_known", true);
  f.blocked = j.value("blocked", false);
  f.rejected_before_flow = j.value("rejected_before_flow", false);
  f.lines_full_no_queue = j.value("lines_full_no_queue", false);
  f.queue_timed_out = j.value("queue_timed_out", false);
  f.overload_503 = j.value("overload_503", false);
  f.ended_in_voicemail_or_reception = j.value("ended_in_voicemail_or_reception", false);
  f.fax_detected = j.value("fax_detected", false);
  if (!domain::parse(j.value("hung_up_first", "system"), f.hung_up_first)) {
    return fail(Code::Invalid, "bad facts.hung_up_first", "hung_up_first");
  }
  if (!parse(j.value("system_reason", "none"), f.system_reason)) {
    return fail(Code::Invalid, "bad facts.system_reason", "system_reason");
  }
  for (const auto& aj : j.value("attempts", nlohmann::json::array())) {
    auto a = attemptFromJson(aj, sm);
    if (!a) return a.error();
    f.attempts.push_back(std::move(*a));
  }
  return f;
}

inline nlohmann::ordered_json expectOf(const Outcome& o) {
  nlohmann::ordered_json e;
  e["rule"] = std::string(name(o.rule));
  e["dial_stat"] = std::string(domain::name(o.dial_stat));
  e["hup_usr"] = std::string(domain::name(o.hup_usr));
  e["calling_sec"] = wholeSeconds(o.calling_ms);
  e["talking_sec"] = wholeSeconds(o.talking_ms);
  e["conn_sec"] = wholeSeconds(o.conn_ms);
  e["calling_ms"] = o.calling_ms;
  e["talking_ms"] = o.talking_ms;
  e["conn_ms"] = o.conn_ms;
  e["fwd_id"] = o.fwd_id;
  e["tst_tms"] = o.tst_tms ? nlohmann::ordered_json(formatUtc(*o.tst_tms)) : nullptr;
  e["eoc_tms"] = formatUtc(o.eoc_tms);
  e["fax"] = o.fax;
  e["end_reason"] = o.end_reason;
  auto rings = nlohmann::ordered_json::array();
  for (const auto& a : o.attempts) rings.push_back(a.ring_ms);
  e["ring_ms"] = rings;
  return e;
}

}  // namespace hk::calllog::test
