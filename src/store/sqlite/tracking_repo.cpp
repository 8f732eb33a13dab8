// Number pools, leases, visitors, transitions and monthly counts (0003_tracking.sql).
// Parameter lists and origin lists are JSON in one TEXT column.
#include "store/sqlite/tracking_repo.hpp"

#include <nlohmann/json.hpp>

#include "store/sqlite/query.hpp"

namespace hk::store::sqlite {
namespace {

using nlohmann::json;

constexpr std::string_view kPoolColumns =
    "id, operator_id, advertiser_id, pool_key, name, mode, base_number, suffix_digits,"
    " idle_release_sec, max_lease_sec, cooldown_sec, match_window_sec, selection, exhaustion,"
    " overflow_number, default_number, allowed_origins, visitor_rate_per_min,"
    " pool_rate_per_sec, active, created_at_ms, updated_at_ms";

constexpr SortColumn kPoolSort[] = {
    {"id", "id"},
    {"name", "name"},
    {"advertiser_id", "advertiser_id"},
    {"mode", "mode"},
    {"created_at", "created_at_ms"},
};

constexpr std::string_view kLeaseColumns =
    "id, pool_id, number_id, number, suffix, visitor_id, params, confidence, shared,"
    " issued_at_ms, renewed_at_ms, expires_at_ms, ended_at_ms, end_cause";

std::string dumpJson(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string paramsJson(const TrackingParams& p) {
  json a = json::array();
  for (const auto& [k, v] : p) a.push_back(json::array({k, v}));
  return dumpJson(a);
}

bool parseParams(const std::string& text, TrackingParams& out) {
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return false;
  for (const auto& kv : j) {
    if (!kv.is_array() || kv.size() != 2 || !kv[0].is_string() || !kv[1].is_string()) {
      return false;
    }
    out.emplace_back(kv[0].get<std::string>(), kv[1].get<std::string>());
  }
  return true;
}

bool parseStrings(const std::string& text, std::vector<std::string>& out) {
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return false;
  for (const auto& s : j) {
    if (!s.is_string()) return false;
    out.push_back(s.get<std::string>());
  }
  return true;
}

Result<TrackingPool> readPool(const Stmt& s) {
  TrackingPool p;
  bool good = true;
  p.id = s.i64(0);
  p.operator_id = s.i64(1);
  p.advertiser_id = s.i64(2);
  p.key = s.text(3);
  p.name = s.text(4);
  good = parsePoolMode(s.text(5), p.mode) && good;
  p.base_number = s.text(6);
  p.suffix_digits = static_cast<int>(s.i64(7));
  p.idle_release_sec = static_cast<int>(s.i64(8));
  p.max_lease_sec = static_cast<int>(s.i64(9));
  p.cooldown_sec = static_cast<int>(s.i64(10));
  p.match_window_sec = static_cast<int>(s.i64(11));
  good = parsePoolSelection(s.text(12), p.selection) && good;
  good = parsePoolExhaustion(s.text(13), p.exhaustion) && good;
  p.overflow_number = s.text(14);
  p.default_number = s.text(15);
  good = parseStrings(s.text(16), p.allowed_origins) && good;
  p.visitor_rate_per_min = static_cast<int>(s.i64(17));
  p.pool_rate_per_sec = static_cast<int>(s.i64(18));
  p.active = s.flag(19);
  p.created_at = s.time(20);
  p.updated_at = s.time(21);
  if (!good) return corruptRow("tracking_pools");
  return p;
}

void bindPool(Stmt& s, const TrackingPool& p) {
  s.bind(p.operator_id)
      .bind(p.advertiser_id)
      .bind(p.key)
      .bind(p.name)
      .bind(poolModeName(p.mode))
      .bind(p.base_number)
      .bind(p.suffix_digits)
      .bind(p.idle_release_sec)
      .bind(p.max_lease_sec)
      .bind(p.cooldown_sec)
      .bind(p.match_window_sec)
      .bind(poolSelectionName(p.selection))
      .bind(poolExhaustionName(p.exhaustion))
      .bind(p.overflow_number)
      .bind(p.default_number)
      .bind(dumpJson(json(p.allowed_origins)))
      .bind(p.visitor_rate_per_min)
      .bind(p.pool_rate_per_sec)
      .bind(p.active);
}

Result<LeaseRow> readLease(const Stmt& s) {
  LeaseRow l;
  l.id = s.text(0);
  l.pool_id = s.i64(1);
  l.number_id = s.i64(2);
  l.number = s.text(3);
  l.suffix = s.text(4);
  l.visitor_id = s.text(5);
  if (!parseParams(s.text(6), l.params)) return corruptRow("tracking_leases");
  l.confidence = static_cast<double>(s.i64(7)) / 1000.0;
  l.shared = s.flag(8);
  l.issued_at = s.time(9);
  l.renewed_at = s.time(10);
  l.expires_at = s.time(11);
  l.ended_at = s.optTime(12);
  l.end_cause = s.text(13);
  return l;
}

std::string poolSelect(std::string_view where) {
  std::string sql = "SELECT ";
  sql.append(kPoolColumns).append(" FROM tracking_pools WHERE ").append(where);
  return sql;
}

}  // namespace

Status SqlTrackingRepo::saveNumbers(const TrackingPool& p) {
  auto del = c_.prepare("DELETE FROM tracking_pool_numbers WHERE pool_id = ?");
  if (!del) return del.error();
  if (auto st = del->bind(p.id).run(); !st) return st;
  int pos = 0;
  for (const auto& n : p.numbers) {
    auto ins = c_.prepare(
        "INSERT INTO tracking_pool_numbers (pool_id, number_id, position) VALUES (?, ?, ?)");
    if (!ins) return ins.error();
    if (auto st = ins->bind(p.id).bind(n.number_id).bind(pos++).run(); !st) {
      Error e = st.error();
      if (e.code == Code::Conflict) {
        return fail(Code::Conflict, "number " + n.number + " is already in a pool", "/number_ids");
      }
      return missingReference(e, "no such number", "/number_ids");
    }
  }
  return ok();
}

Status SqlTrackingRepo::loadNumbers(TrackingPool& p) {
  auto s = c_.prepare(
      "SELECT n.id, n.number FROM tracking_pool_numbers pn JOIN tracking_numbers n"
      " ON n.id = pn.number_id WHERE pn.pool_id = ? ORDER BY pn.position");
  if (!s) return s.error();
  s->bind(p.id);
  p.numbers.clear();
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return ok();
    p.numbers.push_back({s->i64(0), s->text(1)});
  }
}

Result<TrackingPool> SqlTrackingRepo::insertPool(const TrackingPool& p) {
  auto s = c_.prepare(
      "INSERT INTO tracking_pools (operator_id, advertiser_id, pool_key, name, mode, base_number,"
      " suffix_digits, idle_release_sec, max_lease_sec, cooldown_sec, match_window_sec,"
      " selection, exhaustion, overflow_number, default_number, allowed_origins,"
      " visitor_rate_per_min, pool_rate_per_sec, active, created_at_ms, updated_at_ms)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  const WallTime now = clock_.now();
  bindPool(*s, p);
  if (auto st = s->bind(now).bind(now).run(); !st) {
    Error e = st.error();
    if (e.code == Code::Conflict && !isForeignKeyError(e)) {
      return fail(Code::Conflict, "pool key is already taken", "/key");
    }
    return missingReference(e, "no such operator or advertiser", "/advertiser_id");
  }
  TrackingPool out = p;
  out.id = c_.lastInsertId();
  out.created_at = out.updated_at = now;
  if (auto st = saveNumbers(out); !st) return st.error();
  return out;
}

Result<TrackingPool> SqlTrackingRepo::getPool(Id id) {
  static const std::string sql = poolSelect("id = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  auto p = fetchOne(*s, "pool", readPool);
  if (!p) return p;
  if (auto st = loadNumbers(*p); !st) return st.error();
  return p;
}

Result<TrackingPool> SqlTrackingRepo::findPoolByKey(const std::string& key) {
  static const std::string sql = poolSelect("pool_key = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(key);
  auto p = fetchOne(*s, "pool", readPool);
  if (!p) return p;
  if (auto st = loadNumbers(*p); !st) return st.error();
  return p;
}

Result<Page<TrackingPool>> SqlTrackingRepo::listPools(const Scope& sc, const PageRequest& p) {
  Where w;
  if (sc.operator_id != 0) w.add("operator_id = ?", {sc.operator_id});
  if (sc.advertiser_id) w.add("advertiser_id = ?", {*sc.advertiser_id});
  auto page =
      listPage<TrackingPool>(c_, kPoolColumns, "tracking_pools", w, p, {kPoolSort}, readPool);
  if (!page) return page;
  for (auto& pool : page->items) {
    if (auto st = loadNumbers(pool); !st) return st.error();
  }
  return page;
}

Result<std::vector<TrackingPool>> SqlTrackingRepo::allPools() {
  static const std::string sql = poolSelect("1 = 1 ORDER BY id");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  std::vector<TrackingPool> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) break;
    auto p = readPool(*s);
    if (!p) return p.error();
    out.push_back(std::move(*p));
  }
  for (auto& p : out) {
    if (auto st = loadNumbers(p); !st) return st.error();
  }
  return out;
}

Result<TrackingPool> SqlTrackingRepo::updatePool(const TrackingPool& p) {
  auto s = c_.prepare(
      "UPDATE tracking_pools SET operator_id = ?, advertiser_id = ?, pool_key = ?, name = ?,"
      " mode = ?, base_number = ?, suffix_digits = ?, idle_release_sec = ?, max_lease_sec = ?,"
      " cooldown_sec = ?, match_window_sec = ?, selection = ?, exhaustion = ?,"
      " overflow_number = ?, default_number = ?, allowed_origins = ?, visitor_rate_per_min = ?,"
      " pool_rate_per_sec = ?, active = ?, updated_at_ms = ? WHERE id = ?");
  if (!s) return s.error();
  bindPool(*s, p);
  if (auto st = s->bind(clock_.now()).bind(p.id).run(); !st) {
    Error e = st.error();
    if (e.code == Code::Conflict && !isForeignKeyError(e)) {
      return fail(Code::Conflict, "pool key is already taken", "/key");
    }
    return missingReference(e, "no such operator or advertiser", "/advertiser_id");
  }
  if (auto r = affectedOne(c_, ok(), "pool"); !r) return r.error();
  if (auto st = saveNumbers(p); !st) return st.error();
  return getPool(p.id);
}

Status SqlTrackingRepo::removePool(Id id) {
  auto s = c_.prepare("DELETE FROM tracking_pools WHERE id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(id).run(), "pool");
}

Status SqlTrackingRepo::saveLease(const LeaseRow& l) {
  auto s = c_.prepare(
      "INSERT INTO tracking_leases (id, pool_id, number_id, number, suffix, visitor_id, params,"
      " confidence, shared, issued_at_ms, renewed_at_ms, expires_at_ms, ended_at_ms, end_cause)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
      " params = excluded.params, confidence = excluded.confidence,"
      " renewed_at_ms = excluded.renewed_at_ms, expires_at_ms = excluded.expires_at_ms,"
      " ended_at_ms = excluded.ended_at_ms, end_cause = excluded.end_cause");
  if (!s) return s.error();
  s->bind(l.id)
      .bind(l.pool_id)
      .bindIdOrNull(l.number_id)
      .bind(l.number)
      .bind(l.suffix)
      .bind(l.visitor_id)
      .bind(paramsJson(l.params))
      .bind(static_cast<int64_t>(l.confidence * 1000.0 + 0.5))
      .bind(l.shared)
      .bind(l.issued_at)
      .bind(l.renewed_at)
      .bind(l.expires_at)
      .bind(l.ended_at)
      .bind(l.end_cause);
  return s->run();
}

Result<std::vector<LeaseRow>> SqlTrackingRepo::recentLeases(Id pool_id, WallTime since) {
  std::string sql = "SELECT ";
  sql.append(kLeaseColumns)
      .append(
          " FROM tracking_leases WHERE pool_id = ? AND (ended_at_ms IS NULL OR ended_at_ms >= ?)"
          " ORDER BY issued_at_ms");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(pool_id).bind(since);
  std::vector<LeaseRow> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return out;
    auto l = readLease(*s);
    if (!l) return l.error();
    out.push_back(std::move(*l));
  }
}

Status SqlTrackingRepo::saveVisitor(const VisitorRow& v) {
  auto s = c_.prepare(
      "INSERT INTO tracking_visitors (id, pool_id, first_params, last_params, first_seen_ms,"
      " last_seen_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
      " last_params = excluded.last_params, last_seen_ms = excluded.last_seen_ms");
  if (!s) return s.error();
  return s->bind(v.id)
      .bind(v.pool_id)
      .bind(paramsJson(v.first_params))
      .bind(paramsJson(v.last_params))
      .bind(v.first_seen)
      .bind(v.last_seen)
      .run();
}

Result<VisitorRow> SqlTrackingRepo::getVisitor(const std::string& id) {
  auto s = c_.prepare(
      "SELECT id, pool_id, first_params, last_params, first_seen_ms, last_seen_ms"
      " FROM tracking_visitors WHERE id = ?");
  if (!s) return s.error();
  s->bind(id);
  return fetchOne(*s, "visitor", [](const Stmt& r) -> Result<VisitorRow> {
    VisitorRow v;
    v.id = r.text(0);
    v.pool_id = r.i64(1);
    if (!parseParams(r.text(2), v.first_params) || !parseParams(r.text(3), v.last_params)) {
      return corruptRow("tracking_visitors");
    }
    v.first_seen = r.time(4);
    v.last_seen = r.time(5);
    return v;
  });
}

Status SqlTrackingRepo::addTransitions(const std::vector<TransitionRow>& rows) {
  for (const auto& t : rows) {
    auto s = c_.prepare(
        "INSERT INTO tracking_transitions (pool_id, number, from_state, to_state, cause,"
        " lease_id, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!s) return s.error();
    s->bind(t.pool_id).bind(t.number).bind(t.from_state).bind(t.to_state).bind(t.cause);
    if (auto st = s->bind(t.lease_id).bind(t.at).run(); !st) return st;
  }
  return ok();
}

Status SqlTrackingRepo::addMonthly(const MonthlyCount& d) {
  auto s = c_.prepare(
      "INSERT INTO tracking_monthly (pool_id, month, issued, exhausted) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (pool_id, month) DO UPDATE SET issued = issued + excluded.issued,"
      " exhausted = exhausted + excluded.exhausted");
  if (!s) return s.error();
  return s->bind(d.pool_id).bind(d.month).bind(d.issued).bind(d.exhausted).run();
}

Result<std::vector<MonthlyCount>> SqlTrackingRepo::monthly(Id pool_id) {
  auto s = c_.prepare(
      "SELECT pool_id, month, issued, exhausted FROM tracking_monthly WHERE pool_id = ?"
      " ORDER BY month");
  if (!s) return s.error();
  s->bind(pool_id);
  std::vector<MonthlyCount> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back({s->i64(0), s->text(1), s->i64(2), s->i64(3)});
  }
}

}  // namespace hk::store::sqlite
