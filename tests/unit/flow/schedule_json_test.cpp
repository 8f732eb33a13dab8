// The schedule's JSON shape: a good document reads, writes back the same, and decides; a bad
// one names every bad field by its JSON Pointer.
#include "flow/schedule_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hk::flow {
namespace {

using namespace std::chrono;
using Json = nlohmann::json;
using testing::UnorderedElementsAre;

FieldIssue issue(std::string field, std::string reason) {
  return {std::move(field), std::move(reason)};
}

WallTime at(const std::string& s) {
  WallTime t;
  EXPECT_TRUE(parseUtc(s, t)) << s;
  return t;
}

const char* kGood = R"({
  "timezone": "Asia/Tokyo",
  "weekly": {"mon": [["09:00","12:00"],["13:00","18:00"]], "tue": [["09:00","18:00"]],
             "wed": [["09:00","18:00"]], "thu": [["09:00","18:00"]],
             "fri": [["09:00","18:00"],["22:00","24:00"]], "sat": [], "sun": []},
  "holidays": "closed",
  "special_days": [{"date": "2026-12-31", "closed": true, "name": "年末"},
                   {"date": "2026-12-26", "windows": [["10:00","12:00"]]}]
})";

TEST(ScheduleJson, ReadsTheDocumentShape) {
  auto c = scheduleConfigFromJson(Json::parse(kGood));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->timezone, "Asia/Tokyo");
  EXPECT_THAT(c->weekly[Monday], testing::ElementsAre(TimeWindow{540, 720}, TimeWindow{780, 1080}));
  EXPECT_THAT(c->weekly[Friday],
              testing::ElementsAre(TimeWindow{540, 1080}, TimeWindow{1320, 1440}));
  EXPECT_TRUE(c->weekly[Saturday].empty());
  EXPECT_EQ(c->holidays.mode, HolidayPolicy::Mode::Closed);
  ASSERT_EQ(c->special_days.size(), 2u);
  EXPECT_EQ(c->special_days[0].date, year{2026} / December / 31);
  EXPECT_TRUE(c->special_days[0].closed);
  EXPECT_EQ(c->special_days[0].name, "年末");
  EXPECT_FALSE(c->special_days[1].closed);
  EXPECT_THAT(c->special_days[1].windows, testing::ElementsAre(TimeWindow{600, 720}));
}

TEST(ScheduleJson, WritesBackWhatItRead) {
  auto s = scheduleFromJson(Json::parse(kGood));
  ASSERT_TRUE(s) << s.error().message;
  Json out = toJson(s->config());
  EXPECT_EQ(out["weekly"]["mon"], Json::parse(R"([["09:00","12:00"],["13:00","18:00"]])"));
  EXPECT_EQ(out["weekly"]["fri"][1], Json::parse(R"(["22:00","24:00"])"));
  EXPECT_EQ(out["special_days"][0],
            Json::parse(R"({"date":"2026-12-26","windows":[["10:00","12:00"]]})"));
  auto again = scheduleConfigFromJson(out);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, s->config());

  for (const char* policy : {"ignore", "sat"}) {
    auto j = Json::parse(kGood);
    j["holidays"] = policy;
    auto c = scheduleConfigFromJson(j);
    ASSERT_TRUE(c) << policy;
    EXPECT_EQ(toJson(*c)["holidays"], policy);
  }
}

TEST(ScheduleJson, DecidesFromTheDocument) {
  auto s = scheduleFromJson(Json::parse(kGood));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->isOpen(at("2026-12-31T10:00:00+09:00")).reason, "special day: 年末");
  EXPECT_EQ(s->isOpen(at("2026-11-23T10:00:00+09:00")).reason, "holiday: 勤労感謝の日");
  EXPECT_TRUE(s->isOpen(at("2026-11-24T10:00:00+09:00")).open);
  EXPECT_FALSE(s->isOpen(at("2026-11-30T12:30:00+09:00")).open);  // Monday lunch
}

TEST(ScheduleJson, DefaultsToTokyoAndClosedHolidays) {
  auto s = scheduleFromJson(Json::parse(R"({"weekly": {"mon": [["09:00","18:00"]]}})"));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->config().timezone, "Asia/Tokyo");
  EXPECT_EQ(s->timeZone().name(), "Asia/Tokyo");
  EXPECT_EQ(s->config().holidays.mode, HolidayPolicy::Mode::Closed);
  EXPECT_TRUE(s->config().weekly[Tuesday].empty());
  EXPECT_TRUE(s->isOpen(at("2026-01-05T00:00:00Z")).open);  // 09:00 in Tokyo
}

TEST(ScheduleJson, NamesEveryBadField) {
  auto j = Json::parse(R"({
    "timezone": "../etc/passwd",
    "weekly": {"mon": [["9:00","18:00"]],
               "tue": [["09:00","12:00"],["11:00","13:00"]],
               "wed": [["18:00","09:00"]],
               "thu": [["08:00","09:00"],["10:00","11:00"],["12:00","13:00"],["14:00","15:00"]],
               "fri": "closed",
               "sat": [["00:00","24:01"], ["10:00"], ["24:00", "24:00"]],
               "funday": []},
    "holidays": "sometimes",
    "special_days": [{"date": "2026-02-30", "closed": true},
                     {"date": "2026-12-31", "closed": true, "windows": [["09:00","10:00"]]},
                     {"date": "2026-12-31"},
                     {"date": "2026-12-30", "closed": "yes", "name": 7, "why": 1},
                     "x"],
    "extra/field~": 1
  })");
  auto c = scheduleConfigFromJson(j);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Code::Invalid);
  const char* kTime = "must be a time HH:MM (00:00..24:00)";
  EXPECT_THAT(
      c.error().fields,
      UnorderedElementsAre(
          issue("/extra~1field~0", "unknown field"),
          issue("/timezone", "must be an IANA time zone like Asia/Tokyo"),
          issue("/weekly/mon/0/0", kTime),
          issue("/weekly/tue/1", "overlaps 09:00-12:00 (/weekly/tue/0)"),
          issue("/weekly/wed/0",
                "must close after it opens (a window cannot span midnight: end "
                "it at 24:00 and open the next day at 00:00)"),
          issue("/weekly/thu", "at most 3 windows a day"),
          issue("/weekly/fri", "must be a list of [\"HH:MM\",\"HH:MM\"] windows ([] when closed)"),
          issue("/weekly/sat/0/1", kTime),
          issue("/weekly/sat/1",
                "must be [\"HH:MM\",\"HH:MM\"] "
                "(opens, closes)"),
          issue("/weekly/sat/2", "times must be within 00:00..24:00"),
          issue("/weekly/funday", "unknown weekday (mon, tue, wed, thu, fri, sat, sun)"),
          issue("/holidays",
                "must be \"closed\", \"ignore\" or a weekday (mon..sun) whose hours "
                "holidays take"),
          issue("/special_days/0/date", "must be a calendar date YYYY-MM-DD"),
          issue("/special_days/1/windows", "a closed day has no windows"),
          issue("/special_days/2/date", "same date as /special_days/1"),
          issue("/special_days/2", "needs \"closed\": true or opening windows"),
          issue("/special_days/3/closed", "must be true or false"),
          issue("/special_days/3/name", "must be a string"),
          issue("/special_days/3/why", "unknown field"),
          issue("/special_days/4", "must be an object {\"date\": \"YYYY-MM-DD\", ...}")));
  EXPECT_THAT(c.error().message, testing::StartsWith("invalid schedule: "));
}

TEST(ScheduleJson, RequiresAnObjectWithWeeklyHours) {
  auto c = scheduleConfigFromJson(Json::parse("[]"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().fields.at(0).reason, "a schedule must be a JSON object");
  c = scheduleConfigFromJson(Json::parse("{}"));
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().fields, testing::ElementsAre(issue("/weekly",
                                                           "required: the hours of "
                                                           "each weekday")));
}

TEST(ScheduleJson, PointersStartAtTheSchedulesPlace) {
  auto j = Json::parse(R"({"timezone": "Mars/Olympus", "weekly": {"mon": [["09:00","18:00"]]}})");
  auto s = scheduleFromJson(j, TimeZoneDb::system(), "/steps/2/hours");
  ASSERT_FALSE(s);
  ASSERT_EQ(s.error().fields.size(), 1u);
  EXPECT_EQ(s.error().fields[0].field, "/steps/2/hours/timezone");
  EXPECT_EQ(s.error().field, "/steps/2/hours/timezone");

  j["weekly"]["mon"][0][1] = "25:00";
  auto c = scheduleConfigFromJson(j, "/steps/2/hours");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().fields.at(0).field, "/steps/2/hours/weekly/mon/0/1");
}

}  // namespace
}  // namespace hk::flow
