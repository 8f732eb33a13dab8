#pragma once
// The rows of pool telemetry and number history (migration 0006_pool_telemetry.sql) and the
// repository that stores them. Plain values; what they mean is said in tracking/telemetry.hpp.
#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/ids.hpp"

namespace hk::store {

using domain::Id;

// One pool during one UTC minute. Counters are deltas: adding two parts of a minute gives the
// minute (size: the later part's; peak_leased: the larger).
struct PoolMinute {
  Id pool_id = 0;
  WallTime minute{};  // start of the minute
  int64_t size = 0;
  int64_t observed_ms = 0;  // time the pool was watched inside the minute
  int64_t capacity_ms = 0;  // size x time
  int64_t leased_ms = 0;    // leased numbers x time
  int64_t full_ms = 0;      // time with no number free to issue
  int64_t peak_leased = 0;
  int64_t issued = 0;
  int64_t shared = 0;
  int64_t overflow = 0;
  int64_t default_served = 0;
  int64_t leases_ended = 0;
  int64_t lease_ms = 0;
  int64_t late_calls = 0;
  int64_t stray_calls = 0;
  // Adds `o` (same pool and minute) to this one.
  void add(const PoolMinute& o);
};

// Late and stray calls on one number of a pool (a minute, or summed over a range).
struct NumberCalls {
  Id pool_id = 0;
  WallTime minute{};
  std::string number;
  int64_t late_calls = 0;
  int64_t stray_calls = 0;
};

// A lifecycle transition of an inventory number (SPEC §2) outside the pools' own journal.
struct NumberTransition {
  Id number_id = 0;
  std::string number;
  std::string from_state;  // empty: the number did not exist before
  std::string to_state;
  std::string cause;  // "import"
  WallTime at{};
};

class TelemetryRepo {
 public:
  virtual ~TelemetryRepo() = default;
  // Adds to the stored minutes (a row that is not there yet is created).
  virtual Status addMinutes(const std::vector<PoolMinute>& rows) = 0;
  virtual Status addNumberCalls(const std::vector<NumberCalls>& rows) = 0;
  // Minutes in [from, to), oldest first.
  virtual Result<std::vector<PoolMinute>> minutes(Id pool_id, WallTime from, WallTime to) = 0;
  // Summed per number over [from, to), most calls first.
  virtual Result<std::vector<NumberCalls>> numberCalls(Id pool_id, WallTime from, WallTime to) = 0;
  // Drops minutes (and per-number rows) before `before`.
  virtual Status prune(WallTime before) = 0;

  virtual Status addNumberTransitions(const std::vector<NumberTransition>& rows) = 0;
  // Oldest first.
  virtual Result<std::vector<NumberTransition>> numberTransitions(Id number_id) = 0;
};

}  // namespace hk::store
