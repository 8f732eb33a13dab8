// Time zones from the system tz database: offsets and transitions from the TZif table, then
// from its POSIX rule (after 2037), and refusal of bad names and bad files.
#include "flow/time_zone.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "base/clock.hpp"
#include "flow/detail/posix_tz.hpp"

namespace hk::flow {
namespace {

using namespace std::chrono;

sys_seconds utc(const std::string& s) {
  WallTime t;
  EXPECT_TRUE(parseUtc(s, t)) << s;
  return floor<seconds>(t);
}

std::shared_ptr<const TimeZone> zone(const std::string& name) {
  auto tz = TimeZoneDb::system().get(name);
  EXPECT_TRUE(tz) << name << ": " << (tz ? "" : tz.error().message);
  return tz ? *tz : std::make_shared<const TimeZone>(TimeZone::utc());
}

TEST(TimeZone, TokyoIsNineHoursAheadWithoutDst) {
  auto tz = zone("Asia/Tokyo");
  EXPECT_EQ(tz->name(), "Asia/Tokyo");
  EXPECT_EQ(tz->offsetAt(utc("2026-01-01T00:00:00Z")), hours{9});
  EXPECT_EQ(tz->offsetAt(utc("2026-07-01T00:00:00Z")), hours{9});
  EXPECT_EQ(tz->offsetAt(utc("2090-07-01T00:00:00Z")), hours{9});
  EXPECT_EQ(tz->nextTransition(utc("2026-01-01T00:00:00Z")), std::nullopt);
  // Japan had summer time from 1948 to 1951.
  EXPECT_EQ(tz->offsetAt(utc("1950-06-01T00:00:00Z")), hours{10});
  EXPECT_EQ(tz->offsetAt(utc("1950-12-01T00:00:00Z")), hours{9});
  auto local = tz->toLocal(utc("2026-12-31T15:00:00Z"));
  EXPECT_EQ(year_month_day{floor<days>(local)}, year{2027} / January / 1);
}

TEST(TimeZone, NewYorkTransitionsFromTheTable) {
  auto tz = zone("America/New_York");
  EXPECT_EQ(tz->offsetAt(utc("2026-03-08T06:59:59Z")), hours{-5});
  EXPECT_EQ(tz->offsetAt(utc("2026-03-08T07:00:00Z")), hours{-4});
  EXPECT_EQ(tz->offsetAt(utc("2026-11-01T05:59:59Z")), hours{-4});
  EXPECT_EQ(tz->offsetAt(utc("2026-11-01T06:00:00Z")), hours{-5});
  EXPECT_EQ(tz->nextTransition(utc("2026-01-01T00:00:00Z")), utc("2026-03-08T07:00:00Z"));
  EXPECT_EQ(tz->nextTransition(utc("2026-03-08T07:00:00Z")), utc("2026-11-01T06:00:00Z"));
}

TEST(TimeZone, NewYorkTransitionsFromTheRuleAfterTheTable) {
  auto tz = zone("America/New_York");
  EXPECT_EQ(tz->offsetAt(utc("2040-03-11T06:59:59Z")), hours{-5});
  EXPECT_EQ(tz->offsetAt(utc("2040-03-11T07:00:00Z")), hours{-4});
  EXPECT_EQ(tz->offsetAt(utc("2040-11-04T05:59:59Z")), hours{-4});
  EXPECT_EQ(tz->offsetAt(utc("2040-11-04T06:00:00Z")), hours{-5});
  EXPECT_EQ(tz->nextTransition(utc("2040-01-01T00:00:00Z")), utc("2040-03-11T07:00:00Z"));
  EXPECT_EQ(tz->nextTransition(utc("2040-03-11T07:00:00Z")), utc("2040-11-04T06:00:00Z"));
  EXPECT_EQ(tz->nextTransition(utc("2040-12-01T00:00:00Z")), utc("2041-03-10T07:00:00Z"));
}

TEST(TimeZone, SouthernHemisphereRule) {
  auto tz = zone("Australia/Sydney");
  EXPECT_EQ(tz->offsetAt(utc("2050-01-15T00:00:00Z")), hours{11});
  EXPECT_EQ(tz->offsetAt(utc("2050-07-01T00:00:00Z")), hours{10});
}

TEST(TimeZone, UtcFromTheDatabaseAndBuiltIn) {
  EXPECT_EQ(zone("UTC")->offsetAt(utc("2026-06-01T00:00:00Z")), seconds{0});
  EXPECT_EQ(TimeZone::utc().offsetAt(utc("2026-06-01T00:00:00Z")), seconds{0});
  EXPECT_EQ(TimeZone::utc().nextTransition(utc("2026-06-01T00:00:00Z")), std::nullopt);
}

TEST(TimeZone, LoadsOnceAndShares) {
  auto a = TimeZoneDb::system().get("Asia/Tokyo");
  auto b = TimeZoneDb::system().get("Asia/Tokyo");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->get(), b->get());
}

TEST(TimeZone, RefusesNamesThatAreNotZones) {
  for (const char* bad :
       {"", "../../etc/passwd", "/etc/passwd", "Asia/../../etc/passwd", "Asia//Tokyo",
        "Asia/Tokyo/", "-Asia/Tokyo", "Asia/.Tokyo", "Asia\\Tokyo", "Asia/Tokyo\n"}) {
    EXPECT_FALSE(isTimeZoneName(bad)) << bad;
    auto tz = TimeZoneDb::system().get(bad);
    ASSERT_FALSE(tz) << bad;
    EXPECT_EQ(tz.error().code, Code::Invalid) << bad;
  }
  // No file, a directory, a text file, a leap-second zone.
  for (const char* missing : {"Mars/Olympus", "America", "leapseconds", "right/Asia/Tokyo"}) {
    auto tz = TimeZoneDb::system().get(missing);
    ASSERT_FALSE(tz) << missing;
    EXPECT_EQ(tz.error().code, Code::NotFound) << missing;
  }
}

TEST(TimeZone, RefusesBrokenFilesWithoutCrashing) {
  std::ifstream f("/usr/share/zoneinfo/America/New_York", std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  std::string bytes = ss.str();
  ASSERT_GT(bytes.size(), 100u);
  ASSERT_TRUE(TimeZone::fromTzif("NY", bytes));
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(TimeZone::fromTzif("NY", std::string_view(bytes).substr(0, n))) << n;
  }
  std::string flipped = bytes;
  flipped[32] = '\x7f';  // the first header's transition count, now far past the end
  EXPECT_FALSE(TimeZone::fromTzif("NY", flipped));
  EXPECT_FALSE(TimeZone::fromTzif("x", "not a tz file at all, just some text of 44+ bytes"));
}

TEST(PosixTz, ParsesTheRuleForms) {
  auto ny = detail::parsePosixTz("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(ny);
  EXPECT_EQ(ny->std_offset, -5 * 3600);
  EXPECT_EQ(ny->dst_offset, -4 * 3600);
  auto ch = ny->changesIn(2026);
  ASSERT_EQ(ch.size(), 2u);
  EXPECT_EQ(sys_seconds{seconds{ch[0].at}}, utc("2026-03-08T07:00:00Z"));
  EXPECT_EQ(sys_seconds{seconds{ch[1].at}}, utc("2026-11-01T06:00:00Z"));

  auto jst = detail::parsePosixTz("JST-9");
  ASSERT_TRUE(jst);
  EXPECT_EQ(jst->std_offset, 9 * 3600);
  EXPECT_FALSE(jst->dst_offset);
  EXPECT_TRUE(jst->changesIn(2026).empty());

  auto angle = detail::parsePosixTz("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");  // America/Nuuk
  ASSERT_TRUE(angle);
  EXPECT_EQ(angle->std_offset, -2 * 3600);
  EXPECT_EQ(angle->start.time, -3600);
  auto nuuk = angle->changesIn(2026);  // last Sunday of March, 29th, at -01:00 local
  ASSERT_EQ(nuuk.size(), 2u);
  EXPECT_EQ(sys_seconds{seconds{nuuk[0].at}}, utc("2026-03-28T23:00:00-02:00"));

  auto israel = detail::parsePosixTz("IST-2IDT,M3.4.4/26,M10.5.0");
  ASSERT_TRUE(israel);
  EXPECT_EQ(israel->start.time, 26 * 3600);

  auto julian = detail::parsePosixTz("XXX3YYY,J60/2,300");
  ASSERT_TRUE(julian);
  EXPECT_EQ(sys_seconds{seconds{julian->changesIn(2024)[0].at}},  // J60: 1 March, even in
            utc("2024-03-01T05:00:00Z"));                         // a leap year
}

TEST(PosixTz, RefusesWhatItCannotRead) {
  for (const char* bad : {"", "E5", "EST", "EST5EDT", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0",
                          "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST99",
                          "EST5EDT,J0,J100", "EST5EDT,M3.2.0/200,M11.1.0", "<+09-9", "EST5x"}) {
    EXPECT_FALSE(detail::parsePosixTz(bad)) << bad;
  }
}

}  // namespace
}  // namespace hk::flow
