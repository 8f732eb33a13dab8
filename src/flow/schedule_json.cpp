#include "flow/schedule_json.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "flow/detail/schedule_check.hpp"

namespace hk::flow {
namespace {

using Json = nlohmann::json;
using namespace std::chrono;
using Issues = std::vector<FieldIssue>;

constexpr size_t kMaxNameBytes = 100;

// RFC 6901: "~" -> "~0", "/" -> "~1".
std::string pointer(const std::string& parent, const std::string& token) {
  std::string out = parent + "/";
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer(const std::string& parent, size_t index) {
  return fmt::format("{}/{}", parent, index);
}

bool digits(const std::string& s, size_t from, size_t n) {
  for (size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// "HH:MM", 00:00..24:00 -> minutes.
std::optional<int> parseTime(const Json& j) {
  if (!j.is_string()) return std::nullopt;
  const auto& s = j.get_ref<const std::string&>();
  if (s.size() != 5 || s[2] != ':' || !digits(s, 0, 2) || !digits(s, 3, 2)) return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

// "YYYY-MM-DD", a real calendar date.
std::optional<year_month_day> parseDate(const Json& j) {
  if (!j.is_string()) return std::nullopt;
  const auto& s = j.get_ref<const std::string&>();
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4) || !digits(s, 5, 2) ||
      !digits(s, 8, 2)) {
    return std::nullopt;
  }
  year_month_day d{year{std::stoi(s.substr(0, 4))},
                   month{static_cast<unsigned>(std::stoi(s.substr(5, 2)))},
                   day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
  if (!d.ok()) return std::nullopt;
  return d;
}

// [["09:00","12:00"], ...]; every window checked, named by its index in the input.
DayWindows readWindows(const Json& j, const std::string& at, Issues& out) {
  DayWindows ws;
  if (!j.is_array()) {
    out.push_back({at, "must be a list of [\"HH:MM\",\"HH:MM\"] windows ([] when closed)"});
    return ws;
  }
  std::vector<detail::NumberedWindow> numbered;
  for (size_t i = 0; i < j.size(); ++i) {
    const Json& w = j[i];
    std::optional<int> open, close;
    if (w.is_array() && w.size() == 2) {
      open = parseTime(w[0]);
      close = parseTime(w[1]);
    }
    if (!w.is_array() || w.size() != 2) {
      out.push_back({pointer(at, i), "must be [\"HH:MM\",\"HH:MM\"] (opens, closes)"});
      continue;
    }
    if (!open) out.push_back({pointer(pointer(at, i), 0), "must be a time HH:MM (00:00..24:00)"});
    if (!close) out.push_back({pointer(pointer(at, i), 1), "must be a time HH:MM (00:00..24:00)"});
    if (open && close) numbered.push_back({i, {*open, *close}});
  }
  detail::checkNumberedWindows(numbered, j.size(), at, out);
  for (const auto& n : numbered) ws.push_back(n.window);
  return ws;
}

void rejectUnknown(const Json& j, std::initializer_list<const char*> known, const std::string& at,
                   Issues& out) {
  for (const auto& [key, value] : j.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) out.push_back({pointer(at, key), "unknown field"});
  }
}

WeeklyHours readWeekly(const Json& j, const std::string& at, Issues& out) {
  WeeklyHours weekly;
  if (!j.is_object()) {
    out.push_back({at, "must be an object of weekdays (mon..sun) to windows"});
    return weekly;
  }
  for (const auto& [key, value] : j.items()) {
    auto wd = weekdayFromKey(key);
    if (!wd) {
      out.push_back({pointer(at, key), "unknown weekday (mon, tue, wed, thu, fri, sat, sun)"});
      continue;
    }
    weekly[*wd] = readWindows(value, pointer(at, key), out);
  }
  return weekly;
}

HolidayPolicy readHolidays(const Json& j, const std::string& at, Issues& out) {
  HolidayPolicy p;
  std::string s = j.is_string() ? j.get<std::string>() : std::string();
  if (s == "closed") return p;
  if (s == "ignore") {
    p.mode = HolidayPolicy::Mode::Ignore;
  } else if (auto wd = weekdayFromKey(s)) {
    p.mode = HolidayPolicy::Mode::AsWeekday;
    p.as = *wd;
  } else {
    out.push_back({at,
                   "must be \"closed\", \"ignore\" or a weekday (mon..sun) whose hours "
                   "holidays take"});
  }
  return p;
}

std::optional<SpecialDay> readSpecialDay(const Json& j, const std::string& at,
                                         std::map<year_month_day, std::string>& seen, Issues& out) {
  if (!j.is_object()) {
    out.push_back({at, "must be an object {\"date\": \"YYYY-MM-DD\", ...}"});
    return std::nullopt;
  }
  size_t before = out.size();
  rejectUnknown(j, {"date", "closed", "windows", "name"}, at, out);
  SpecialDay sd;
  auto date = j.contains("date") ? parseDate(j["date"]) : std::nullopt;
  if (!date) {
    out.push_back({at + "/date", "must be a calendar date YYYY-MM-DD"});
  } else if (auto [it, fresh] = seen.emplace(*date, at); !fresh) {
    out.push_back({at + "/date", "same date as " + it->second});
  } else {
    sd.date = *date;
  }
  bool hours_ok = true;
  sd.closed = false;
  if (j.contains("closed")) {
    if (j["closed"].is_boolean()) {
      sd.closed = j["closed"].get<bool>();
    } else {
      out.push_back({at + "/closed", "must be true or false"});
      hours_ok = false;
    }
  }
  if (j.contains("windows")) {
    size_t n = out.size();
    sd.windows = readWindows(j["windows"], at + "/windows", out);
    hours_ok = hours_ok && n == out.size();
  }
  if (hours_ok) detail::checkSpecialDayHours(sd.closed, !sd.windows.empty(), at, out);
  if (j.contains("name")) {
    if (!j["name"].is_string()) {
      out.push_back({at + "/name", "must be a string"});
    } else if (j["name"].get_ref<const std::string&>().size() > kMaxNameBytes) {
      out.push_back({at + "/name", fmt::format("at most {} bytes", kMaxNameBytes)});
    } else {
      sd.name = j["name"].get<std::string>();
    }
  }
  if (out.size() != before) return std::nullopt;
  return sd;
}

std::vector<SpecialDay> readSpecialDays(const Json& j, const std::string& at, Issues& out) {
  std::vector<SpecialDay> sds;
  if (!j.is_array()) {
    out.push_back({at, "must be a list of special days"});
    return sds;
  }
  if (j.size() > kMaxSpecialDays) {
    out.push_back({at, fmt::format("at most {} special days", kMaxSpecialDays)});
    return sds;
  }
  std::map<year_month_day, std::string> seen;
  for (size_t i = 0; i < j.size(); ++i) {
    if (auto sd = readSpecialDay(j[i], pointer(at, i), seen, out)) sds.push_back(std::move(*sd));
  }
  return sds;
}

Json windowsJson(const DayWindows& ws) {
  Json out = Json::array();
  for (const auto& w : ws) out.push_back({formatMinutes(w.open), formatMinutes(w.close)});
  return out;
}

}  // namespace

Result<ScheduleConfig> scheduleConfigFromJson(const Json& j, const std::string& base) {
  if (!j.is_object()) {
    return invalidSchedule({{base.empty() ? "" : base, "a schedule must be a JSON object"}});
  }
  Issues out;
  rejectUnknown(j, {"timezone", "weekly", "holidays", "special_days"}, base, out);
  ScheduleConfig c;
  if (j.contains("timezone")) {
    const Json& tz = j["timezone"];
    if (tz.is_string() && isTimeZoneName(tz.get_ref<const std::string&>())) {
      c.timezone = tz.get<std::string>();
    } else {
      out.push_back({base + "/timezone", "must be an IANA time zone like Asia/Tokyo"});
    }
  }
  if (j.contains("weekly")) {
    c.weekly = readWeekly(j["weekly"], base + "/weekly", out);
  } else {
    out.push_back({base + "/weekly", "required: the hours of each weekday"});
  }
  if (j.contains("holidays")) c.holidays = readHolidays(j["holidays"], base + "/holidays", out);
  if (j.contains("special_days")) {
    c.special_days = readSpecialDays(j["special_days"], base + "/special_days", out);
  }
  if (!out.empty()) return invalidSchedule(std::move(out));
  return c;
}

Result<Schedule> scheduleFromJson(const Json& j, TimeZoneDb& zones, const std::string& base) {
  auto c = scheduleConfigFromJson(j, base);
  if (!c) return c.error();
  auto s = Schedule::create(std::move(*c), zones);
  if (!s && !base.empty()) {  // create() names fields from the schedule's own root
    for (auto& f : s.error().fields) f.field = base + f.field;
    return invalidSchedule(std::move(s.error().fields));
  }
  return s;
}

Json toJson(const ScheduleConfig& c) {
  Json weekly = Json::object();
  for (unsigned i = 0; i < 7; ++i) weekly[weekdayKey(weekday{i})] = windowsJson(c.weekly.days[i]);
  std::string holidays = "closed";
  if (c.holidays.mode == HolidayPolicy::Mode::Ignore) holidays = "ignore";
  if (c.holidays.mode == HolidayPolicy::Mode::AsWeekday) holidays = weekdayKey(c.holidays.as);
  Json special = Json::array();
  for (const auto& sd : c.special_days) {
    Json d = {{"date", fmt::format("{:04}-{:02}-{:02}", static_cast<int>(sd.date.year()),
                                   static_cast<unsigned>(sd.date.month()),
                                   static_cast<unsigned>(sd.date.day()))}};
    if (sd.closed) {
      d["closed"] = true;
    } else {
      d["windows"] = windowsJson(sd.windows);
    }
    if (!sd.name.empty()) d["name"] = sd.name;
    special.push_back(std::move(d));
  }
  return {{"timezone", c.timezone},
          {"weekly", std::move(weekly)},
          {"holidays", holidays},
          {"special_days", std::move(special)}};
}

}  // namespace hk::flow
