#include "store/sqlite/telemetry_repo.hpp"

#include "store/sqlite/query.hpp"

namespace hk::store::sqlite {

namespace {
// A pool deleted meanwhile: its telemetry has nowhere to go (and is not wanted).
bool poolGone(const Error& e) { return isForeignKeyError(e); }
}  // namespace

Status SqlTelemetryRepo::addMinutes(const std::vector<PoolMinute>& rows) {
  for (const auto& m : rows) {
    auto s = c_.prepare(
        "INSERT INTO tracking_pool_minutes (pool_id, minute_ms, size, observed_ms, capacity_ms,"
        " leased_ms, full_ms, peak_leased, issued, shared, overflow, default_served,"
        " leases_ended, lease_ms, late_calls, stray_calls)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (pool_id, minute_ms) DO UPDATE SET size = excluded.size,"
        " observed_ms = observed_ms + excluded.observed_ms,"
        " capacity_ms = capacity_ms + excluded.capacity_ms,"
        " leased_ms = leased_ms + excluded.leased_ms, full_ms = full_ms + excluded.full_ms,"
        " peak_leased = MAX(peak_leased, excluded.peak_leased),"
        " issued = issued + excluded.issued, shared = shared + excluded.shared,"
        " overflow = overflow + excluded.overflow,"
        " default_served = default_served + excluded.default_served,"
        " leases_ended = leases_ended + excluded.leases_ended,"
        " lease_ms = lease_ms + excluded.lease_ms, late_calls = late_calls + excluded.late_calls,"
        " stray_calls = stray_calls + excluded.stray_calls");
    if (!s) return s.error();
    s->bind(m.pool_id).bind(m.minute).bind(m.size).bind(m.observed_ms).bind(m.capacity_ms);
    s->bind(m.leased_ms).bind(m.full_ms).bind(m.peak_leased).bind(m.issued).bind(m.shared);
    s->bind(m.overflow).bind(m.default_served).bind(m.leases_ended).bind(m.lease_ms);
    if (auto st = s->bind(m.late_calls).bind(m.stray_calls).run(); !st && !poolGone(st.error())) {
      return st;
    }
  }
  return ok();
}

Status SqlTelemetryRepo::addNumberCalls(const std::vector<NumberCalls>& rows) {
  for (const auto& n : rows) {
    auto s = c_.prepare(
        "INSERT INTO tracking_number_calls (pool_id, minute_ms, number, late_calls, stray_calls)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (pool_id, minute_ms, number) DO UPDATE SET"
        " late_calls = late_calls + excluded.late_calls,"
        " stray_calls = stray_calls + excluded.stray_calls");
    if (!s) return s.error();
    s->bind(n.pool_id).bind(n.minute).bind(n.number).bind(n.late_calls);
    if (auto st = s->bind(n.stray_calls).run(); !st && !poolGone(st.error())) return st;
  }
  return ok();
}

Result<std::vector<PoolMinute>> SqlTelemetryRepo::minutes(Id pool_id, WallTime from, WallTime to) {
  auto s = c_.prepare(
      "SELECT pool_id, minute_ms, size, observed_ms, capacity_ms, leased_ms, full_ms,"
      " peak_leased, issued, shared, overflow, default_served, leases_ended, lease_ms,"
      " late_calls, stray_calls FROM tracking_pool_minutes"
      " WHERE pool_id = ? AND minute_ms >= ? AND minute_ms < ? ORDER BY minute_ms");
  if (!s) return s.error();
  s->bind(pool_id).bind(from).bind(to);
  return fetchAll<PoolMinute>(*s, [](const Stmt& r) -> Result<PoolMinute> {
    PoolMinute m;
    m.pool_id = r.i64(0);
    m.minute = r.time(1);
    m.size = r.i64(2);
    m.observed_ms = r.i64(3);
    m.capacity_ms = r.i64(4);
    m.leased_ms = r.i64(5);
    m.full_ms = r.i64(6);
    m.peak_leased = r.i64(7);
    m.issued = r.i64(8);
    m.shared = r.i64(9);
    m.overflow = r.i64(10);
    m.default_served = r.i64(11);
    m.leases_ended = r.i64(12);
    m.lease_ms = r.i64(13);
    m.late_calls = r.i64(14);
    m.stray_calls = r.i64(15);
    return m;
  });
}

Result<std::vector<NumberCalls>> SqlTelemetryRepo::numberCalls(Id pool_id, WallTime from,
                                                               WallTime to) {
  auto s = c_.prepare(
      "SELECT number, SUM(late_calls), SUM(stray_calls) FROM tracking_number_calls"
      " WHERE pool_id = ? AND minute_ms >= ? AND minute_ms < ? GROUP BY number"
      " ORDER BY SUM(late_calls) + SUM(stray_calls) DESC, number");
  if (!s) return s.error();
  s->bind(pool_id).bind(from).bind(to);
  return fetchAll<NumberCalls>(*s, [&](const Stmt& r) -> Result<NumberCalls> {
    return NumberCalls{pool_id, from, r.text(0), r.i64(1), r.i64(2)};
  });
}

Status SqlTelemetryRepo::prune(WallTime before) {
  auto a = c_.prepare("DELETE FROM tracking_pool_minutes WHERE minute_ms < ?");
  if (!a) return a.error();
  if (auto st = a->bind(before).run(); !st) return st;
  auto b = c_.prepare("DELETE FROM tracking_number_calls WHERE minute_ms < ?");
  if (!b) return b.error();
  return b->bind(before).run();
}

Status SqlTelemetryRepo::addNumberTransitions(const std::vector<NumberTransition>& rows) {
  for (const auto& t : rows) {
    auto s = c_.prepare(
        "INSERT INTO number_transitions (number_id, number, from_state, to_state, cause, at_ms)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    if (!s) return s.error();
    s->bind(t.number_id).bind(t.number).bind(t.from_state).bind(t.to_state).bind(t.cause);
    if (auto st = s->bind(t.at).run(); !st) return st;
  }
  return ok();
}

Result<std::vector<NumberTransition>> SqlTelemetryRepo::numberTransitions(Id number_id) {
  auto s = c_.prepare(
      "SELECT number_id, number, from_state, to_state, cause, at_ms FROM number_transitions"
      " WHERE number_id = ? ORDER BY at_ms, id");
  if (!s) return s.error();
  s->bind(number_id);
  return fetchAll<NumberTransition>(*s, [](const Stmt& r) -> Result<NumberTransition> {
    return NumberTransition{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4), r.time(5)};
  });
}

}  // namespace hk::store::sqlite
