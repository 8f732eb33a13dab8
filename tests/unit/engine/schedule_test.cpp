// The schedule executor: open, closed and holiday branches at the injected clock's time, the
// reason kept in the variable "schedule", and a schedule that no longer compiles.
#include <gtest/gtest.h>

#include <stdexcept>

#include "verbs_fakes.hpp"

namespace hk::engine {
namespace {

using test::VerbHarness;

WallTime at(const std::string& s) {
  WallTime t;
  if (!parseUtc(s, t)) throw std::invalid_argument("bad time " + s);
  return t;
}

// One window a day, as JSON: [["09:00", "18:00"]].
Json day(const char* open, const char* close) { return Json::array({Json::array({open, close})}); }

// Mon-Fri 09:00-18:00 Tokyo; national holidays closed; 2026-12-30 closed (年末).
Json office(bool with_holiday_branch) {
  Json s = {{"verb", "schedule"},
            {"hours",
             {{"weekly",
               {{"mon", day("09:00", "18:00")},
                {"tue", day("09:00", "18:00")},
                {"wed", day("09:00", "18:00")},
                {"thu", day("09:00", "18:00")},
                {"fri", day("09:00", "18:00")}}},
              {"special_days", {{{"date", "2026-12-30"}, {"closed", true}, {"name", "年末"}}}}}},
            {"open", "menu"},
            {"closed", "after_hours"}};
  if (with_holiday_branch) s["holiday"] = "holiday_msg";
  return s;
}
const std::vector<std::string> kTargets = {"menu", "after_hours", "holiday_msg"};

std::pair<std::string, std::string> runAt(const Json& step, const std::string& when) {
  VerbHarness h(step, kTargets);
  h.clock.setWall(at(when));
  h.start();
  auto it = h.ctx.vars.find("schedule");
  return {h.ctx.outcome(), it == h.ctx.vars.end() ? "<none>" : it->second};
}

TEST(ScheduleRun, OpenInsideTheWindowToTheMinute) {
  // 2026-01-05 is a Monday.
  EXPECT_EQ(runAt(office(true), "2026-01-05T09:00:00+09:00"),
            std::make_pair(std::string("open"), std::string("weekday hours")));
  EXPECT_EQ(runAt(office(true), "2026-01-05T17:59:59+09:00").first, "open");
}

TEST(ScheduleRun, ClosedOutsideTheWindow) {
  EXPECT_EQ(runAt(office(true), "2026-01-05T08:59:59+09:00"),
            std::make_pair(std::string("closed"), std::string("outside hours")));
  EXPECT_EQ(runAt(office(true), "2026-01-05T18:00:00+09:00").first, "closed");
  EXPECT_EQ(runAt(office(true), "2026-01-10T12:00:00+09:00").first, "closed");  // Saturday
}

TEST(ScheduleRun, TheTimeIsTheSchedulesZoneNotUtc) {
  // 00:30 UTC is 09:30 in Tokyo on the same Monday.
  EXPECT_EQ(runAt(office(true), "2026-01-05T00:30:00Z").first, "open");
}

TEST(ScheduleRun, NationalHolidayTakesTheHolidayBranch) {
  // 2026-01-01 (Thursday) is 元日.
  EXPECT_EQ(runAt(office(true), "2026-01-01T10:00:00+09:00"),
            std::make_pair(std::string("holiday"), std::string("holiday: 元日")));
}

TEST(ScheduleRun, WithoutAHolidayBranchAHolidayIsClosed) {
  EXPECT_EQ(runAt(office(false), "2026-01-01T10:00:00+09:00"),
            std::make_pair(std::string("closed"), std::string("holiday: 元日")));
}

TEST(ScheduleRun, AClosedSpecialDayIsAHoliday) {
  // 2026-12-30 is a Wednesday.
  EXPECT_EQ(runAt(office(true), "2026-12-30T10:00:00+09:00"),
            std::make_pair(std::string("holiday"), std::string("special day: 年末")));
}

TEST(ScheduleRun, OpenAllWeekAndClosedAllWeek) {
  Json all = {{"verb", "schedule"}, {"open", "menu"}, {"closed", "after_hours"}};
  all["hours"] = {{"weekly", Json::object()}, {"holidays", "ignore"}};
  for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
    all["hours"]["weekly"][d] = day("00:00", "24:00");
  }
  EXPECT_EQ(runAt(all, "2026-01-01T00:00:00+09:00").first, "open");
  EXPECT_EQ(runAt(all, "2026-01-04T23:59:59+09:00").first, "open");
  Json none = all;
  none["hours"]["weekly"] = Json::object();
  EXPECT_EQ(runAt(none, "2026-01-05T12:00:00+09:00").first, "closed");
}

TEST(ScheduleRun, AScheduleThatNoLongerCompilesCountsAsClosed) {
  // A document checked on save whose time zone has since vanished from the system.
  flow::Step step = test::checkedStep(office(true), kTargets);
  step.params["hours"]["timezone"] = "Nowhere/Atlantis";
  auto run = (*RunRegistry::builtin().find("schedule"))(step);
  test::FakeCall call;
  test::FakeEnv env;
  hk::test::FakeClock clock(at("2026-01-05T10:00:00+09:00"));
  test::FakeStepContext ctx(call, step, env, clock);
  run->start(ctx);
  EXPECT_EQ(ctx.outcome(), "closed");
  EXPECT_EQ(ctx.vars.at("schedule").rfind("error: ", 0), 0u) << ctx.vars.at("schedule");
}

}  // namespace
}  // namespace hk::engine
