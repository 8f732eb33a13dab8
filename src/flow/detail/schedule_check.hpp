#pragma once
// Checks shared by checkSchedule() (schedule.cpp) and the JSON reader (schedule_json.cpp),
// which must name each window by its index in the input even when an earlier one did not
// parse.
#include <cstddef>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "flow/schedule.hpp"

namespace hk::flow::detail {

struct NumberedWindow {
  size_t index;  // position in the input array
  TimeWindow window;
};

// `count`: how many windows the input had (parsed or not); `pointer`: the array's pointer.
void checkNumberedWindows(const std::vector<NumberedWindow>& windows, size_t count,
                          const std::string& pointer, std::vector<FieldIssue>& out);

// A special day is closed, or has windows, never both nor neither. `at`: the day's pointer.
void checkSpecialDayHours(bool closed, bool has_windows, const std::string& at,
                          std::vector<FieldIssue>& out);

}  // namespace hk::flow::detail
