// Tracking numbers. Destinations are a JSON array in one TEXT column.
#include <nlohmann/json.hpp>

#include "store/sqlite/query.hpp"
#include "store/sqlite/recording_columns.hpp"
#include "store/sqlite/repos.hpp"

namespace hk::store::sqlite {
namespace {

using domain::TrackingNumber;

constexpr std::string_view kColumns =
    "id, operator_id, advertiser_id, number, type, name, destinations, state, max_lines,"
    " ring_timeout_sec, trunk, initial_cost, monthly_cost, created_at_ms, updated_at_ms";

constexpr SortColumn kSort[] = {
    {"id", "id"},
    {"advertiser_id", "advertiser_id"},
    {"number", "number"},
    {"type", "type"},
    {"name", "name"},
    {"state", "state"},
    {"max_lines", "max_lines"},
    {"initial_cost", "initial_cost"},
    {"monthly_cost", "monthly_cost"},
    {"created_at", "created_at_ms"},
    {"updated_at", "updated_at_ms"},
};

std::string destinationsJson(const std::vector<std::string>& d) {
  return nlohmann::json(d).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool parseDestinations(const std::string& text, std::vector<std::string>& out) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return false;
  for (const auto& d : j) {
    if (!d.is_string()) return false;
    out.push_back(d.get<std::string>());
  }
  return true;
}

Result<TrackingNumber> readNumber(const Stmt& s) {
  TrackingNumber n;
  bool bad = false;
  n.id = s.i64(0);
  n.operator_id = s.i64(1);
  n.advertiser_id = s.i64(2);
  n.number = s.text(3);
  n.type = enumAt<domain::NumberType>(s, 4, bad);
  n.name = s.text(5);
  if (!parseDestinations(s.text(6), n.destinations)) bad = true;
  n.state = enumAt<domain::NumberState>(s, 7, bad);
  n.max_lines = static_cast<int>(s.i64(8));
  n.ring_timeout_sec = static_cast<int>(s.i64(9));
  n.trunk = s.text(10);
  n.initial_cost = s.i64(11);
  n.monthly_cost = s.i64(12);
  n.created_at = s.time(13);
  n.updated_at = s.time(14);
  if (bad) return corruptRow("tracking_numbers");
  return n;
}

std::string selectWhere(std::string_view where) {
  std::string sql = "SELECT ";
  sql.append(kColumns).append(" FROM tracking_numbers WHERE ").append(where);
  return sql;
}

// Binds the mutable columns, in the order of the INSERT and UPDATE statements below.
void bindFields(Stmt& s, const TrackingNumber& n) {
  s.bind(n.operator_id)
      .bindIdOrNull(n.advertiser_id)
      .bind(n.number)
      .bind(domain::name(n.type))
      .bind(n.name)
      .bind(destinationsJson(n.destinations))
      .bind(domain::name(n.state))
      .bind(n.max_lines)
      .bind(n.ring_timeout_sec)
      .bind(n.trunk)
      .bind(n.initial_cost)
      .bind(n.monthly_cost);
}

constexpr std::string_view kBadReference = "no such operator or advertiser";

// The recording setting (recording_columns.hpp) of a number read by the statements above.
Result<TrackingNumber> withRecording(Connection& c, Result<TrackingNumber> n) {
  if (!n) return n;
  if (auto st = loadRecordingOne(c, RecordingTable::Numbers, n->id, n->recording); !st) {
    return st.error();
  }
  return n;
}

}  // namespace

Result<TrackingNumber> SqlNumberRepo::insert(const TrackingNumber& n) {
  auto s = c_.prepare(
      "INSERT INTO tracking_numbers (operator_id, advertiser_id, number, type, name, destinations,"
      " state, max_lines, ring_timeout_sec, trunk, initial_cost, monthly_cost, created_at_ms,"
      " updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  bindFields(*s, n);
  if (auto st = s->bind(now).bind(now).run(); !st) {
    return missingReference(st.error(), std::string(kBadReference), "advertiser_id");
  }
  TrackingNumber out = n;
  out.id = c_.lastInsertId();
  out.created_at = out.updated_at = now;
  if (auto st = saveRecording(c_, RecordingTable::Numbers, out.id, n.recording); !st) {
    return st.error();
  }
  return out;
}

Result<TrackingNumber> SqlNumberRepo::get(Id id) {
  static const std::string sql = selectWhere("id = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return withRecording(c_, fetchOne(*s, "number", readNumber));
}

Result<TrackingNumber> SqlNumberRepo::findByNumber(const std::string& number) {
  static const std::string sql = selectWhere("number = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(number);
  return withRecording(c_, fetchOne(*s, "number", readNumber));
}

Result<Page<TrackingNumber>> SqlNumberRepo::list(const Scope& sc, const NumberFilter& f,
                                                 const PageRequest& p) {
  Where w;
  if (sc.operator_id != 0) w.add("operator_id = ?", {sc.operator_id});
  if (sc.advertiser_id) w.add("advertiser_id = ?", {*sc.advertiser_id});
  if (f.advertiser_id) {
    if (*f.advertiser_id == 0) {
      w.add("advertiser_id IS NULL");  // the operator's unassigned inventory
    } else {
      w.add("advertiser_id = ?", {*f.advertiser_id});
    }
  }
  if (f.state) w.add("state = ?", {std::string(domain::name(*f.state))});
  if (f.type) w.add("type = ?", {std::string(domain::name(*f.type))});
  if (!f.q.empty()) {
    w.add("(number LIKE ? ESCAPE '\\' OR LOWER(name) LIKE LOWER(?) ESCAPE '\\')",
          {likePrefix(f.q), likeContains(f.q)});
  }
  auto page = listPage<TrackingNumber>(c_, kColumns, "tracking_numbers", w, p, {kSort}, readNumber);
  if (!page) return page;
  for (auto& n : page->items) {
    if (auto st = loadRecordingOne(c_, RecordingTable::Numbers, n.id, n.recording); !st) {
      return st.error();
    }
  }
  return page;
}

Result<std::vector<TrackingNumber>> SqlNumberRepo::allActive() {
  static const std::string sql = selectWhere("state <> 'released' ORDER BY id");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  std::vector<TrackingNumber> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) break;
    auto n = readNumber(*s);
    if (!n) return n.error();
    out.push_back(std::move(*n));
  }
  // The routing directory carries each number's recording setting and its advertiser's.
  auto own = loadAllRecording(c_, RecordingTable::Numbers);
  if (!own) return own.error();
  auto adv = loadAllRecording(c_, RecordingTable::Advertisers);
  if (!adv) return adv.error();
  for (auto& n : out) {
    if (auto it = own->find(n.id); it != own->end()) n.recording = it->second;
    if (auto it = adv->find(n.advertiser_id); it != adv->end()) n.advertiser_recording = it->second;
  }
  return out;
}

Result<TrackingNumber> SqlNumberRepo::update(const TrackingNumber& n) {
  auto s = c_.prepare(
      "UPDATE tracking_numbers SET operator_id = ?, advertiser_id = ?, number = ?, type = ?,"
      " name = ?, destinations = ?, state = ?, max_lines = ?, ring_timeout_sec = ?, trunk = ?,"
      " initial_cost = ?, monthly_cost = ?, updated_at_ms = ? WHERE id = ?");
  if (!s) return s.error();
  bindFields(*s, n);
  if (auto st = s->bind(clock_.now()).bind(n.id).run(); !st) {
    return missingReference(st.error(), std::string(kBadReference), "advertiser_id");
  }
  if (auto r = affectedOne(c_, ok(), "number"); !r) return r.error();
  if (auto st = saveRecording(c_, RecordingTable::Numbers, n.id, n.recording); !st) {
    return st.error();
  }
  return get(n.id);
}

Status SqlNumberRepo::remove(Id id) {
  auto s = c_.prepare("DELETE FROM tracking_numbers WHERE id = ?");
  if (!s) return s.error();
  auto st = s->bind(id).run();
  if (!st && isForeignKeyError(st.error())) return Error::conflict("number is still in use");
  return affectedOne(c_, std::move(st), "number");
}

}  // namespace hk::store::sqlite
