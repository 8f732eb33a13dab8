// Operators and advertisers.
#include <nlohmann/json.hpp>

#include "store/sqlite/query.hpp"
#include "store/sqlite/recording_columns.hpp"
#include "store/sqlite/repos.hpp"

namespace hk::store::sqlite {
namespace {

using domain::Advertiser;
using domain::Operator;

constexpr std::string_view kOperatorColumns = "id, name, timezone, created_at_ms, updated_at_ms";

Result<Operator> readOperator(const Stmt& s) {
  Operator o;
  o.id = s.i64(0);
  o.name = s.text(1);
  o.timezone = s.text(2);
  o.created_at = s.time(3);
  o.updated_at = s.time(4);
  return o;
}

constexpr SortColumn kOperatorSort[] = {
    {"id", "id"},
    {"name", "name"},
    {"created_at", "created_at_ms"},
    {"updated_at", "updated_at_ms"},
};

constexpr std::string_view kAdvertiserColumns =
    "id, operator_id, name, timezone, max_lines, active, created_at_ms, updated_at_ms,"
    " valid_threshold_sec, duplicate_window_sec, ivr_valid_rules";

// The IVR rules of the judgement settings (migration 0007) as a JSON array.
std::string ivrRulesText(const std::vector<domain::IvrValidRule>& rules) {
  auto a = nlohmann::json::array();
  for (const auto& r : rules) {
    a.push_back({{"var", r.var}, {"value", r.value}, {"min_talk_sec", r.min_talk_sec}});
  }
  return a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool parseIvrRules(const std::string& text, std::vector<domain::IvrValidRule>& out) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return false;
  for (const auto& e : j) {
    if (!e.is_object() || !e.value("var", nlohmann::json()).is_string() ||
        !e.value("value", nlohmann::json()).is_string() ||
        !e.value("min_talk_sec", nlohmann::json()).is_number_integer()) {
      return false;
    }
    out.push_back(
        {e["var"].get<std::string>(), e["value"].get<std::string>(), e["min_talk_sec"].get<int>()});
  }
  return true;
}

Result<Advertiser> readAdvertiser(const Stmt& s) {
  Advertiser a;
  a.id = s.i64(0);
  a.operator_id = s.i64(1);
  a.name = s.text(2);
  a.timezone = s.text(3);
  a.max_lines = static_cast<int>(s.i64(4));
  a.active = s.flag(5);
  a.created_at = s.time(6);
  a.updated_at = s.time(7);
  a.judgement.valid_threshold_sec = static_cast<int>(s.i64(8));
  a.judgement.duplicate_window_sec = static_cast<int>(s.i64(9));
  if (!parseIvrRules(s.text(10), a.judgement.ivr_rules)) return corruptRow("advertisers");
  return a;
}

constexpr SortColumn kAdvertiserSort[] = {
    {"id", "id"},
    {"operator_id", "operator_id"},
    {"name", "name"},
    {"max_lines", "max_lines"},
    {"active", "active"},
    {"created_at", "created_at_ms"},
    {"updated_at", "updated_at_ms"},
};

std::string selectFrom(std::string_view columns, std::string_view table, std::string_view where) {
  std::string sql = "SELECT ";
  sql.append(columns).append(" FROM ").append(table).append(" WHERE ").append(where);
  return sql;
}

}  // namespace

// --- operators --------------------------------------------------------------------------------

Result<Operator> SqlOperatorRepo::insert(const Operator& o) {
  auto s = c_.prepare(
      "INSERT INTO operators (name, timezone, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  if (auto st = s->bind(o.name).bind(o.timezone).bind(now).bind(now).run(); !st) {
    return st.error();
  }
  Operator out = o;
  out.id = c_.lastInsertId();
  out.created_at = out.updated_at = now;
  return out;
}

Result<Operator> SqlOperatorRepo::get(Id id) {
  static const std::string sql = selectFrom(kOperatorColumns, "operators", "id = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return fetchOne(*s, "operator", readOperator);
}

Result<Operator> SqlOperatorRepo::findByName(const std::string& name) {
  static const std::string sql = selectFrom(kOperatorColumns, "operators", "name = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(name);
  return fetchOne(*s, "operator", readOperator);
}

Result<Page<Operator>> SqlOperatorRepo::list(const Scope& sc, const PageRequest& p) {
  Where w;
  if (sc.operator_id != 0) w.add("id = ?", {sc.operator_id});
  return listPage<Operator>(c_, kOperatorColumns, "operators", w, p, {kOperatorSort}, readOperator);
}

Result<Operator> SqlOperatorRepo::update(const Operator& o) {
  auto s =
      c_.prepare("UPDATE operators SET name = ?, timezone = ?, updated_at_ms = ? WHERE id = ?");
  if (!s) return s.error();
  auto st = s->bind(o.name).bind(o.timezone).bind(clock_.now()).bind(o.id).run();
  if (auto r = affectedOne(c_, std::move(st), "operator"); !r) return r.error();
  return get(o.id);
}

Status SqlOperatorRepo::remove(Id id) {
  auto s = c_.prepare("DELETE FROM operators WHERE id = ?");
  if (!s) return s.error();
  auto st = s->bind(id).run();
  if (!st && isForeignKeyError(st.error())) {
    return Error::conflict("operator still has advertisers, numbers, users or API keys");
  }
  return affectedOne(c_, std::move(st), "operator");
}

// --- advertisers ------------------------------------------------------------------------------

namespace {
// The recording setting (recording_columns.hpp) of an advertiser read by a statement.
Result<Advertiser> withRecording(Connection& c, Result<Advertiser> a) {
  if (!a) return a;
  if (auto st = loadRecordingOne(c, RecordingTable::Advertisers, a->id, a->recording); !st) {
    return st.error();
  }
  return a;
}
}  // namespace

Result<Advertiser> SqlAdvertiserRepo::insert(const Advertiser& a) {
  auto s = c_.prepare(
      "INSERT INTO advertisers (operator_id, name, timezone, max_lines, active, created_at_ms,"
      " updated_at_ms, valid_threshold_sec, duplicate_window_sec, ivr_valid_rules)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  auto st = s->bind(a.operator_id)
                .bind(a.name)
                .bind(a.timezone)
                .bind(a.max_lines)
                .bind(a.active)
                .bind(now)
                .bind(now)
                .bind(a.judgement.valid_threshold_sec)
                .bind(a.judgement.duplicate_window_sec)
                .bind(ivrRulesText(a.judgement.ivr_rules))
                .run();
  if (!st) return missingReference(st.error(), "no such operator", "operator_id");
  Advertiser out = a;
  out.id = c_.lastInsertId();
  out.created_at = out.updated_at = now;
  if (auto rs = saveRecording(c_, RecordingTable::Advertisers, out.id, a.recording); !rs) {
    return rs.error();
  }
  return out;
}

Result<Advertiser> SqlAdvertiserRepo::get(Id id) {
  static const std::string sql = selectFrom(kAdvertiserColumns, "advertisers", "id = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return withRecording(c_, fetchOne(*s, "advertiser", readAdvertiser));
}

Result<Advertiser> SqlAdvertiserRepo::findByName(Id operator_id, const std::string& name) {
  static const std::string sql =
      selectFrom(kAdvertiserColumns, "advertisers", "operator_id = ? AND name = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(operator_id).bind(name);
  return withRecording(c_, fetchOne(*s, "advertiser", readAdvertiser));
}

Result<Page<Advertiser>> SqlAdvertiserRepo::list(const Scope& sc, const PageRequest& p) {
  Where w;
  if (sc.operator_id != 0) w.add("operator_id = ?", {sc.operator_id});
  if (sc.advertiser_id) w.add("id = ?", {*sc.advertiser_id});
  auto page = listPage<Advertiser>(c_, kAdvertiserColumns, "advertisers", w, p, {kAdvertiserSort},
                                   readAdvertiser);
  if (!page) return page;
  for (auto& a : page->items) {
    if (auto st = loadRecordingOne(c_, RecordingTable::Advertisers, a.id, a.recording); !st) {
      return st.error();
    }
  }
  return page;
}

Result<Advertiser> SqlAdvertiserRepo::update(const Advertiser& a) {
  auto s = c_.prepare(
      "UPDATE advertisers SET operator_id = ?, name = ?, timezone = ?, max_lines = ?, active = ?,"
      " updated_at_ms = ?, valid_threshold_sec = ?, duplicate_window_sec = ?,"
      " ivr_valid_rules = ? WHERE id = ?");
  if (!s) return s.error();
  auto st = s->bind(a.operator_id)
                .bind(a.name)
                .bind(a.timezone)
                .bind(a.max_lines)
                .bind(a.active)
                .bind(clock_.now())
                .bind(a.judgement.valid_threshold_sec)
                .bind(a.judgement.duplicate_window_sec)
                .bind(ivrRulesText(a.judgement.ivr_rules))
                .bind(a.id)
                .run();
  if (!st) return missingReference(st.error(), "no such operator", "operator_id");
  if (auto r = affectedOne(c_, ok(), "advertiser"); !r) return r.error();
  if (auto rs = saveRecording(c_, RecordingTable::Advertisers, a.id, a.recording); !rs) {
    return rs.error();
  }
  return get(a.id);
}

Status SqlAdvertiserRepo::remove(Id id) {
  auto s = c_.prepare("DELETE FROM advertisers WHERE id = ?");
  if (!s) return s.error();
  auto st = s->bind(id).run();
  if (st || !isForeignKeyError(st.error())) return affectedOne(c_, std::move(st), "advertiser");
  auto n = c_.prepare("SELECT COUNT(*) FROM tracking_numbers WHERE advertiser_id = ?");
  if (!n) return n.error();
  n->bind(id);
  auto row = n->step();
  if (row && *row && n->i64(0) > 0) return Error::conflict("advertiser still has numbers");
  return Error::conflict("advertiser still has users or API keys");
}

}  // namespace hk::store::sqlite
