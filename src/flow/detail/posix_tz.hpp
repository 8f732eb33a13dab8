#pragma once
// The POSIX TZ rule a TZif file ends with (RFC 8536 §3.3, e.g. "EST5EDT,M3.2.0,M11.1.0",
// "JST-9", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1"): the zone's offsets after its last listed
// transition. Internal to time_zone.cpp.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hk::flow::detail {

struct PosixTz {
  // When in the year a change happens: Jn (1..365, 29 Feb never counted), n (0..365, counted)
  // or Mm.w.d (weekday d of week w of month m, w = 5: the last), at `time` seconds after
  // local midnight (may be negative or past 24 h, RFC 8536 extension).
  struct When {
    enum class Kind { Julian1, Julian0, MonthWeekDay } kind = Kind::MonthWeekDay;
    int day = 0;  // Julian1/Julian0: the day number; MonthWeekDay: d (0 = Sunday)
    int week = 0;
    int month = 0;
    int32_t time = 7200;
  };

  int32_t std_offset = 0;  // seconds east of UTC (the string's sign is the other way round)
  std::optional<int32_t> dst_offset;  // none: no daylight saving time
  When start;                         // standard -> daylight, in standard local time
  When end;                           // daylight -> standard, in daylight local time

  // Offset changes during `year` (UTC), with the offset in force after each, in time order.
  struct Change {
    int64_t at;  // seconds since the epoch, UTC
    int32_t offset;
  };
  std::vector<Change> changesIn(int year) const;
};

// nullopt when the string is not a rule this reader understands.
std::optional<PosixTz> parsePosixTz(std::string_view s);

}  // namespace hk::flow::detail
