// The call log (SPEC §5): one row per call in call_logs, column names = the JSON keys, plus one
// row per forwarding attempt in call_attempts. seq_num comes from seq_counter inside the
// finalising transaction, so it is gap-free: a rolled-back finalisation gives its number back.
#include <nlohmann/json.hpp>

#include "store/sqlite/query.hpp"
#include "store/sqlite/repos.hpp"

namespace hk::store::sqlite {
namespace {

using domain::CallAttempt;
using domain::CallRecord;
using domain::CallState;

// Select list, INSERT column list and bind order (bindRecord) are the same. The first column
// (seq_num) and trn_id are not in the ON CONFLICT update list's "skip" set: every column but
// trn_id is replaced.
constexpr std::string_view kColumnList[] = {
    "seq_num", "trn_id", "state", "din_id", "suffix", "operator_id", "client_id", "client_name",
    "dialin_id", "dialin_name", "fwd_id", "clr_id_cipher", "clr_id_index", "clr_id_masked",
    "din_tms", "ans_tms", "tst_tms", "eoc_tms", "calling_ms", "talking_ms", "conn_ms", "dial_stat",
    "clr_type", "fwd_type", "hup_usr", "valid_res", "nfy_email", "nfy_http", "call_charge", "fax",
    "end_reason", "sip_call_id", "region", "params", "vars", "last_activity",
    // 0004_call_details.sql
    "valid_rule", "flow_id", "flow_version", "flow_path", "recording", "recording_ms",
    "recording_error", "voicemail", "voicemail_ms", "voicemail_error", "visitor_id", "lease_id",
    "pool_id", "attribution", "attribution_confidence", "attribution_candidates"};

const std::string& columns() {
  static const std::string text = [] {
    std::string out;
    for (auto c : kColumnList) out.append(out.empty() ? "" : ", ").append(c);
    return out;
  }();
  return text;
}

// INSERT, or on a known trn_id replace every column -- unless the stored call is finished.
const std::string& upsertSql() {
  static const std::string text = [] {
    std::string out = "INSERT INTO call_logs (" + columns() + ") VALUES (";
    for (size_t i = 0; i < std::size(kColumnList); ++i) out.append(i ? ", ?" : "?");
    out.append(") ON CONFLICT (trn_id) DO UPDATE SET ");
    bool first = true;
    for (auto c : kColumnList) {
      if (c == "trn_id") continue;
      out.append(first ? "" : ", ").append(c).append(" = excluded.").append(c);
      first = false;
    }
    out.append(" WHERE call_logs.state = 'in_progress'");
    return out;
  }();
  return text;
}

// Sortable columns: every column, plus the spec's *_sec names for the durations.
constexpr SortColumn kSort[] = {
    {"seq_num", "seq_num"},
    {"trn_id", "trn_id"},
    {"state", "state"},
    {"din_id", "din_id"},
    {"suffix", "suffix"},
    {"operator_id", "operator_id"},
    {"client_id", "client_id"},
    {"client_name", "client_name"},
    {"dialin_id", "dialin_id"},
    {"dialin_name", "dialin_name"},
    {"fwd_id", "fwd_id"},
    {"clr_id_masked", "clr_id_masked"},
    {"din_tms", "din_tms"},
    {"ans_tms", "ans_tms"},
    {"tst_tms", "tst_tms"},
    {"eoc_tms", "eoc_tms"},
    {"calling_ms", "calling_ms"},
    {"talking_ms", "talking_ms"},
    {"conn_ms", "conn_ms"},
    {"calling_sec", "calling_ms"},
    {"talking_sec", "talking_ms"},
    {"conn_sec", "conn_ms"},
    {"dial_stat", "dial_stat"},
    {"clr_type", "clr_type"},
    {"fwd_type", "fwd_type"},
    {"hup_usr", "hup_usr"},
    {"valid_res", "valid_res"},
    {"nfy_email", "nfy_email"},
    {"nfy_http", "nfy_http"},
    {"call_charge", "call_charge"},
    {"fax", "fax"},
    {"end_reason", "end_reason"},
    {"sip_call_id", "sip_call_id"},
    {"region", "region"},
    {"last_activity", "last_activity"},
    {"valid_rule", "valid_rule"},
    {"flow_id", "flow_id"},
    {"flow_version", "flow_version"},
    {"recording_ms", "recording_ms"},
    {"voicemail_ms", "voicemail_ms"},
    {"visitor_id", "visitor_id"},
    {"pool_id", "pool_id"},
    {"attribution", "attribution"},
    {"attribution_confidence", "attribution_confidence"},
};
constexpr SortSpec kSortSpec{kSort, "din_tms", /*default_desc=*/true,
                             /*default_forces_direction=*/true, "id"};

std::string mapJson(const std::map<std::string, std::string>& m) {
  return nlohmann::json(m).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string listJson(const std::vector<std::string>& v) {
  return nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool parseList(const std::string& text, std::vector<std::string>& out) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return false;
  for (const auto& v : j) {
    if (!v.is_string()) return false;
    out.push_back(v.get<std::string>());
  }
  return true;
}

bool parseMap(const std::string& text, std::map<std::string, std::string>& out) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) return false;
    out[k] = v.get<std::string>();
  }
  return true;
}

void bindRecord(Stmt& s, const CallRecord& r, std::optional<int64_t> seq, CallState state) {
  if (seq) {
    s.bind(*seq);
  } else {
    s.bindNull();
  }
  s.bind(r.trn_id)
      .bind(domain::name(state))
      .bind(r.din_id)
      .bind(r.suffix)
      .bind(r.operator_id)
      .bind(r.client_id)
      .bind(r.client_name)
      .bind(r.dialin_id)
      .bind(r.dialin_name)
      .bind(r.fwd_id)
      .bind(r.clr_id_cipher)
      .bind(r.clr_id_index)
      .bind(r.clr_id_masked)
      .bind(r.din_tms)
      .bind(r.ans_tms)
      .bind(r.tst_tms)
      .bind(r.eoc_tms)
      .bind(r.calling_ms)
      .bind(r.talking_ms)
      .bind(r.conn_ms)
      .bind(domain::name(r.dial_stat))
      .bind(domain::name(r.clr_type))
      .bind(domain::name(r.fwd_type))
      .bind(domain::name(r.hup_usr))
      .bind(domain::name(r.valid_res))
      .bind(r.nfy_email)
      .bind(r.nfy_http)
      .bind(r.call_charge)
      .bind(r.fax)
      .bind(r.end_reason)
      .bind(r.sip_call_id)
      .bind(r.region)
      .bind(mapJson(r.params))
      .bind(mapJson(r.vars))
      .bind(r.last_activity)
      .bind(r.valid_rule)
      .bind(r.flow_id)
      .bind(int64_t{r.flow_version})
      .bind(listJson(r.flow_path))
      .bind(r.recording)
      .bind(r.recording_ms)
      .bind(r.recording_error)
      .bind(r.voicemail)
      .bind(r.voicemail_ms)
      .bind(r.voicemail_error)
      .bind(r.visitor_id)
      .bind(r.lease_id)
      .bind(r.pool_id)
      .bind(r.attribution)
      .bind(r.attribution_confidence)
      .bind(listJson(r.attribution_candidates));
}

Result<CallRecord> readRecord(const Stmt& s) {
  CallRecord r;
  bool bad = false;
  r.seq_num = s.i64(0);
  r.trn_id = s.text(1);
  r.state = enumAt<CallState>(s, 2, bad);
  r.din_id = s.text(3);
  r.suffix = s.text(4);
  r.operator_id = s.i64(5);
  r.client_id = s.i64(6);
  r.client_name = s.text(7);
  r.dialin_id = s.i64(8);
  r.dialin_name = s.text(9);
  r.fwd_id = s.text(10);
  r.clr_id_cipher = s.text(11);
  r.clr_id_index = s.text(12);
  r.clr_id_masked = s.text(13);
  r.din_tms = s.time(14);
  r.ans_tms = s.optTime(15);
  r.tst_tms = s.optTime(16);
  r.eoc_tms = s.optTime(17);
  r.calling_ms = s.i64(18);
  r.talking_ms = s.i64(19);
  r.conn_ms = s.i64(20);
  r.dial_stat = enumAt<domain::DialStat>(s, 21, bad);
  r.clr_type = enumAt<domain::DeviceType>(s, 22, bad);
  r.fwd_type = enumAt<domain::DeviceType>(s, 23, bad);
  r.hup_usr = enumAt<domain::HupUsr>(s, 24, bad);
  r.valid_res = enumAt<domain::ValidRes>(s, 25, bad);
  r.nfy_email = s.flag(26);
  r.nfy_http = s.flag(27);
  r.call_charge = s.i64(28);
  r.fax = s.flag(29);
  r.end_reason = s.text(30);
  r.sip_call_id = s.text(31);
  r.region = s.text(32);
  if (!parseMap(s.text(33), r.params) || !parseMap(s.text(34), r.vars)) bad = true;
  r.last_activity = s.time(35);
  r.valid_rule = s.text(36);
  r.flow_id = s.i64(37);
  r.flow_version = static_cast<int>(s.i64(38));
  if (!parseList(s.text(39), r.flow_path)) bad = true;
  r.recording = s.text(40);
  r.recording_ms = s.i64(41);
  r.recording_error = s.text(42);
  r.voicemail = s.text(43);
  r.voicemail_ms = s.i64(44);
  r.voicemail_error = s.text(45);
  r.visitor_id = s.text(46);
  r.lease_id = s.text(47);
  r.pool_id = s.i64(48);
  r.attribution = s.text(49);
  r.attribution_confidence = s.f64(50);
  if (!parseList(s.text(51), r.attribution_candidates)) bad = true;
  if (bad) return corruptRow("call_logs");
  return r;
}

std::string selectWhere(std::string_view where) {
  std::string sql = "SELECT ";
  sql.append(columns()).append(" FROM call_logs WHERE ").append(where);
  return sql;
}

Status needTrnId(const CallRecord& r) {
  if (r.trn_id.empty()) return fail(Code::Invalid, "trn_id is required", "trn_id");
  return ok();
}

}  // namespace

Status SqlCallLogRepo::loadAttempts(CallRecord& r) {
  auto s = c_.prepare(
      "SELECT idx, destination, sip_code, reason, ring_ms, started_at_ms, answered_at_ms,"
      " ended_at_ms FROM call_attempts WHERE trn_id = ? ORDER BY id");
  if (!s) return s.error();
  s->bind(r.trn_id);
  r.attempts.clear();
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return ok();
    CallAttempt a;
    a.index = static_cast<int>(s->i64(0));
    a.destination = s->text(1);
    a.sip_code = static_cast<int>(s->i64(2));
    a.reason = s->text(3);
    a.ring_ms = s->i64(4);
    a.started_at = s->time(5);
    a.answered_at = s->optTime(6);
    a.ended_at = s->time(7);
    r.attempts.push_back(std::move(a));
  }
}

Status SqlCallLogRepo::replaceAttempts(const CallRecord& r) {
  auto del = c_.prepare("DELETE FROM call_attempts WHERE trn_id = ?");
  if (!del) return del.error();
  if (auto st = del->bind(r.trn_id).run(); !st) return st;
  for (const auto& a : r.attempts) {
    auto ins = c_.prepare(
        "INSERT INTO call_attempts (trn_id, idx, destination, sip_code, reason, ring_ms,"
        " started_at_ms, answered_at_ms, ended_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    auto st = ins->bind(r.trn_id)
                  .bind(a.index)
                  .bind(a.destination)
                  .bind(a.sip_code)
                  .bind(a.reason)
                  .bind(a.ring_ms)
                  .bind(a.started_at)
                  .bind(a.answered_at)
                  .bind(a.ended_at)
                  .run();
    if (!st) return st;
  }
  return ok();
}

Status SqlCallLogRepo::upsertInProgress(const CallRecord& r) {
  if (auto st = needTrnId(r); !st) return st;
  auto s = c_.prepare(upsertSql());
  if (!s) return s.error();
  bindRecord(*s, r, std::nullopt, CallState::InProgress);
  if (auto st = s->run(); !st) return st;
  if (c_.changes() == 0) return ok();  // already finished: the final record stays
  return replaceAttempts(r);
}

Result<CallRecord> SqlCallLogRepo::finalize(const CallRecord& r) {
  if (auto st = needTrnId(r); !st) return st.error();
  {
    auto s = c_.prepare("SELECT state FROM call_logs WHERE trn_id = ?");
    if (!s) return s.error();
    auto row = s->bind(r.trn_id).step();
    if (!row) return row.error();
    if (*row && s->text(0) == domain::name(CallState::Finished)) return getByTrnId(r.trn_id);
  }
  int64_t seq = 0;
  {
    auto s = c_.prepare(
        "UPDATE seq_counter SET value = value + 1 WHERE name = 'call_logs' RETURNING value");
    if (!s) return s.error();
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return Error::internal("seq_counter has no call_logs row");
    seq = s->i64(0);
    if (auto st = s->run(); !st) return st.error();  // finish the statement
  }
  auto s = c_.prepare(upsertSql());
  if (!s) return s.error();
  bindRecord(*s, r, seq, CallState::Finished);
  if (auto st = s->run(); !st) return st.error();
  if (auto st = replaceAttempts(r); !st) return st.error();
  CallRecord out = r;
  out.seq_num = seq;
  out.state = CallState::Finished;
  return out;
}

Result<CallRecord> SqlCallLogRepo::getByTrnId(const std::string& trn_id) {
  static const std::string sql = selectWhere("trn_id = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(trn_id);
  auto r = fetchOne(*s, "call", readRecord);
  if (!r) return r;
  if (auto st = loadAttempts(*r); !st) return st.error();
  return r;
}

Result<Page<CallRecord>> SqlCallLogRepo::list(const Scope& sc, const CallQuery& q,
                                              const PageRequest& p) {
  Where w;
  if (sc.operator_id != 0) w.add("operator_id = ?", {sc.operator_id});
  if (sc.advertiser_id) w.add("client_id = ?", {*sc.advertiser_id});
  if (q.from) w.add("din_tms >= ?", {toMillis(*q.from)});
  if (q.to) w.add("din_tms < ?", {toMillis(*q.to)});
  if (q.client_id) w.add("client_id = ?", {*q.client_id});
  if (q.dialin_id) w.add("dialin_id = ?", {*q.dialin_id});
  if (!q.din_id.empty()) w.add("din_id LIKE ? ESCAPE '\\'", {likePrefix(q.din_id)});
  if (!q.fwd_id.empty()) w.add("fwd_id = ?", {q.fwd_id});
  if (q.dial_stat) w.add("dial_stat = ?", {std::string(domain::name(*q.dial_stat))});
  if (q.hup_usr) w.add("hup_usr = ?", {std::string(domain::name(*q.hup_usr))});
  if (q.state) w.add("state = ?", {std::string(domain::name(*q.state))});
  if (!q.clr_id_index.empty()) w.add("clr_id_index = ?", {q.clr_id_index});
  auto page = listPage<CallRecord>(c_, columns(), "call_logs", w, p, kSortSpec, readRecord);
  if (!page) return page;
  for (auto& r : page->items) {
    if (auto st = loadAttempts(r); !st) return st.error();
  }
  return page;
}

Result<std::vector<CallRecord>> SqlCallLogRepo::inProgress() {
  static const std::string sql = selectWhere("state = 'in_progress' ORDER BY din_tms, id");
  std::vector<CallRecord> out;
  {
    auto s = c_.prepare(sql);
    if (!s) return s.error();
    for (;;) {
      auto row = s->step();
      if (!row) return row.error();
      if (!*row) break;
      auto r = readRecord(*s);
      if (!r) return r.error();
      out.push_back(std::move(*r));
    }
  }
  for (auto& r : out) {
    if (auto st = loadAttempts(r); !st) return st.error();
  }
  return out;
}

Status SqlCallLogRepo::touch(const std::string& trn_id, WallTime at) {
  auto s = c_.prepare("UPDATE call_logs SET last_activity = ? WHERE trn_id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(at).bind(trn_id).run(), "call");
}

}  // namespace hk::store::sqlite
