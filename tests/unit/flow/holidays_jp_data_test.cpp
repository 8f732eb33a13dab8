// The computed calendar against tests/data/holidays/jp.csv (from the npm package
// @holiday-jp/holiday_jp, tools/holidays/refresh.sh), every year the file covers, both ways:
// no day missing, no day extra, the same name.
//
// Name differences the package has, kept on purpose:
//   2019-10-14  package "体育の日（スポーツの日）", law "体育の日": the rename to スポーツの日
//               took effect on 2020-01-01 (平成30年法律第57号).
//   Substitute holidays: we name one after the holiday that fell on the Sunday (the cause in
//   the law); the package after the holiday of the day before. They differ when the
//   substitute skips days, which happens only on May 6 (2008, 2009, 2014, 2015, 2025, 2026,
//   ... 2048): 2026-05-06 is "憲法記念日 振替休日" here (5/3 was the Sunday) and "こどもの日
//   振替休日" in the package. The package is not consistent there: for the same case in
//   2020 it says "憲法記念日 振替休日" (kSundayNamed).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <string>

#include "flow/holidays_jp.hpp"

namespace hk::flow {
namespace {

std::string isoDate(const std::chrono::year_month_day& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

const std::map<std::string, std::string> kPackageNames = {
    {"2019-10-14", "体育の日（スポーツの日）"},
};
const std::set<std::string> kSundayNamed = {"2020-05-06"};

// Our name for `h`, written the package's way.
std::string packageName(const Holiday& h, const std::vector<Holiday>& year) {
  std::string date = isoDate(h.date);
  if (auto it = kPackageNames.find(date); it != kPackageNames.end()) return it->second;
  if (h.kind != HolidayKind::Substitute || kSundayNamed.count(date)) return h.name;
  auto before = std::chrono::year_month_day{std::chrono::sys_days{h.date} - std::chrono::days{1}};
  for (const auto& o : year) {
    if (o.date == before && o.kind == HolidayKind::National) return o.name + " 振替休日";
  }
  return h.name;
}

// date -> name; fails the test on a malformed line.
std::map<std::string, std::string> readCsv() {
  std::map<std::string, std::string> out;
  std::ifstream f(HK_HOLIDAYS_CSV);
  EXPECT_TRUE(f) << "cannot open " << HK_HOLIDAYS_CSV;
  std::string line;
  bool header = false;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!header) {
      EXPECT_EQ(line, "date,name");
      header = true;
      continue;
    }
    auto comma = line.find(',');
    EXPECT_EQ(comma, 10u) << line;
    if (comma != 10u) continue;
    EXPECT_TRUE(out.emplace(line.substr(0, comma), line.substr(comma + 1)).second) << line;
  }
  return out;
}

TEST(HolidaysJpData, MatchesThePackageEveryYearItCovers) {
  auto csv = readCsv();
  ASSERT_GT(csv.size(), 1000u);
  int first = std::stoi(csv.begin()->first.substr(0, 4));
  int last = std::stoi(csv.rbegin()->first.substr(0, 4));
  EXPECT_LE(first, 1970);
  EXPECT_GE(last, 2050);

  std::map<std::string, std::string> ours;
  for (int y = first; y <= last; ++y) {
    auto year = holidaysOf(y);
    for (const auto& h : year) ours[isoDate(h.date)] = packageName(h, year);
  }
  for (const auto& [date, name] : csv) {
    auto it = ours.find(date);
    if (it == ours.end()) {
      ADD_FAILURE() << "missing " << date << " " << name;
    } else {
      EXPECT_EQ(it->second, name) << date;
    }
  }
  for (const auto& [date, name] : ours) {
    if (!csv.count(date)) ADD_FAILURE() << "extra " << date << " " << name;
  }
}

TEST(HolidaysJpData, DocumentedNameDifferencesStillDiffer) {
  auto csv = readCsv();
  for (const auto& [date, package_name] : kPackageNames) {
    EXPECT_EQ(csv[date], package_name) << date << ": drop it from kPackageNames";
    int y = std::stoi(date.substr(0, 4));
    int m = std::stoi(date.substr(5, 2));
    int d = std::stoi(date.substr(8, 2));
    EXPECT_NE(holidayName(y, m, d).value_or(""), package_name) << date;
  }
}

}  // namespace
}  // namespace hk::flow
