// Absence switches of advertisers and numbers (migration 0002_flows.sql).
#include "store/sqlite/query.hpp"
#include "store/sqlite/repos.hpp"

namespace hk::store::sqlite {
namespace {

Result<AbsenceSwitch> readSwitch(const Stmt& s) {
  AbsenceSwitch a;
  a.operator_id = s.i64(0);
  a.advertiser_id = s.i64(1);
  a.number_id = s.i64(2);
  a.absent = s.flag(3);
  a.changed_at = s.time(4);
  a.changed_by = s.text(5);
  return a;
}

Result<std::optional<AbsenceSwitch>> fetchSwitch(Stmt& s) {
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) return std::optional<AbsenceSwitch>();
  auto a = readSwitch(s);
  if (!a) return a.error();
  return std::optional<AbsenceSwitch>(std::move(*a));
}

constexpr std::string_view kSelect =
    "SELECT operator_id, advertiser_id, number_id, absent, changed_at_ms, changed_by"
    " FROM absence_switches WHERE ";

}  // namespace

Result<std::optional<AbsenceSwitch>> SqlAbsenceRepo::forNumber(Id number_id) {
  static const std::string sql = std::string(kSelect) + "number_id = ?";
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(number_id);
  return fetchSwitch(*s);
}

Result<std::optional<AbsenceSwitch>> SqlAbsenceRepo::forAdvertiser(Id advertiser_id) {
  static const std::string sql = std::string(kSelect) + "advertiser_id = ?";
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(advertiser_id);
  return fetchSwitch(*s);
}

Result<std::vector<AbsenceSwitch>> SqlAbsenceRepo::all() {
  static const std::string sql = std::string(kSelect) + "1 = 1 ORDER BY id";
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  std::vector<AbsenceSwitch> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) break;
    auto a = readSwitch(*s);
    if (!a) return a.error();
    out.push_back(std::move(*a));
  }
  return out;
}

Result<AbsenceSwitch> SqlAbsenceRepo::set(const AbsenceSwitch& a) {
  if ((a.number_id == 0) == (a.advertiser_id == 0)) {
    return Error::internal("an absence switch belongs to one number or one advertiser");
  }
  WallTime now = clock_.now();
  const bool number = a.number_id != 0;
  auto up = c_.prepare(number ? "UPDATE absence_switches SET absent = ?, changed_at_ms = ?,"
                                " changed_by = ? WHERE number_id = ?"
                              : "UPDATE absence_switches SET absent = ?, changed_at_ms = ?,"
                                " changed_by = ? WHERE advertiser_id = ?");
  if (!up) return up.error();
  auto st = up->bind(a.absent)
                .bind(now)
                .bind(a.changed_by)
                .bind(number ? a.number_id : a.advertiser_id)
                .run();
  if (!st) return st.error();
  if (c_.changes() == 0) {
    auto ins = c_.prepare(
        "INSERT INTO absence_switches (operator_id, advertiser_id, number_id, absent,"
        " changed_at_ms, changed_by) VALUES (?, ?, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    auto r = ins->bind(a.operator_id)
                 .bindIdOrNull(a.advertiser_id)
                 .bindIdOrNull(a.number_id)
                 .bind(a.absent)
                 .bind(now)
                 .bind(a.changed_by)
                 .run();
    if (!r) return missingReference(r.error(), "no such advertiser or number", "id");
  }
  AbsenceSwitch out = a;
  out.changed_at = now;
  return out;
}

}  // namespace hk::store::sqlite
