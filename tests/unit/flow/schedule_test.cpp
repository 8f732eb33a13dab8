// Business hours at their edges, with the time injected: window opens and closes to the
// second, holidays, special days, DST in New York, and the next change of state.
#include "flow/schedule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "support/fake_clock.hpp"

namespace hk::flow {
namespace {

using namespace std::chrono;
using testing::ElementsAre;
using testing::Field;
using Basis = OpenStatus::Basis;

WallTime at(const std::string& s) {
  WallTime t;
  if (!parseUtc(s, t)) throw std::invalid_argument("bad time " + s);
  return t;
}

TimeWindow hm(int open_h, int open_m, int close_h, int close_m) {
  return {open_h * 60 + open_m, close_h * 60 + close_m};
}

// Mon..Fri 09:00-18:00 in Tokyo, weekends closed, holidays closed.
ScheduleConfig office() {
  ScheduleConfig c;
  for (auto wd : {Monday, Tuesday, Wednesday, Thursday, Friday}) c.weekly[wd] = {hm(9, 0, 18, 0)};
  return c;
}

Schedule make(ScheduleConfig c) {
  auto s = Schedule::create(std::move(c));
  if (!s) throw std::runtime_error(s.error().message);
  return std::move(s).value();
}

std::string nextChange(const OpenStatus& st) {
  return st.next_change ? formatUtc(*st.next_change) : "none";
}

TEST(Schedule, OpensAndClosesOnTheSecond) {
  auto s = make(office());
  test::FakeClock clock(at("2026-01-05T08:59:59+09:00"));  // a Monday
  auto st = s.isOpen(clock.now());
  EXPECT_FALSE(st.open);
  EXPECT_EQ(st.reason, "outside hours");
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-05T09:00:00+09:00")));

  clock.advance(seconds{1});
  st = s.isOpen(clock.now());
  EXPECT_TRUE(st.open);
  EXPECT_EQ(st.reason, "weekday hours");
  EXPECT_EQ(st.basis, Basis::Weekday);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-05T18:00:00+09:00")));

  EXPECT_TRUE(s.isOpen(at("2026-01-05T17:59:59.999+09:00")).open);
  st = s.isOpen(at("2026-01-05T18:00:00+09:00"));
  EXPECT_FALSE(st.open);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-06T09:00:00+09:00")));
}

TEST(Schedule, LunchBreakBetweenWindows) {
  auto c = office();
  c.weekly[Tuesday] = {hm(13, 0, 18, 0), hm(8, 30, 12, 0)};  // any order
  auto s = make(c);
  EXPECT_TRUE(s.isOpen(at("2026-01-06T08:30:00+09:00")).open);
  auto st = s.isOpen(at("2026-01-06T12:00:00+09:00"));
  EXPECT_FALSE(st.open);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-06T13:00:00+09:00")));
  EXPECT_FALSE(s.isOpen(at("2026-01-06T12:59:59+09:00")).open);
  EXPECT_TRUE(s.isOpen(at("2026-01-06T13:00:00+09:00")).open);
}

TEST(Schedule, EveningRunsIntoTheNextMorningThroughMidnight) {
  auto c = office();
  c.weekly[Friday] = {hm(9, 0, 18, 0), hm(22, 0, 24, 0)};
  c.weekly[Saturday] = {hm(0, 0, 2, 0)};
  auto s = make(c);
  auto st = s.isOpen(at("2026-01-09T23:00:00+09:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-10T02:00:00+09:00")));  // not midnight
  EXPECT_TRUE(s.isOpen(at("2026-01-10T00:00:00+09:00")).open);
  EXPECT_FALSE(s.isOpen(at("2026-01-10T02:00:00+09:00")).open);
}

TEST(Schedule, AWindowCannotSpanMidnight) {
  auto c = office();
  c.weekly[Friday] = {hm(22, 0, 2, 0)};
  auto s = Schedule::create(c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::Invalid);
  ASSERT_EQ(s.error().fields.size(), 1u);
  EXPECT_EQ(s.error().fields[0].field, "/weekly/fri/0");
  EXPECT_THAT(s.error().fields[0].reason, testing::HasSubstr("span midnight"));
}

TEST(Schedule, AHolidayClosesAMonday) {
  auto s = make(office());
  auto st = s.isOpen(at("2026-01-12T10:00:00+09:00"));  // 成人の日
  EXPECT_FALSE(st.open);
  EXPECT_EQ(st.basis, Basis::Holiday);
  EXPECT_EQ(st.reason, "holiday: 成人の日");
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-13T09:00:00+09:00")));
  // From Friday evening the next opening skips the weekend and the holiday.
  st = s.isOpen(at("2026-01-09T18:00:00+09:00"));
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-13T09:00:00+09:00")));
}

TEST(Schedule, GoldenWeekIsOneLongClosure) {
  auto s = make(office());
  auto st = s.isOpen(at("2026-05-01T18:00:00+09:00"));
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-05-07T09:00:00+09:00")));
  EXPECT_EQ(s.isOpen(at("2026-05-06T10:00:00+09:00")).reason, "holiday: 憲法記念日 振替休日");
}

TEST(Schedule, HolidaysCanTakeAWeekdaysHours) {
  auto c = office();
  c.weekly[Saturday] = {hm(10, 0, 15, 0)};
  c.holidays = {HolidayPolicy::Mode::AsWeekday, Saturday};
  auto s = make(c);
  auto st = s.isOpen(at("2026-01-12T10:00:00+09:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(st.reason, "holiday: 成人の日");
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-12T15:00:00+09:00")));
  EXPECT_FALSE(s.isOpen(at("2026-01-12T09:30:00+09:00")).open);
}

TEST(Schedule, HolidaysCanBeIgnored) {
  auto c = office();
  c.holidays.mode = HolidayPolicy::Mode::Ignore;
  auto st = make(c).isOpen(at("2026-01-12T10:00:00+09:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(st.reason, "weekday hours");
}

TEST(Schedule, SpecialDaysOverrideWeekdaysAndHolidays) {
  auto c = office();
  c.special_days = {
      {year{2026} / December / 31, true, {}, "年末"},
      {year{2026} / November / 3, false, {hm(10, 0, 12, 0)}, "臨時営業"},  // 文化の日
      {year{2026} / December / 26, false, {hm(10, 0, 12, 0)}, ""},         // a Saturday
  };
  auto s = make(c);
  auto st = s.isOpen(at("2026-12-31T10:00:00+09:00"));
  EXPECT_FALSE(st.open);
  EXPECT_EQ(st.basis, Basis::SpecialDay);
  EXPECT_EQ(st.reason, "special day: 年末");

  st = s.isOpen(at("2026-11-03T11:00:00+09:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(st.reason, "special day: 臨時営業");
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-11-03T12:00:00+09:00")));
  st = s.isOpen(at("2026-11-03T09:30:00+09:00"));
  EXPECT_FALSE(st.open);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-11-03T10:00:00+09:00")));

  st = s.isOpen(at("2026-12-26T11:00:00+09:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(st.reason, "special day: 2026-12-26");

  st = s.isOpen(at("2026-12-30T18:00:00+09:00"));  // closed through the new year holidays
  EXPECT_EQ(nextChange(st), formatUtc(at("2027-01-04T09:00:00+09:00")));
}

ScheduleConfig newYorkSundays(std::vector<TimeWindow> sunday) {
  ScheduleConfig c;
  c.timezone = "America/New_York";
  c.holidays.mode = HolidayPolicy::Mode::Ignore;
  c.weekly[Sunday] = std::move(sunday);
  return c;
}

TEST(Schedule, NewYorkSpringForward) {
  // 2026-03-08 02:00 EST becomes 03:00 EDT.
  auto day = make(newYorkSundays({hm(9, 0, 17, 0)}));
  auto st = day.isOpen(at("2026-03-07T12:00:00-05:00"));
  EXPECT_EQ(nextChange(st), "2026-03-08T13:00:00.000Z");  // 09:00 EDT, not 14:00Z
  st = day.isOpen(at("2026-03-08T13:00:00Z"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(nextChange(st), "2026-03-08T21:00:00.000Z");

  auto across = make(newYorkSundays({hm(1, 30, 2, 30)}));
  st = across.isOpen(at("2026-03-08T01:45:00-05:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(nextChange(st), "2026-03-08T07:00:00.000Z");  // the clock jumps past 02:30

  auto missing = make(newYorkSundays({hm(2, 15, 2, 45)}));  // does not exist that day
  st = missing.isOpen(at("2026-03-08T00:00:00-05:00"));
  EXPECT_FALSE(st.open);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-03-15T02:15:00-04:00")));
}

TEST(Schedule, NewYorkFallBack) {
  // 2026-11-01 02:00 EDT becomes 01:00 EST: 01:00-01:30 happens twice.
  auto twice = make(newYorkSundays({hm(1, 0, 1, 30)}));
  auto st = twice.isOpen(at("2026-11-01T01:15:00-04:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-11-01T01:30:00-04:00")));
  st = twice.isOpen(at("2026-11-01T01:30:00-04:00"));
  EXPECT_FALSE(st.open);
  EXPECT_EQ(nextChange(st), "2026-11-01T06:00:00.000Z");  // 01:00 EST
  st = twice.isOpen(at("2026-11-01T01:00:00-05:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-11-01T01:30:00-05:00")));

  auto day = make(newYorkSundays({hm(9, 0, 17, 0)}));
  st = day.isOpen(at("2026-10-31T12:00:00-04:00"));
  EXPECT_EQ(nextChange(st), "2026-11-01T14:00:00.000Z");  // 09:00 EST
}

TEST(Schedule, EvaluatesInAnotherZoneWhenAsked) {
  auto s = make(office());
  auto ny = TimeZoneDb::system().get("America/New_York");
  ASSERT_TRUE(ny);
  WallTime t = at("2026-01-05T10:00:00+09:00");  // Monday in Tokyo, Sunday evening in New York
  EXPECT_TRUE(s.isOpen(t).open);
  auto st = s.isOpen(t, **ny);
  EXPECT_FALSE(st.open);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-05T09:00:00-05:00")));
}

TEST(Schedule, NoChangeAheadWhenAlwaysClosedOrOpen) {
  auto closed = make(ScheduleConfig{});
  auto st = closed.isOpen(at("2026-01-05T10:00:00+09:00"));
  EXPECT_FALSE(st.open);
  EXPECT_EQ(st.next_change, std::nullopt);

  ScheduleConfig always;
  for (auto& d : always.weekly.days) d = {hm(0, 0, 24, 0)};
  always.holidays.mode = HolidayPolicy::Mode::Ignore;
  st = make(always).isOpen(at("2026-01-05T10:00:00+09:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(st.next_change, std::nullopt);

  always.holidays.mode = HolidayPolicy::Mode::Closed;  // open but on holidays
  st = make(always).isOpen(at("2026-01-02T10:00:00+09:00"));
  EXPECT_TRUE(st.open);
  EXPECT_EQ(nextChange(st), formatUtc(at("2026-01-12T00:00:00+09:00")));
}

TEST(Schedule, CreateNamesEveryBadField) {
  auto c = office();
  c.timezone = "../etc/passwd";
  c.weekly[Monday] = {hm(9, 0, 12, 0), hm(11, 0, 13, 0)};
  c.weekly[Wednesday] = {hm(8, 0, 9, 0), hm(10, 0, 11, 0), hm(12, 0, 13, 0), hm(14, 0, 15, 0)};
  c.weekly[Saturday] = {{0, 24 * 60 + 1}};
  c.special_days = {{year{2026} / February / 30, true, {}, ""},
                    {year{2026} / December / 31, true, {hm(9, 0, 10, 0)}, ""},
                    {year{2026} / December / 31, false, {}, std::string(101, 'x')}};
  auto s = Schedule::create(c);
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().fields, ElementsAre(Field(&FieldIssue::field, "/timezone"),
                                            Field(&FieldIssue::field, "/weekly/mon/1"),
                                            Field(&FieldIssue::field, "/weekly/wed"),
                                            Field(&FieldIssue::field, "/weekly/sat/0"),
                                            Field(&FieldIssue::field, "/special_days/0/date"),
                                            Field(&FieldIssue::field, "/special_days/1/windows"),
                                            Field(&FieldIssue::field, "/special_days/2/date"),
                                            Field(&FieldIssue::field, "/special_days/2"),
                                            Field(&FieldIssue::field, "/special_days/2/name")));
  EXPECT_EQ(s.error().field, "/timezone");
  EXPECT_THAT(s.error().fields[1].reason, testing::HasSubstr("overlaps 09:00-12:00"));
  EXPECT_EQ(s.error().fields[2].reason, "at most 3 windows a day");
}

TEST(Schedule, UnknownZoneIsAFieldError) {
  auto c = office();
  c.timezone = "Mars/Olympus";
  auto s = Schedule::create(c);
  ASSERT_FALSE(s);
  ASSERT_EQ(s.error().fields.size(), 1u);
  EXPECT_EQ(s.error().fields[0].field, "/timezone");
  EXPECT_THAT(s.error().fields[0].reason, testing::HasSubstr("unknown time zone Mars/Olympus"));
}

}  // namespace
}  // namespace hk::flow
