// The rules of 国民の祝日に関する法律 one by one, at the years they start and stop. The whole
// calendar is compared with the reference list in holidays_jp_data_test.cpp.
#include "flow/holidays_jp.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hk::flow {
namespace {

using namespace std::chrono;

std::string nameOf(int y, int m, int d) { return holidayName(y, m, d).value_or("-"); }

TEST(HolidaysJp, LawStartsOn1948July20) {
  EXPECT_TRUE(holidaysOf(1947).empty());
  EXPECT_EQ(nameOf(1948, 1, 1), "-");
  EXPECT_EQ(nameOf(1948, 5, 5), "-");
  EXPECT_EQ(nameOf(1948, 9, 23), "秋分の日");
  EXPECT_EQ(nameOf(1948, 11, 3), "文化の日");
  EXPECT_EQ(holidaysOf(1948).size(), 3u);
  EXPECT_EQ(nameOf(1949, 1, 1), "元日");
  EXPECT_EQ(nameOf(1949, 1, 15), "成人の日");
}

TEST(HolidaysJp, RangeEndsIn2099) {
  EXPECT_FALSE(holidaysOf(2099).empty());
  EXPECT_TRUE(holidaysOf(2100).empty());
  EXPECT_FALSE(isHoliday(2100, 1, 1));
  EXPECT_EQ(vernalEquinoxDay(1899), std::nullopt);
  EXPECT_EQ(autumnalEquinoxDay(2100), std::nullopt);
}

TEST(HolidaysJp, EmperorsBirthdayFollowsTheReign) {
  EXPECT_EQ(nameOf(1988, 4, 29), "天皇誕生日");
  EXPECT_EQ(nameOf(1989, 4, 29), "みどりの日");
  EXPECT_EQ(nameOf(1989, 12, 23), "天皇誕生日");
  EXPECT_EQ(nameOf(2018, 12, 23), "天皇誕生日");
  EXPECT_EQ(nameOf(2018, 12, 24), "天皇誕生日 振替休日");  // 12/23 was a Sunday
  EXPECT_EQ(nameOf(2019, 12, 23), "-");
  EXPECT_EQ(nameOf(2019, 2, 23), "-");
  EXPECT_EQ(nameOf(2020, 2, 23), "天皇誕生日");
  EXPECT_EQ(nameOf(2007, 4, 29), "昭和の日");
  EXPECT_EQ(nameOf(2006, 5, 4), "休日");  // a citizens' holiday until 2006
  EXPECT_EQ(nameOf(2007, 5, 4), "みどりの日");
}

TEST(HolidaysJp, DaysAddedLater) {
  EXPECT_EQ(nameOf(1965, 9, 15), "-");
  EXPECT_EQ(nameOf(1966, 9, 15), "敬老の日");
  EXPECT_EQ(nameOf(1966, 10, 10), "体育の日");
  EXPECT_EQ(nameOf(1966, 2, 11), "-");
  EXPECT_EQ(nameOf(1967, 2, 11), "建国記念の日");
  EXPECT_EQ(nameOf(1995, 7, 20), "-");
  EXPECT_EQ(nameOf(1996, 7, 20), "海の日");
  EXPECT_EQ(nameOf(2015, 8, 11), "-");
  EXPECT_EQ(nameOf(2016, 8, 11), "山の日");
}

TEST(HolidaysJp, HappyMondays) {
  EXPECT_EQ(nameOf(1999, 1, 15), "成人の日");
  EXPECT_EQ(nameOf(2000, 1, 15), "-");
  EXPECT_EQ(nameOf(2000, 1, 10), "成人の日");  // second Monday
  EXPECT_EQ(nameOf(1999, 10, 10), "体育の日");
  EXPECT_EQ(nameOf(2000, 10, 9), "体育の日");
  EXPECT_EQ(nameOf(2002, 7, 20), "海の日");
  EXPECT_EQ(nameOf(2003, 7, 21), "海の日");  // third Monday
  EXPECT_EQ(nameOf(2003, 9, 15), "敬老の日");
  EXPECT_EQ(nameOf(2004, 9, 20), "敬老の日");
  EXPECT_EQ(nameOf(2019, 10, 14), "体育の日");
  EXPECT_EQ(nameOf(2022, 10, 10), "スポーツの日");
}

TEST(HolidaysJp, OlympicMoves) {
  EXPECT_EQ(nameOf(2020, 7, 23), "海の日");
  EXPECT_EQ(nameOf(2020, 7, 24), "スポーツの日");
  EXPECT_EQ(nameOf(2020, 8, 10), "山の日");
  EXPECT_EQ(nameOf(2020, 7, 20), "-");   // the third Monday it left
  EXPECT_EQ(nameOf(2020, 10, 12), "-");  // the second Monday it left
  EXPECT_EQ(nameOf(2020, 8, 11), "-");
  EXPECT_EQ(nameOf(2021, 7, 22), "海の日");
  EXPECT_EQ(nameOf(2021, 7, 23), "スポーツの日");
  EXPECT_EQ(nameOf(2021, 8, 8), "山の日");
  EXPECT_EQ(nameOf(2021, 8, 9), "山の日 振替休日");
  EXPECT_EQ(nameOf(2021, 7, 19), "-");
  EXPECT_EQ(nameOf(2021, 10, 11), "-");
  EXPECT_EQ(nameOf(2022, 7, 18), "海の日");
  EXPECT_EQ(nameOf(2022, 8, 11), "山の日");
}

TEST(HolidaysJp, EquinoxFormula) {
  EXPECT_EQ(vernalEquinoxDay(1900), 21);
  EXPECT_EQ(vernalEquinoxDay(1970), 21);  // int((1970 - 1983) / 4) rounds toward zero
  EXPECT_EQ(autumnalEquinoxDay(1973), 23);
  EXPECT_EQ(vernalEquinoxDay(1979), 21);
  EXPECT_EQ(autumnalEquinoxDay(1979), 24);
  EXPECT_EQ(vernalEquinoxDay(2012), 20);
  EXPECT_EQ(autumnalEquinoxDay(2012), 22);
  EXPECT_EQ(vernalEquinoxDay(2023), 21);
  EXPECT_EQ(vernalEquinoxDay(2024), 20);
  EXPECT_EQ(autumnalEquinoxDay(2024), 22);
  EXPECT_EQ(autumnalEquinoxDay(2026), 23);
  EXPECT_EQ(vernalEquinoxDay(2092), 19);
  EXPECT_EQ(nameOf(2026, 3, 20), "春分の日");
  EXPECT_EQ(nameOf(2026, 9, 23), "秋分の日");
}

TEST(HolidaysJp, SubstituteHolidays) {
  EXPECT_EQ(nameOf(1973, 2, 12), "-");  // 2/11 a Sunday, before the 1973-04-12 amendment
  EXPECT_EQ(nameOf(1973, 4, 30), "天皇誕生日 振替休日");
  EXPECT_EQ(nameOf(1973, 9, 24), "秋分の日 振替休日");
  // From 2007 the substitute skips following national holidays.
  EXPECT_EQ(nameOf(2008, 5, 6), "みどりの日 振替休日");
  EXPECT_EQ(nameOf(2020, 5, 6), "憲法記念日 振替休日");
  EXPECT_EQ(nameOf(2019, 5, 6), "こどもの日 振替休日");
  EXPECT_EQ(nameOf(2026, 5, 6), "憲法記念日 振替休日");
  EXPECT_EQ(nameOf(2025, 11, 24), "勤労感謝の日 振替休日");
  // A national holiday on a Saturday gives nothing.
  EXPECT_EQ(nameOf(2024, 11, 24), "-");  // 11/23 a Saturday
}

TEST(HolidaysJp, CitizensHolidays) {
  EXPECT_EQ(nameOf(1985, 5, 4), "-");  // before the 1985-12-27 amendment
  EXPECT_EQ(nameOf(1986, 5, 4), "-");  // a Sunday: not under the old rule
  EXPECT_EQ(nameOf(1987, 5, 4), "憲法記念日 振替休日");
  EXPECT_EQ(nameOf(1988, 5, 4), "休日");
  EXPECT_EQ(nameOf(2009, 9, 22), "休日");
  EXPECT_EQ(nameOf(2015, 9, 22), "休日");
  EXPECT_EQ(nameOf(2026, 9, 22), "休日");
  EXPECT_EQ(nameOf(2027, 9, 22), "-");
  EXPECT_EQ(nameOf(2019, 4, 30), "休日");  // beside 5/1, deemed a national holiday
  EXPECT_EQ(nameOf(2019, 5, 2), "休日");
}

TEST(HolidaysJp, OneOffDays) {
  EXPECT_EQ(nameOf(1959, 4, 10), "結婚の儀");
  EXPECT_EQ(nameOf(1989, 2, 24), "大喪の礼");
  EXPECT_EQ(nameOf(1990, 11, 12), "即位礼正殿の儀");
  EXPECT_EQ(nameOf(1993, 6, 9), "結婚の儀");
  EXPECT_EQ(nameOf(2019, 5, 1), "休日（祝日扱い）");
  EXPECT_EQ(nameOf(2019, 10, 22), "休日（祝日扱い）");
  EXPECT_EQ(nameOf(1960, 4, 10), "-");
  EXPECT_EQ(nameOf(2020, 5, 1), "-");
}

TEST(HolidaysJp, KindsAreReported) {
  auto kindOn = [](int y, unsigned m, unsigned d) {
    year_month_day date = year{y} / month{m} / day{d};
    for (const auto& h : holidaysOf(y)) {
      if (h.date == date) return h.kind;
    }
    ADD_FAILURE() << "no holiday on " << y << "-" << m << "-" << d;
    return HolidayKind::National;
  };
  EXPECT_EQ(kindOn(2026, 1, 1), HolidayKind::National);
  EXPECT_EQ(kindOn(2019, 5, 1), HolidayKind::National);
  EXPECT_EQ(kindOn(2020, 5, 6), HolidayKind::Substitute);
  EXPECT_EQ(kindOn(2019, 4, 30), HolidayKind::Citizens);
  EXPECT_EQ(kindOn(1989, 2, 24), HolidayKind::Imperial);
}

TEST(HolidaysJp, AYearInOrder) {
  std::vector<std::string> got;
  for (const auto& h : holidaysOf(2026)) {
    got.push_back(std::to_string(static_cast<unsigned>(h.date.month())) + "/" +
                  std::to_string(static_cast<unsigned>(h.date.day())) + " " + h.name);
  }
  EXPECT_THAT(got, testing::ElementsAre(
                       "1/1 元日", "1/12 成人の日", "2/11 建国記念の日", "2/23 天皇誕生日",
                       "3/20 春分の日", "4/29 昭和の日", "5/3 憲法記念日", "5/4 みどりの日",
                       "5/5 こどもの日", "5/6 憲法記念日 振替休日", "7/20 海の日", "8/11 山の日",
                       "9/21 敬老の日", "9/22 休日", "9/23 秋分の日", "10/12 スポーツの日",
                       "11/3 文化の日", "11/23 勤労感謝の日"));
}

TEST(HolidaysJp, InvalidDatesAreNotHolidays) {
  EXPECT_EQ(holidayName(2026, 2, 30), std::nullopt);
  EXPECT_EQ(holidayName(2026, 13, 1), std::nullopt);
  EXPECT_EQ(holidayName(2026, 0, 1), std::nullopt);
  EXPECT_EQ(holidayName(2026, 1, -1), std::nullopt);
  EXPECT_FALSE(isHoliday(year{2026} / February / 30));
  EXPECT_TRUE(isHoliday(year{2026} / January / 1));
}

}  // namespace
}  // namespace hk::flow
