#include "domain/call_record_json.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "domain/enum_names.hpp"

namespace hk::domain {
namespace {

using nlohmann::json;

json timeOrNull(const std::optional<WallTime>& t) { return t ? json(formatUtc(*t)) : json(); }

// Reads keys of one JSON object into typed fields; the first problem is kept in error().
// A missing (or, for optional values, null) key leaves the field as it is.
class Reader {
 public:
  Reader(const json& j, std::string pointer) : j_(j), pointer_(std::move(pointer)) {}

  const json* find(const char* key) {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  void str(const char* key, std::string& out) {
    if (const json* v = find(key)) {
      if (v->is_string()) {
        out = v->get<std::string>();
      } else {
        bad(key, "must be a string");
      }
    }
  }
  template <class Int>
  void integer(const char* key, Int& out) {
    if (const json* v = find(key)) {
      if (!v->is_number_integer()) return bad(key, "must be an integer");
      int64_t x = 0;
      if (v->is_number_unsigned()) {
        auto u = v->get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return bad(key, "is out of range");
        }
        x = static_cast<int64_t>(u);
      } else {
        x = v->get<int64_t>();
      }
      if (x < std::numeric_limits<Int>::min() || x > std::numeric_limits<Int>::max()) {
        return bad(key, "is out of range");
      }
      out = static_cast<Int>(x);
    }
  }
  void boolean(const char* key, bool& out) {
    if (const json* v = find(key)) {
      if (v->is_boolean()) {
        out = v->get<bool>();
      } else {
        bad(key, "must be true or false");
      }
    }
  }
  void time(const char* key, WallTime& out) {
    if (const json* v = find(key)) {
      if (!v->is_string() || !parseUtc(v->get<std::string>(), out)) {
        bad(key, "must be an ISO-8601 UTC time");
      }
    }
  }
  void optTime(const char* key, std::optional<WallTime>& out) {
    const json* v = find(key);
    if (v == nullptr || v->is_null()) {
      out.reset();
      return;
    }
    WallTime t{};
    if (!v->is_string() || !parseUtc(v->get<std::string>(), t)) {
      bad(key, "must be an ISO-8601 UTC time or null");
      return;
    }
    out = t;
  }
  template <class E>
  void enumName(const char* key, E& out) {
    if (const json* v = find(key)) {
      if (!v->is_string() || !parse(v->get<std::string>(), out)) bad(key, "unknown value");
    }
  }
  void strMap(const char* key, std::map<std::string, std::string>& out) {
    const json* v = find(key);
    if (v == nullptr || v->is_null()) return;
    if (!v->is_object()) {
      bad(key, "must be an object of strings");
      return;
    }
    for (const auto& [k, s] : v->items()) {
      if (!s.is_string()) {
        bad(key, "must be an object of strings");
        return;
      }
      out[k] = s.get<std::string>();
    }
  }
  void real(const char* key, double& out) {
    if (const json* v = find(key)) {
      if (v->is_number()) {
        out = v->get<double>();
      } else {
        bad(key, "must be a number");
      }
    }
  }
  void strList(const char* key, std::vector<std::string>& out) {
    const json* v = find(key);
    if (v == nullptr || v->is_null()) return;
    if (!v->is_array()) {
      bad(key, "must be an array of strings");
      return;
    }
    for (const auto& s : *v) {
      if (!s.is_string()) {
        bad(key, "must be an array of strings");
        return;
      }
      out.push_back(s.get<std::string>());
    }
  }
  // A duration: "<base>_ms", else whole seconds "<base>_sec".
  void duration(const std::string& base, int64_t& out) {
    std::string ms = base + "_ms", sec = base + "_sec";
    if (find(ms.c_str()) != nullptr) {
      integer(ms.c_str(), out);
    } else if (find(sec.c_str()) != nullptr) {
      int64_t s = 0;
      integer(sec.c_str(), s);
      out = s * 1000;
    }
  }

  void bad(const std::string& key, const std::string& what) {
    if (!error_) error_ = Error::invalid(key + " " + what, pointer_ + "/" + key);
  }
  const std::optional<Error>& error() const { return error_; }

 private:
  const json& j_;
  std::string pointer_;
  std::optional<Error> error_;
};

json attemptJson(const CallAttempt& a) {
  return json{
      {"index", a.index},
      {"destination", a.destination},
      {"sip_code", a.sip_code},
      {"reason", a.reason},
      {"ring_ms", a.ring_ms},
      {"started_at", formatUtc(a.started_at)},
      {"answered_at", timeOrNull(a.answered_at)},
      {"ended_at", formatUtc(a.ended_at)},
  };
}

std::optional<Error> readAttempts(const json& j, std::vector<CallAttempt>& out) {
  auto it = j.find("attempts");
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) return Error::invalid("attempts must be an array", "/attempts");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& e = (*it)[i];
    std::string pointer = "/attempts/" + std::to_string(i);
    if (!e.is_object()) return Error::invalid("an attempt must be an object", pointer);
    Reader r(e, pointer);
    CallAttempt a;
    r.integer("index", a.index);
    r.str("destination", a.destination);
    r.integer("sip_code", a.sip_code);
    r.str("reason", a.reason);
    r.integer("ring_ms", a.ring_ms);
    r.time("started_at", a.started_at);
    r.optTime("answered_at", a.answered_at);
    r.time("ended_at", a.ended_at);
    if (r.error()) return r.error();
    out.push_back(std::move(a));
  }
  return std::nullopt;
}

}  // namespace

json toJson(const CallRecord& r) {
  json attempts = json::array();
  for (const auto& a : r.attempts) attempts.push_back(attemptJson(a));
  return json{
      {"seq_num", r.seq_num},
      {"trn_id", r.trn_id},
      {"state", name(r.state)},
      {"din_id", r.din_id},
      {"suffix", r.suffix},
      {"operator_id", r.operator_id},
      {"client_id", r.client_id},
      {"client_name", r.client_name},
      {"dialin_id", r.dialin_id},
      {"dialin_name", r.dialin_name},
      {"fwd_id", r.fwd_id},
      {"clr_id_cipher", r.clr_id_cipher},
      {"clr_id_index", r.clr_id_index},
      {"clr_id_masked", r.clr_id_masked},
      {"din_tms", formatUtc(r.din_tms)},
      {"ans_tms", timeOrNull(r.ans_tms)},
      {"tst_tms", timeOrNull(r.tst_tms)},
      {"eoc_tms", timeOrNull(r.eoc_tms)},
      {"calling_ms", r.calling_ms},
      {"talking_ms", r.talking_ms},
      {"conn_ms", r.conn_ms},
      {"calling_sec", r.calling_ms / 1000},
      {"talking_sec", r.talking_ms / 1000},
      {"conn_sec", r.conn_ms / 1000},
      {"dial_stat", name(r.dial_stat)},
      {"clr_type", name(r.clr_type)},
      {"fwd_type", name(r.fwd_type)},
      {"hup_usr", name(r.hup_usr)},
      {"logvars", json{{"valid_res", name(r.valid_res)}, {"valid_rule", r.valid_rule}}},
      {"nfy_email", r.nfy_email},
      {"nfy_http", r.nfy_http},
      {"call_charge", r.call_charge},
      {"fax", r.fax},
      {"end_reason", r.end_reason},
      {"sip_call_id", r.sip_call_id},
      {"region", r.region},
      {"params", r.params},
      {"vars", r.vars},
      {"attempts", std::move(attempts)},
      {"last_activity", formatUtc(r.last_activity)},
      {"flow_id", r.flow_id},
      {"flow_version", r.flow_version},
      {"flow_path", r.flow_path},
      {"recording", r.recording},
      {"recording_ms", r.recording_ms},
      {"recording_error", r.recording_error},
      {"voicemail", r.voicemail},
      {"voicemail_ms", r.voicemail_ms},
      {"voicemail_error", r.voicemail_error},
      {"visitor_id", r.visitor_id},
      {"lease_id", r.lease_id},
      {"pool_id", r.pool_id},
      {"attribution", r.attribution},
      {"attribution_confidence", r.attribution_confidence},
      {"attribution_candidates", r.attribution_candidates},
  };
}

Result<CallRecord> fromJson(const json& j) {
  if (!j.is_object()) return Error::invalid("a call record must be a JSON object", "");
  CallRecord c;
  Reader r(j, "");
  r.integer("seq_num", c.seq_num);
  r.str("trn_id", c.trn_id);
  r.enumName("state", c.state);
  r.str("din_id", c.din_id);
  r.str("suffix", c.suffix);
  r.integer("operator_id", c.operator_id);
  r.integer("client_id", c.client_id);
  r.str("client_name", c.client_name);
  r.integer("dialin_id", c.dialin_id);
  r.str("dialin_name", c.dialin_name);
  r.str("fwd_id", c.fwd_id);
  r.str("clr_id_cipher", c.clr_id_cipher);
  r.str("clr_id_index", c.clr_id_index);
  r.str("clr_id_masked", c.clr_id_masked);
  r.time("din_tms", c.din_tms);
  r.optTime("ans_tms", c.ans_tms);
  r.optTime("tst_tms", c.tst_tms);
  r.optTime("eoc_tms", c.eoc_tms);
  r.duration("calling", c.calling_ms);
  r.duration("talking", c.talking_ms);
  r.duration("conn", c.conn_ms);
  r.enumName("dial_stat", c.dial_stat);
  r.enumName("clr_type", c.clr_type);
  r.enumName("fwd_type", c.fwd_type);
  r.enumName("hup_usr", c.hup_usr);
  if (auto it = j.find("logvars"); it != j.end() && it->is_object()) {
    Reader lv(*it, "/logvars");
    lv.enumName("valid_res", c.valid_res);
    lv.str("valid_rule", c.valid_rule);
    if (lv.error()) return *lv.error();
  } else if (it != j.end() && !it->is_null()) {
    return Error::invalid("logvars must be an object", "/logvars");
  } else {
    r.enumName("valid_res", c.valid_res);
  }
  r.boolean("nfy_email", c.nfy_email);
  r.boolean("nfy_http", c.nfy_http);
  r.integer("call_charge", c.call_charge);
  r.boolean("fax", c.fax);
  r.str("end_reason", c.end_reason);
  r.str("sip_call_id", c.sip_call_id);
  r.str("region", c.region);
  r.strMap("params", c.params);
  r.strMap("vars", c.vars);
  r.time("last_activity", c.last_activity);
  r.integer("flow_id", c.flow_id);
  r.integer("flow_version", c.flow_version);
  r.strList("flow_path", c.flow_path);
  r.str("recording", c.recording);
  r.integer("recording_ms", c.recording_ms);
  r.str("recording_error", c.recording_error);
  r.str("voicemail", c.voicemail);
  r.integer("voicemail_ms", c.voicemail_ms);
  r.str("voicemail_error", c.voicemail_error);
  r.str("visitor_id", c.visitor_id);
  r.str("lease_id", c.lease_id);
  r.integer("pool_id", c.pool_id);
  r.str("attribution", c.attribution);
  r.real("attribution_confidence", c.attribution_confidence);
  r.strList("attribution_candidates", c.attribution_candidates);
  if (r.error()) return *r.error();
  if (c.trn_id.empty()) return Error::invalid("trn_id is required", "/trn_id");
  if (auto e = readAttempts(j, c.attempts)) return *e;
  return c;
}

}  // namespace hk::domain
