#pragma once
// The national holidays of Japan, computed from the law (国民の祝日に関する法律, in force from
// 1948-07-20, with its amendments), the special laws for imperial events and the 2020/2021
// Olympic moves. No table of results: rules only (holidays_jp.cpp).
//
// Range: 1948..2099. Before 1948-07-20 there is no holiday under this law. The equinox days
// use the standard approximation formula, valid 1900..2099 (the official dates are published
// each February for the next year; the unit tests compare with @holiday-jp/holiday_jp over
// 1970..2050). After 2099 no day is reported as a holiday: callers must not rely on it there.
//
// Names are the Japanese ones, as the Cabinet Office and @holiday-jp/holiday_jp spell them:
// "元日", "海の日"; a substitute holiday is "<holiday> 振替休日", named after the holiday that
// fell on the Sunday ("山の日 振替休日"), a citizens' holiday "休日", the 2019 enthronement
// days "休日（祝日扱い）".
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace hk::flow {

inline constexpr int kHolidayFirstYear = 1948;
inline constexpr int kHolidayLastYear = 2099;

enum class HolidayKind {
  National,    // 国民の祝日 (includes the Olympic moves and days the law deems national)
  Substitute,  // 振替休日: a national holiday fell on a Sunday (1973 and 2007 rules)
  Citizens,    // 国民の休日: a day between two national holidays (from 1985-12-27)
  Imperial,    // one-off days off for imperial events (1959, 1989, 1990, 1993)
};

struct Holiday {
  std::chrono::year_month_day date;
  std::string name;
  HolidayKind kind = HolidayKind::National;
  bool operator==(const Holiday&) const = default;
};

// Every holiday of `year`, in date order; empty outside kHolidayFirstYear..kHolidayLastYear.
std::vector<Holiday> holidaysOf(int year);

// The holiday's name, or nullopt when the day is not a holiday (or not a valid date).
std::optional<std::string> holidayName(int year, int month, int day);
std::optional<std::string> holidayName(std::chrono::year_month_day date);

bool isHoliday(int year, int month, int day);
bool isHoliday(std::chrono::year_month_day date);

// The vernal (March) and autumnal (September) equinox day of the month by the approximation
// formula; nullopt outside 1900..2099.
std::optional<int> vernalEquinoxDay(int year);
std::optional<int> autumnalEquinoxDay(int year);

}  // namespace hk::flow
