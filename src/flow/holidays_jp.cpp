#include "flow/holidays_jp.hpp"

#include <algorithm>
#include <array>

namespace hk::flow {
namespace {

using namespace std::chrono;

constexpr int kForever = 9999;

enum class RuleKind {
  Fixed,      // month/day
  NthMonday,  // the n-th Monday of month (Happy Monday system)
  Vernal,     // the vernal equinox day in March
  Autumnal,   // the autumnal equinox day in September
  OneOff,     // one day: first_year-month-day
};

// One clause of the law (or of a special law) with the years it is in force. `skip`: years in
// which the Olympic special measures law moved the day (the move is a OneOff rule).
struct Rule {
  const char* name;
  RuleKind kind;
  int month;
  int day;  // Fixed, OneOff: day of the month; NthMonday: n
  int first_year;
  int last_year;
  HolidayKind holiday_kind = HolidayKind::National;
  std::array<int, 2> skip = {0, 0};
};

constexpr HolidayKind kImperial = HolidayKind::Imperial;
constexpr std::array<int, 2> kOlympics = {2020, 2021};

// 国民の祝日に関する法律 (昭和23年法律第178号) and its amendments: 1966 (敬老の日, 体育の日,
// 建国記念の日 from 1967), 1989 (みどりの日), 1995 (海の日 from 1996), 1998 and 2001 (Happy
// Monday, 2000 and 2003), 2005 (昭和の日, みどりの日 to 5/4, from 2007), 2014 (山の日 from
// 2016), 2017 (天皇誕生日 2/23 from 2020), 2018 (スポーツの日 from 2020); the Olympic special
// measures laws for 2020 and 2021; the laws making the days of imperial events days off.
constexpr Rule kRules[] = {
    {"元日", RuleKind::Fixed, 1, 1, 1948, kForever},
    {"成人の日", RuleKind::Fixed, 1, 15, 1948, 1999},
    {"成人の日", RuleKind::NthMonday, 1, 2, 2000, kForever},
    {"建国記念の日", RuleKind::Fixed, 2, 11, 1967, kForever},
    {"春分の日", RuleKind::Vernal, 3, 0, 1948, kForever},
    {"天皇誕生日", RuleKind::Fixed, 4, 29, 1948, 1988},
    {"みどりの日", RuleKind::Fixed, 4, 29, 1989, 2006},
    {"昭和の日", RuleKind::Fixed, 4, 29, 2007, kForever},
    {"憲法記念日", RuleKind::Fixed, 5, 3, 1948, kForever},
    {"みどりの日", RuleKind::Fixed, 5, 4, 2007, kForever},
    {"こどもの日", RuleKind::Fixed, 5, 5, 1948, kForever},
    {"海の日", RuleKind::Fixed, 7, 20, 1996, 2002},
    {"海の日", RuleKind::NthMonday, 7, 3, 2003, kForever, HolidayKind::National, kOlympics},
    {"海の日", RuleKind::OneOff, 7, 23, 2020, 2020},
    {"海の日", RuleKind::OneOff, 7, 22, 2021, 2021},
    {"山の日", RuleKind::Fixed, 8, 11, 2016, kForever, HolidayKind::National, kOlympics},
    {"山の日", RuleKind::OneOff, 8, 10, 2020, 2020},
    {"山の日", RuleKind::OneOff, 8, 8, 2021, 2021},
    {"敬老の日", RuleKind::Fixed, 9, 15, 1966, 2002},
    {"敬老の日", RuleKind::NthMonday, 9, 3, 2003, kForever},
    {"秋分の日", RuleKind::Autumnal, 9, 0, 1948, kForever},
    {"体育の日", RuleKind::Fixed, 10, 10, 1966, 1999},
    {"体育の日", RuleKind::NthMonday, 10, 2, 2000, 2019},
    {"スポーツの日", RuleKind::NthMonday, 10, 2, 2020, kForever, HolidayKind::National, kOlympics},
    {"スポーツの日", RuleKind::OneOff, 7, 24, 2020, 2020},
    {"スポーツの日", RuleKind::OneOff, 7, 23, 2021, 2021},
    {"文化の日", RuleKind::Fixed, 11, 3, 1948, kForever},
    {"勤労感謝の日", RuleKind::Fixed, 11, 23, 1948, kForever},
    {"天皇誕生日", RuleKind::Fixed, 12, 23, 1989, 2018},
    {"天皇誕生日", RuleKind::Fixed, 2, 23, 2020, kForever},
    // Special laws: these days are 休日 (days off), not 国民の祝日...
    {"結婚の儀", RuleKind::OneOff, 4, 10, 1959, 1959, kImperial},
    {"大喪の礼", RuleKind::OneOff, 2, 24, 1989, 1989, kImperial},
    {"即位礼正殿の儀", RuleKind::OneOff, 11, 12, 1990, 1990, kImperial},
    {"結婚の儀", RuleKind::OneOff, 6, 9, 1993, 1993, kImperial},
    // ...except the 2019 ones, which that law deems national holidays for the citizens'
    // holiday rule (hence 2019-04-30 and 2019-05-02).
    {"休日（祝日扱い）", RuleKind::OneOff, 5, 1, 2019, 2019},
    {"休日（祝日扱い）", RuleKind::OneOff, 10, 22, 2019, 2019},
};

constexpr sys_days kLawInForce = 1948y / July / 20;
constexpr sys_days kSubstitute1973 = 1973y / April / 12;   // "the next day" (1973 amendment)
constexpr sys_days kSubstitute2007 = 2007y / January / 1;  // "the nearest non-holiday after"
constexpr sys_days kCitizens = 1985y / December / 27;      // 国民の休日 (1985 amendment)

int floorDiv(long long a, long long b) {
  long long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return static_cast<int>(q);
}

// day = int(base + 0.242194 * (y - 1980) - int((y - leap_ref) / 4)), int() rounding toward
// zero as the formula is published (it matters before 1980, where (y - 1983) / 4 is
// negative); in millionths so that no floating point rounding can move a day.
std::optional<int> equinox(int year, long long base_1900, long long base_1980) {
  if (year < 1900 || year > 2099) return std::nullopt;
  bool early = year < 1980;
  long long base = early ? base_1900 : base_1980;
  int leap_ref = early ? 1983 : 1980;
  return floorDiv(base + 242194LL * (year - 1980), 1000000) - (year - leap_ref) / 4;
}

std::optional<year_month_day> dateOf(const Rule& r, int y) {
  if (y < r.first_year || y > r.last_year) return std::nullopt;
  if (y == r.skip[0] || y == r.skip[1]) return std::nullopt;
  auto ym = year{y} / month{static_cast<unsigned>(r.month)};
  switch (r.kind) {
    case RuleKind::Fixed:
    case RuleKind::OneOff: return ym / day{static_cast<unsigned>(r.day)};
    case RuleKind::NthMonday:
      return year_month_day{sys_days{ym / Monday[static_cast<unsigned>(r.day)]}};
    case RuleKind::Vernal:
    case RuleKind::Autumnal: {
      auto d = r.kind == RuleKind::Vernal ? vernalEquinoxDay(y) : autumnalEquinoxDay(y);
      if (!d) return std::nullopt;
      return ym / day{static_cast<unsigned>(*d)};
    }
  }
  return std::nullopt;
}

bool isNationalOn(const std::vector<Holiday>& hs, sys_days d) {
  return std::any_of(hs.begin(), hs.end(), [d](const Holiday& h) {
    return h.kind == HolidayKind::National && sys_days{h.date} == d;
  });
}

bool isAnyOn(const std::vector<Holiday>& hs, sys_days d) {
  return std::any_of(hs.begin(), hs.end(), [d](const Holiday& h) { return sys_days{h.date} == d; });
}

// 振替休日. 1973-04-12..2006: a national holiday on a Sunday makes the next day a day off,
// unless that day is itself a national holiday. From 2007: the nearest following day that is
// not a national holiday.
void addSubstitutes(std::vector<Holiday>& hs) {
  std::vector<Holiday> extra;
  for (const auto& h : hs) {
    sys_days d{h.date};
    if (h.kind != HolidayKind::National || weekday{d} != Sunday || d < kSubstitute1973) continue;
    sys_days sub = d + days{1};
    if (d < kSubstitute2007) {
      if (isNationalOn(hs, sub)) continue;
    } else {
      while (isNationalOn(hs, sub)) sub += days{1};
    }
    extra.push_back({year_month_day{sub}, h.name + " 振替休日", HolidayKind::Substitute});
  }
  hs.insert(hs.end(), extra.begin(), extra.end());
}

// 国民の休日: a day whose previous and next days are national holidays, from 1985-12-27.
// Until 2006 the law left out Sundays and substitute holidays; from 2007 it only leaves out
// national holidays (a substitute there keeps its substitute name).
void addCitizensHolidays(std::vector<Holiday>& hs) {
  std::vector<Holiday> extra;
  for (const auto& h : hs) {
    if (h.kind != HolidayKind::National) continue;
    sys_days d = sys_days{h.date} + days{1};
    if (d < kCitizens || !isNationalOn(hs, d + days{1}) || isAnyOn(hs, d)) continue;
    if (d < kSubstitute2007 && weekday{d} == Sunday) continue;
    extra.push_back({year_month_day{d}, "休日", HolidayKind::Citizens});
  }
  hs.insert(hs.end(), extra.begin(), extra.end());
}

}  // namespace

std::optional<int> vernalEquinoxDay(int year) { return equinox(year, 20835700, 20843100); }

std::optional<int> autumnalEquinoxDay(int year) { return equinox(year, 23258800, 23248800); }

std::vector<Holiday> holidaysOf(int y) {
  std::vector<Holiday> out;
  if (y < kHolidayFirstYear || y > kHolidayLastYear) return out;
  for (const auto& r : kRules) {
    auto d = dateOf(r, y);
    if (d && d->ok() && sys_days{*d} >= kLawInForce) out.push_back({*d, r.name, r.holiday_kind});
  }
  std::sort(out.begin(), out.end(),
            [](const Holiday& a, const Holiday& b) { return sys_days{a.date} < sys_days{b.date}; });
  addSubstitutes(out);
  addCitizensHolidays(out);
  std::sort(out.begin(), out.end(),
            [](const Holiday& a, const Holiday& b) { return sys_days{a.date} < sys_days{b.date}; });
  return out;
}

std::optional<std::string> holidayName(year_month_day date) {
  if (!date.ok()) return std::nullopt;
  for (auto& h : holidaysOf(static_cast<int>(date.year()))) {
    if (h.date == date) return std::move(h.name);
  }
  return std::nullopt;
}

std::optional<std::string> holidayName(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return holidayName(year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)});
}

bool isHoliday(year_month_day date) { return holidayName(date).has_value(); }

bool isHoliday(int y, int m, int d) { return holidayName(y, m, d).has_value(); }

}  // namespace hk::flow
