#include "service/number_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "domain/enum_names.hpp"
#include "service/access.hpp"
#include "service/shapes.hpp"

namespace hk::service {

using domain::NumberState;
using domain::Principal;
using domain::TrackingNumber;

namespace {

enum class Col {
  Number,
  Type,
  Name,
  AdvertiserId,
  Advertiser,
  OperatorId,
  Destinations,
  State,
  MaxLines,
  RingTimeout,
  Trunk,
  InitialCost,
  MonthlyCost,
  ReadOnly,
};

struct ColumnName {
  const char* name;
  Col col;
};

constexpr ColumnName kColumns[] = {
    {"id", Col::ReadOnly},
    {"number", Col::Number},
    {"type", Col::Type},
    {"name", Col::Name},
    {"advertiser_id", Col::AdvertiserId},
    {"advertiser", Col::Advertiser},
    {"operator_id", Col::OperatorId},
    {"destinations", Col::Destinations},
    {"state", Col::State},
    {"max_lines", Col::MaxLines},
    {"ring_timeout_sec", Col::RingTimeout},
    {"trunk", Col::Trunk},
    {"initial_cost", Col::InitialCost},
    {"monthly_cost", Col::MonthlyCost},
    {"free_call", Col::ReadOnly},
    {"shows_caller_number", Col::ReadOnly},
    {"created_at", Col::ReadOnly},
    {"updated_at", Col::ReadOnly},
};

constexpr char kDestinationSeparator = '|';

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The export writes "'" before text a spreadsheet would run as a formula; read it back.
std::string unprotect(std::string s) {
  if (s.size() >= 2 && s[0] == '\'' && std::string_view("=+-@").find(s[1]) != std::string::npos) {
    s.erase(0, 1);
  }
  return s;
}

std::string protect(const std::string& s) {
  if (!s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string::npos) {
    return "'" + s;
  }
  return s;
}

// "/destinations/2" -> "destinations"; "number" -> "number".
std::string columnOf(const std::string& field) {
  std::string_view f = field;
  if (f.starts_with('/')) f.remove_prefix(1);
  auto slash = f.find('/');
  std::string out(f.substr(0, slash));
  return out.empty() ? "row" : out;
}

void addErrors(ImportRow& row, const Error& e) {
  if (!e.fields.empty()) {
    for (const auto& f : e.fields) row.errors.push_back({columnOf(f.field), f.reason});
    return;
  }
  std::string reason = e.message;
  const std::string col = e.field.empty() ? "row" : columnOf(e.field);
  if (e.code == Code::Conflict && col == "number") {
    reason = "is already in the inventory (or twice in this file)";
  }
  row.errors.push_back({col, reason});
}

struct Header {
  std::vector<Col> cols;
  std::vector<std::string> names;
};

Result<Header> readHeader(const CsvRecord& rec) {
  Header h;
  std::vector<std::string> known;
  for (const auto& c : kColumns) known.push_back(c.name);
  for (const auto& raw : rec.fields) {
    std::string name = lower(trim(raw));
    std::replace(name.begin(), name.end(), ' ', '_');
    const ColumnName* hit = nullptr;
    for (const auto& c : kColumns) {
      if (name == c.name) hit = &c;
    }
    if (!hit) {
      return fail(Code::Invalid, fmt::format("line {}: unknown column '{}' (columns: {})", rec.line,
                                             trim(raw), fmt::join(known, ", ")));
    }
    if (std::find(h.names.begin(), h.names.end(), name) != h.names.end()) {
      return fail(Code::Invalid, fmt::format("line {}: column '{}' appears twice", rec.line, name));
    }
    h.cols.push_back(hit->col);
    h.names.push_back(name);
  }
  if (std::find(h.cols.begin(), h.cols.end(), Col::Number) == h.cols.end()) {
    return fail(Code::Invalid, fmt::format("line {}: the header row has no 'number' column "
                                           "(the first row names the columns)",
                                           rec.line));
  }
  return h;
}

std::optional<int64_t> wholeNumber(const std::string& s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

bool stateImportable(NumberState s) {
  return s == NumberState::Available || s == NumberState::Assigned ||
         s == NumberState::Quarantined || s == NumberState::Released;
}

}  // namespace

size_t ImportReport::failed() const {
  return static_cast<size_t>(std::count_if(rows.begin(), rows.end(),
                                           [](const ImportRow& r) { return !r.errors.empty(); }));
}

const std::vector<std::string>& numberColumns() {
  static const std::vector<std::string> cols = {"id",
                                                "number",
                                                "type",
                                                "name",
                                                "operator_id",
                                                "advertiser_id",
                                                "advertiser",
                                                "destinations",
                                                "state",
                                                "max_lines",
                                                "ring_timeout_sec",
                                                "trunk",
                                                "initial_cost",
                                                "monthly_cost",
                                                "free_call",
                                                "shows_caller_number"};
  return cols;
}

Result<ImportReport> NumberImport::run(store::Tx& tx, const Principal& p, std::string_view csv,
                                       bool dry_run, const ImportLimits& limits) {
  if (auto st = allowed(p, Resource::Number, Action::Create); !st) return st.error();
  auto records = parseCsv(csv, {limits.max_bytes, limits.max_rows + 1});
  if (!records) return records.error();
  if (records->empty()) {
    return fail(Code::Invalid, "the file is empty: the first row names the columns");
  }
  auto header = readHeader(records->front());
  if (!header) return header.error();

  ImportReport report;
  report.dry_run = dry_run;
  std::map<std::pair<domain::Id, std::string>, domain::Id> advertiser_ids;  // by name
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& rec = (*records)[r];
    ImportRow row;
    row.row = r + 1;
    row.line = rec.line;
    ++report.checked;
    if (rec.fields.size() != header->cols.size()) {
      row.errors.push_back({"row", fmt::format("has {} fields; the header has {}",
                                               rec.fields.size(), header->cols.size())});
      report.rows.push_back(std::move(row));
      continue;
    }
    Json j = Json::object();
    std::string advertiser_name;
    for (size_t c = 0; c < rec.fields.size(); ++c) {
      const std::string value = trim(rec.fields[c]);
      const std::string& col = header->names[c];
      if (value.empty()) continue;
      switch (header->cols[c]) {
        case Col::ReadOnly: break;
        case Col::Advertiser: advertiser_name = unprotect(value); break;
        case Col::Destinations: {
          Json list = Json::array();
          size_t start = 0;
          while (start <= value.size()) {
            size_t bar = value.find(kDestinationSeparator, start);
            if (bar == std::string::npos) bar = value.size();
            if (auto d = trim(std::string_view(value).substr(start, bar - start)); !d.empty()) {
              list.push_back(d);
            }
            start = bar + 1;
          }
          j[col] = list;
          break;
        }
        case Col::AdvertiserId:
        case Col::OperatorId:
        case Col::MaxLines:
        case Col::RingTimeout:
        case Col::InitialCost:
        case Col::MonthlyCost:
          if (auto v = wholeNumber(value)) {
            j[col] = *v;
          } else {
            row.errors.push_back({col, "must be a whole number"});
          }
          break;
        case Col::Name:
        case Col::Trunk: j[col] = unprotect(value); break;
        case Col::Number:
        case Col::Type:
        case Col::State: j[col] = value; break;
      }
    }
    TrackingNumber n;
    bool type_given = false;
    FieldErrors errs;
    readNumber(j, n, type_given, errs);
    for (const auto& e : errs) row.errors.push_back({columnOf(e.field), e.reason});
    if (n.operator_id == 0) n.operator_id = p.operator_id;
    if (!advertiser_name.empty()) {
      const auto key = std::make_pair(n.operator_id, advertiser_name);
      auto it = advertiser_ids.find(key);
      if (it == advertiser_ids.end()) {
        auto a = tx.advertisers().findByName(n.operator_id, advertiser_name);
        domain::Id id = a && p.canSee(a->operator_id, a->id) ? a->id : 0;
        it = advertiser_ids.emplace(key, id).first;
      }
      if (it->second == 0) {
        row.errors.push_back({"advertiser", "no advertiser of that name in this operator"});
      } else if (n.advertiser_id != 0 && n.advertiser_id != it->second) {
        row.errors.push_back({"advertiser", "names another advertiser than advertiser_id"});
      } else {
        n.advertiser_id = it->second;
      }
    }
    if (!stateImportable(n.state)) {
      row.errors.push_back({"state",
                            "pooled, leased and cooldown are set by pools: use "
                            "available or assigned"});
    } else if (n.state == NumberState::Assigned && n.advertiser_id == 0) {
      row.errors.push_back({"state", "assigned needs an advertiser"});
    }
    if (row.errors.empty()) {
      auto made = numbers_.create(tx, p, n, type_given, "import");
      if (made) {
        row.number = *made;
      } else {
        addErrors(row, made.error());
      }
    }
    if (row.errors.empty() && row.number.id == 0) {
      row.errors.push_back({"row", "was not stored"});  // cannot happen: create said why
    }
    report.rows.push_back(std::move(row));
  }
  if (report.failed() == 0) {
    if (!dry_run) report.imported = report.checked;
  }
  return report;
}

Result<std::string> NumberImport::exportCsv(store::Tx& tx, const Principal& p,
                                            const store::NumberFilter& f) {
  if (auto st = allowed(p, Resource::Number, Action::Read); !st) return st.error();
  std::string out = csvLine(numberColumns());
  std::map<domain::Id, std::string> names;
  store::PageRequest page;
  page.per_page = 500;
  page.sort = "id";
  for (;;) {
    auto got = numbers_.list(tx, p, f, page);
    if (!got) return got.error();
    for (const auto& n : got->items) {
      std::string adv;
      if (n.advertiser_id != 0) {
        auto it = names.find(n.advertiser_id);
        if (it == names.end()) {
          auto a = tx.advertisers().get(n.advertiser_id);
          it = names.emplace(n.advertiser_id, a ? a->name : std::string()).first;
        }
        adv = it->second;
      }
      std::string dests;
      for (const auto& d : n.destinations) {
        if (!dests.empty()) dests.push_back(kDestinationSeparator);
        dests += d;
      }
      const auto info = domain::typeInfo(n.type);
      out += csvLine(
          {std::to_string(n.id), n.number, std::string(domain::name(n.type)), protect(n.name),
           std::to_string(n.operator_id), n.advertiser_id ? std::to_string(n.advertiser_id) : "",
           protect(adv), dests, std::string(domain::name(n.state)), std::to_string(n.max_lines),
           std::to_string(n.ring_timeout_sec), protect(n.trunk), std::to_string(n.initial_cost),
           std::to_string(n.monthly_cost), info.free_call ? "true" : "false",
           info.shows_caller_number ? "true" : "false"});
    }
    if (got->items.size() < static_cast<size_t>(page.per_page)) break;
    ++page.page;
  }
  return out;
}

Result<std::vector<store::NumberTransition>> NumberImport::history(store::Tx& tx,
                                                                   const Principal& p,
                                                                   domain::Id number_id) {
  auto n = numbers_.get(tx, p, number_id);
  if (!n) return n.error();
  return tx.telemetry().numberTransitions(number_id);
}

}  // namespace hk::service
