#pragma once
// A schedule as JSON, the shape flow documents and the API use:
//   {"timezone": "Asia/Tokyo",                       optional, default Asia/Tokyo
//    "weekly": {"mon": [["09:00","12:00"],["13:00","18:00"]], "sat": [], ...},
//                                                    required; a missing day is closed
//    "holidays": "closed",                           optional: "closed" (default), "ignore"
//                                                    (ordinary days) or "mon".."sun" (those hours)
//    "special_days": [{"date": "2026-12-31", "closed": true, "name": "年末"},
//                     {"date": "2026-12-28", "windows": [["09:00","12:00"]]}]}
// Times are "HH:MM", 00:00..24:00. Unknown keys are errors (a verb nests the schedule under
// its own key). Every problem is reported, each with its JSON Pointer.
#include <nlohmann/json.hpp>
#include <string>

#include "base/result.hpp"
#include "flow/schedule.hpp"

namespace hk::flow {

// The configuration only (the time zone name is checked for shape, not loaded). `base`
// prefixes every pointer: the schedule's own place in a larger document ("/steps/2/hours").
Result<ScheduleConfig> scheduleConfigFromJson(const nlohmann::json& j,
                                              const std::string& base = {});

// The configuration, validated, with its time zone loaded from `zones`.
Result<Schedule> scheduleFromJson(const nlohmann::json& j, TimeZoneDb& zones = TimeZoneDb::system(),
                                  const std::string& base = {});

// Every field written out (all seven days, the holiday policy); reads back equal.
nlohmann::json toJson(const ScheduleConfig& config);

}  // namespace hk::flow
