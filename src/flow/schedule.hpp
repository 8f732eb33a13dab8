#pragma once
// Business hours (スケジュール/営業時間判定): per weekday closed or up to 3 opening windows,
// Japan's national holidays, and special days that close or change the hours, all in the
// schedule's time zone (default Asia/Tokyo). The `schedule` verb asks isOpen(now).
//
// A window is [open, close) in minutes from local midnight; close may be 24:00. A window
// cannot span midnight: give the evening part to one day ("22:00"-"24:00") and the morning
// part to the next ("00:00"-"02:00"); isOpen then sees no change at midnight.
// Local times that do not exist (spring forward) never match; those that repeat (fall back)
// match both times.
#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "flow/time_zone.hpp"

namespace hk::flow {

inline constexpr int kMaxWindowsPerDay = 3;
inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr size_t kMaxSpecialDays = 1000;

struct TimeWindow {
  int open = 0;   // minutes from local midnight, 0..1439
  int close = 0;  // minutes from local midnight, open+1..1440
  bool operator==(const TimeWindow&) const = default;
};

using DayWindows = std::vector<TimeWindow>;  // empty: closed all day

struct WeeklyHours {
  std::array<DayWindows, 7> days;  // indexed by weekday::c_encoding(): 0 = Sunday
  DayWindows& operator[](std::chrono::weekday wd) { return days[wd.c_encoding()]; }
  const DayWindows& operator[](std::chrono::weekday wd) const { return days[wd.c_encoding()]; }
  bool operator==(const WeeklyHours&) const = default;
};

// An operator's or advertiser's own day: closed, or other hours than the weekday's.
struct SpecialDay {
  std::chrono::year_month_day date;
  bool closed = true;
  DayWindows windows;  // when !closed: the hours of that day
  std::string name;    // "年末年始"; may be empty
  bool operator==(const SpecialDay&) const = default;
};

struct HolidayPolicy {
  enum class Mode {
    Closed,     // national holidays are closed (default)
    AsWeekday,  // a holiday has the hours of `as`
    Ignore,     // holidays are ordinary days
  };
  Mode mode = Mode::Closed;
  std::chrono::weekday as = std::chrono::Sunday;
  bool operator==(const HolidayPolicy&) const = default;
};

struct ScheduleConfig {
  std::string timezone = "Asia/Tokyo";
  WeeklyHours weekly;
  HolidayPolicy holidays;
  std::vector<SpecialDay> special_days;
  bool operator==(const ScheduleConfig&) const = default;
};

struct OpenStatus {
  enum class Basis { Weekday, Holiday, SpecialDay };
  bool open = false;
  Basis basis = Basis::Weekday;
  // "weekday hours", "outside hours", "holiday: 元日", "special day: 年末年始"
  // (a special day without a name: "special day: 2026-12-31").
  std::string reason;
  // The next instant `open` flips; nullopt when it does not within kLookAhead.
  std::optional<WallTime> next_change;
};

// Every problem of the configuration, with the JSON Pointer of the field in the JSON shape
// (schedule_json.hpp): "/weekly/mon/1", "/special_days/0/date". Empty when valid (the time
// zone name is checked for shape only).
std::vector<FieldIssue> checkSchedule(const ScheduleConfig& config);
std::vector<FieldIssue> checkWindows(const DayWindows& windows, const std::string& pointer);
// One Invalid error naming every issue (field: the first one's pointer).
Error invalidSchedule(std::vector<FieldIssue> issues);

// "mon".."sun" (the JSON keys) and back; "HH:MM" for minutes from midnight (0..1440).
const char* weekdayKey(std::chrono::weekday wd);
std::optional<std::chrono::weekday> weekdayFromKey(std::string_view key);
std::string formatMinutes(int minutes);

class Schedule {
 public:
  static constexpr auto kLookAhead = std::chrono::days{400};

  // Validates the configuration and loads its time zone from `zones`.
  static Result<Schedule> create(ScheduleConfig config, TimeZoneDb& zones = TimeZoneDb::system());

  const ScheduleConfig& config() const { return config_; }
  const TimeZone& timeZone() const { return *tz_; }

  // Open or closed at `now`, in the schedule's time zone or in `tz`.
  OpenStatus isOpen(WallTime now) const { return isOpen(now, *tz_); }
  OpenStatus isOpen(WallTime now, const TimeZone& tz) const;

 private:
  Schedule(ScheduleConfig config, std::shared_ptr<const TimeZone> tz)
      : config_(std::move(config)), tz_(std::move(tz)) {}

  ScheduleConfig config_;  // windows sorted by time, special days by date
  std::shared_ptr<const TimeZone> tz_;
};

}  // namespace hk::flow
