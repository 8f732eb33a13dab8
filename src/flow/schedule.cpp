#include "flow/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "flow/detail/schedule_check.hpp"
#include "flow/holidays_jp.hpp"

namespace hk::flow {
namespace {

using namespace std::chrono;

constexpr const char* kWeekdayKeys[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr size_t kMaxNameLength = 100;
const DayWindows kClosed;

std::string formatDate(year_month_day d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

bool contains(const DayWindows& ws, int64_t second_of_day) {
  return std::any_of(ws.begin(), ws.end(), [second_of_day](const TimeWindow& w) {
    return second_of_day >= w.open * 60LL && second_of_day < w.close * 60LL;
  });
}

// Which hours a local day has and why; holidays computed once per year per evaluation.
class Evaluator {
 public:
  struct DayPlan {
    const DayWindows* windows;
    OpenStatus::Basis basis;
    std::string label;  // holiday or special day name
  };

  explicit Evaluator(const ScheduleConfig& c) : c_(c) {}

  DayPlan plan(local_days day) {
    year_month_day ymd{sys_days{day.time_since_epoch()}};
    const auto& sds = c_.special_days;
    auto it = std::lower_bound(sds.begin(), sds.end(), ymd,
                               [](const SpecialDay& s, year_month_day d) { return s.date < d; });
    if (it != sds.end() && it->date == ymd) {
      return {it->closed ? &kClosed : &it->windows, OpenStatus::Basis::SpecialDay,
              it->name.empty() ? formatDate(ymd) : it->name};
    }
    if (c_.holidays.mode != HolidayPolicy::Mode::Ignore) {
      for (const auto& h : holidays(static_cast<int>(ymd.year()))) {
        if (h.date != ymd) continue;
        bool closed = c_.holidays.mode == HolidayPolicy::Mode::Closed;
        return {closed ? &kClosed : &c_.weekly[c_.holidays.as], OpenStatus::Basis::Holiday, h.name};
      }
    }
    return {&c_.weekly[weekday{day}], OpenStatus::Basis::Weekday, {}};
  }

  bool openAt(local_seconds t) {
    auto day = floor<days>(t);
    return contains(*plan(day).windows, (t - day).count());
  }

  // The first instant in (from, to) whose state is not `state`.
  std::optional<local_seconds> firstFlip(local_seconds from, local_seconds to, bool state) {
    for (auto day = floor<days>(from); day < to; day += days{1}) {
      const DayWindows& ws = *plan(day).windows;
      std::vector<int64_t> edges = {0};  // seconds of the day where the state may change
      for (const auto& w : ws) {
        edges.push_back(w.open * 60LL);
        edges.push_back(w.close * 60LL);
      }
      for (int64_t e : edges) {
        local_seconds t = day + seconds{e};
        if (t <= from || e >= 86400) continue;
        if (t >= to) return std::nullopt;
        if (contains(ws, e) != state) return t;
      }
    }
    return std::nullopt;
  }

 private:
  const std::vector<Holiday>& holidays(int y) {
    auto it = cache_.find(y);
    if (it == cache_.end()) it = cache_.emplace(y, holidaysOf(y)).first;
    return it->second;
  }

  const ScheduleConfig& c_;
  std::map<int, std::vector<Holiday>> cache_;
};

std::string windowText(const TimeWindow& w) {
  return formatMinutes(w.open) + "-" + formatMinutes(w.close);
}

void checkSpecialDays(const std::vector<SpecialDay>& sds, std::vector<FieldIssue>& out) {
  if (sds.size() > kMaxSpecialDays) {
    out.push_back({"/special_days", fmt::format("at most {} special days", kMaxSpecialDays)});
    return;
  }
  std::map<year_month_day, size_t> seen;
  for (size_t i = 0; i < sds.size(); ++i) {
    const auto& sd = sds[i];
    std::string at = fmt::format("/special_days/{}", i);
    if (!sd.date.ok()) {
      out.push_back({at + "/date", "must be a calendar date YYYY-MM-DD"});
    } else if (auto [it, fresh] = seen.emplace(sd.date, i); !fresh) {
      out.push_back({at + "/date", fmt::format("same date as /special_days/{}", it->second)});
    }
    detail::checkSpecialDayHours(sd.closed, !sd.windows.empty(), at, out);
    auto ws = checkWindows(sd.windows, at + "/windows");
    out.insert(out.end(), ws.begin(), ws.end());
    if (sd.name.size() > kMaxNameLength) {
      out.push_back({at + "/name", fmt::format("at most {} bytes", kMaxNameLength)});
    }
  }
}

}  // namespace

const char* weekdayKey(weekday wd) { return kWeekdayKeys[wd.c_encoding() % 7]; }

std::optional<weekday> weekdayFromKey(std::string_view key) {
  for (unsigned i = 0; i < 7; ++i) {
    if (key == kWeekdayKeys[i]) return weekday{i};
  }
  return std::nullopt;
}

std::string formatMinutes(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

namespace detail {

void checkNumberedWindows(const std::vector<NumberedWindow>& ws, size_t count,
                          const std::string& pointer, std::vector<FieldIssue>& out) {
  if (count > kMaxWindowsPerDay) {
    out.push_back({pointer, fmt::format("at most {} windows a day", kMaxWindowsPerDay)});
  }
  std::vector<NumberedWindow> good;
  for (const auto& [index, w] : ws) {
    std::string at = fmt::format("{}/{}", pointer, index);
    if (w.open < 0 || w.open >= kMinutesPerDay || w.close <= 0 || w.close > kMinutesPerDay) {
      out.push_back({at, "times must be within 00:00..24:00"});
    } else if (w.close <= w.open) {
      out.push_back({at,
                     "must close after it opens (a window cannot span midnight: end it at "
                     "24:00 and open the next day at 00:00)"});
    } else {
      good.push_back({index, w});
    }
  }
  std::stable_sort(good.begin(), good.end(),
                   [](const auto& a, const auto& b) { return a.window.open < b.window.open; });
  for (size_t k = 1; k < good.size(); ++k) {
    const auto& prev = good[k - 1];
    if (good[k].window.open < prev.window.close) {
      out.push_back(
          {fmt::format("{}/{}", pointer, good[k].index),
           fmt::format("overlaps {} ({}/{})", windowText(prev.window), pointer, prev.index)});
    }
  }
}

void checkSpecialDayHours(bool closed, bool has_windows, const std::string& at,
                          std::vector<FieldIssue>& out) {
  if (closed && has_windows) {
    out.push_back({at + "/windows", "a closed day has no windows"});
  } else if (!closed && !has_windows) {
    out.push_back({at, "needs \"closed\": true or opening windows"});
  }
}

}  // namespace detail

std::vector<FieldIssue> checkWindows(const DayWindows& ws, const std::string& pointer) {
  std::vector<detail::NumberedWindow> numbered;
  for (size_t i = 0; i < ws.size(); ++i) numbered.push_back({i, ws[i]});
  std::vector<FieldIssue> out;
  detail::checkNumberedWindows(numbered, ws.size(), pointer, out);
  return out;
}

std::vector<FieldIssue> checkSchedule(const ScheduleConfig& c) {
  std::vector<FieldIssue> out;
  if (!isTimeZoneName(c.timezone)) {
    out.push_back({"/timezone", "must be an IANA time zone like Asia/Tokyo"});
  }
  for (unsigned i = 1; i <= 7; ++i) {  // mon..sun, the JSON order
    weekday wd{i % 7};
    auto ws = checkWindows(c.weekly[wd], std::string("/weekly/") + weekdayKey(wd));
    out.insert(out.end(), ws.begin(), ws.end());
  }
  if (!c.holidays.as.ok()) out.push_back({"/holidays", "not a weekday"});
  checkSpecialDays(c.special_days, out);
  return out;
}

Error invalidSchedule(std::vector<FieldIssue> issues) {
  std::string msg = "invalid schedule";
  for (size_t i = 0; i < issues.size(); ++i) {
    msg += (i == 0 ? ": " : "; ") + issues[i].field + " " + issues[i].reason;
  }
  std::string first = issues.empty() ? std::string() : issues.front().field;
  return Error{Code::Invalid, std::move(msg), std::move(first), std::move(issues)};
}

Result<Schedule> Schedule::create(ScheduleConfig config, TimeZoneDb& zones) {
  auto issues = checkSchedule(config);
  if (!issues.empty()) return invalidSchedule(std::move(issues));
  auto tz = zones.get(config.timezone);
  if (!tz) return invalidSchedule({{"/timezone", tz.error().message}});
  auto by_open = [](const TimeWindow& a, const TimeWindow& b) { return a.open < b.open; };
  for (auto& ws : config.weekly.days) std::sort(ws.begin(), ws.end(), by_open);
  for (auto& sd : config.special_days) std::sort(sd.windows.begin(), sd.windows.end(), by_open);
  std::sort(config.special_days.begin(), config.special_days.end(),
            [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  return Schedule(std::move(config), std::move(*tz));
}

OpenStatus Schedule::isOpen(WallTime now, const TimeZone& tz) const {
  Evaluator ev(config_);
  auto t = floor<seconds>(now);
  auto local = tz.toLocal(t);
  auto day = floor<days>(local);
  auto plan = ev.plan(day);

  OpenStatus st;
  st.open = contains(*plan.windows, (local - day).count());
  st.basis = plan.basis;
  switch (plan.basis) {
    case OpenStatus::Basis::SpecialDay: st.reason = "special day: " + plan.label; break;
    case OpenStatus::Basis::Holiday: st.reason = "holiday: " + plan.label; break;
    case OpenStatus::Basis::Weekday: st.reason = st.open ? "weekday hours" : "outside hours"; break;
  }

  // Walk the spans of constant UTC offset; within one, local time runs with UTC.
  const auto horizon = t + kLookAhead;
  auto from = t;
  while (true) {
    auto next_tr = tz.nextTransition(from);
    auto to = next_tr && *next_tr < horizon ? *next_tr : horizon;
    auto off = tz.offsetAt(from);
    auto flip = ev.firstFlip(local_seconds{(from + off).time_since_epoch()},
                             local_seconds{(to + off).time_since_epoch()}, st.open);
    if (flip) {
      st.next_change = WallTime{flip->time_since_epoch() - off};
      break;
    }
    if (to >= horizon) break;
    from = to;
    if (ev.openAt(tz.toLocal(from)) != st.open) {
      st.next_change = WallTime{from.time_since_epoch()};
      break;
    }
  }
  return st;
}

}  // namespace hk::flow
