#pragma once
// Pool telemetry over time and the pool-size recommendation (SPEC §3, issue 6), for the API.
// The minutes come from the store (written behind every second) and, for what is not written
// yet, from the live registry (tracking/telemetry.hpp says what each counter means).
//
// The recommendation is Little's law: the numbers in use at once L = λ·W, with λ the rate at
// which visitors asked for a number in the busiest hour of the window (new leases, shared
// numbers and the visitors turned away to the overflow or default number: what the pool
// should have served) and W the time a number is taken per visit: the mean measured lease
// time plus the pool's cooldown (a number rests before it is issued again). Recommended size
// = ceil(L / target utilisation) + margin.
#include <chrono>
#include <string>
#include <vector>

#include "service/pools.hpp"
#include "tracking/registry.hpp"

namespace hk::service {

struct TelemetryQuery {
  WallTime from{};  // minute-aligned
  WallTime to{};
  std::chrono::seconds step{3600};  // a multiple of 60
};

struct TelemetryBucket {
  WallTime start{};
  store::PoolMinute sum;  // the minutes of [start, start + step) added together
};

struct PoolTelemetryReport {
  store::TrackingPool pool;
  TelemetryQuery query;
  int64_t size = 0;  // numbers it can lend now (the suffix space of a dynamic pool)
  std::vector<TelemetryBucket> buckets;
  store::PoolMinute total;
  std::vector<store::NumberCalls> numbers;  // late and stray calls per number, most first
};

struct RecommendationInputs {
  int64_t current_size = 0;
  bool dynamic = false;
  WallTime busy_hour{};          // start of the busiest hour
  int64_t busy_hour_visits = 0;  // numbers asked for in that hour
  int64_t leases_ended = 0;      // over the whole window
  double mean_lease_sec = 0;
  int cooldown_sec = 0;
  double target_utilisation = 0.8;
  int margin = 1;
};

struct Recommendation {
  RecommendationInputs in;
  bool enough_data = false;
  double arrival_per_sec = 0;  // λ
  double hold_sec = 0;         // W: mean lease + cooldown
  double in_use = 0;           // L = λ·W
  int64_t recommended_size = 0;
  std::string explanation;  // a sentence a user understands
};

// Pure: the formula and its sentence.
Recommendation recommendSize(const RecommendationInputs& in);
// Pure: the busiest hour (most visits; the earliest of equals) and the lease figures of `minutes`.
RecommendationInputs measure(const std::vector<store::PoolMinute>& minutes);

class PoolTelemetry {
 public:
  PoolTelemetry(Pools& pools, tracking::Registry& registry, const Clock& clock)
      : pools_(pools), registry_(registry), clock_(clock) {}

  // Errors: the pool's (NotFound outside the principal's scope), Invalid for a bad range.
  Result<PoolTelemetryReport> report(store::Tx& tx, const domain::Principal& p, domain::Id id,
                                     const TelemetryQuery& q);
  Result<Recommendation> recommend(store::Tx& tx, const domain::Principal& p, domain::Id id,
                                   WallTime from, WallTime to, double target, int margin);

 private:
  Result<std::vector<store::PoolMinute>> minutes(store::Tx& tx, domain::Id id, WallTime from,
                                                 WallTime to,
                                                 std::vector<store::NumberCalls>* numbers);
  Pools& pools_;
  tracking::Registry& registry_;
  const Clock& clock_;
};

}  // namespace hk::service
