#pragma once
// Pool telemetry (SPEC §3, issue 6), per pool and UTC minute: how full the pool was (time
// integrals of its size, of its leased numbers, and of the time no number was free to issue:
// all leased or cooling down), what visitors were served (new leases, shared numbers, the
// overflow or default number when it was exhausted), the leases that ended and how long they
// lasted (for the Little's-law size recommendation), and the late calls (attributed inside
// the match window after the lease ended) and stray calls (on a pool number with no lease and
// no match) per number.
//
// Fed by tracking::Registry under the pool's lock: the lease book's journal (its transitions
// carry the exact time of every state change) when it is drained, the issue outcomes and
// the attributions as they happen. Not thread-safe on its own.
#include <chrono>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/telemetry_rows.hpp"
#include "tracking/attribution.hpp"
#include "tracking/lease_book.hpp"

namespace hk::tracking {

// Stored telemetry is kept this long (the drain asks the store to drop older rows hourly).
inline constexpr std::chrono::milliseconds kTelemetryRetention = std::chrono::hours(24 * 35);
inline constexpr std::chrono::milliseconds kTelemetryPruneEvery = std::chrono::hours(1);

struct TelemetryBatch {
  std::vector<store::PoolMinute> minutes;
  std::vector<store::NumberCalls> numbers;
};

// The number of numbers a pool can lend at once: its numbers, or the suffix space of a
// dynamic pool (capped at 10^12).
int64_t poolCapacity(const TrackingPool& p);

class PoolTelemetry {
 public:
  PoolTelemetry(const TrackingPool& p, WallTime now);

  // New settings, after the journals of the change were fed: numbers that left are dropped.
  void reconfigure(const TrackingPool& p, WallTime now);
  // Leases read back after a restart: their numbers are leased from `now` on.
  void restore(const std::vector<LeaseRow>& rows, WallTime now);
  void served(IssueOutcome o, WallTime at);
  void called(Reason r, const std::string& number, WallTime at);
  // The state changes and ended leases of a journal, then the time up to `now`.
  void feed(const Journal& j, WallTime now);
  // The minutes that are over and, when something was counted in it, the current one; what
  // is returned is forgotten (the store adds parts of a minute together).
  TelemetryBatch take(WallTime now);
  // Everything not taken yet, integrated up to `now`, without changing anything.
  TelemetryBatch peek(WallTime now) const;

  int64_t size() const { return size_; }
  int64_t leased() const { return leased_; }
  int64_t busy() const { return busy_; }  // leased or cooling down

 private:
  enum class Use : uint8_t { Free, Leased, Cooldown };
  using Minutes = std::map<int64_t, store::PoolMinute>;  // by minute start, ms

  void advance(WallTime to);
  void spread(Minutes& out, WallTime from, WallTime to) const;
  store::PoolMinute& minute(Minutes& m, WallTime t) const;
  void set(const std::string& number, Use u);
  void recount();

  domain::Id pool_id_;
  bool dynamic_ = false;
  int64_t size_ = 0;
  std::unordered_map<std::string, Use> use_;  // dynamic pools: only numbers not free
  int64_t leased_ = 0;
  int64_t busy_ = 0;
  WallTime at_;  // integrated up to here
  Minutes minutes_;
  std::map<std::pair<int64_t, std::string>, store::NumberCalls> numbers_;
  bool counted_ = false;  // something besides time since the last take
};

}  // namespace hk::tracking
