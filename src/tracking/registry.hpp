#pragma once
// The live lease tables of every pool, in memory, shared by the HTTP workers: the DNI
// endpoints issue and renew here without touching the database, and a WriteBehind thread
// drains what changed into the store. One lock per pool; the pool maps are read-mostly.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/metrics.hpp"
#include "tracking/allocation_check.hpp"
#include "tracking/attribution.hpp"
#include "tracking/lease_book.hpp"
#include "tracking/rate_limiter.hpp"
#include "tracking/telemetry.hpp"

namespace hk::tracking {

struct DniRequest {
  std::string pool_key;
  std::string visitor_id;  // empty: a new visitor (one is made up)
  std::string origin;      // the Origin header; empty when the client sent none
  std::string client;      // client address, rate-limits visitors without an id
  TrackingParams params;   // page_url, page_referrer, page_title, utm_*, click ids, custom
};

struct DniReply {
  int retry_after = 0;  // > 0: rate limited, nothing else is set
  IssueOutcome outcome = IssueOutcome::New;
  std::string number;  // digits
  std::string lease_id;
  std::string visitor_id;
  int64_t expires_in = 0;  // seconds; 0 without a lease
  double confidence = 0;
  std::string default_number;  // the number the page shows without the tag (to swap)
};

// Everything the store has not seen yet.
struct Drained {
  std::vector<Journal> journals;
  std::vector<store::VisitorRow> visitors;
  // Pool telemetry (telemetry.hpp), and the time before which stored telemetry may go.
  std::vector<store::PoolMinute> minutes;
  std::vector<store::NumberCalls> number_calls;
  std::optional<WallTime> prune_telemetry_before;
  bool empty() const;
};

class Registry {
 public:
  Registry(const Clock& clock, uint64_t seed);

  // A new pool or new settings of one (leases on numbers that left it end).
  void setPool(const TrackingPool& p);
  void removePool(domain::Id id);
  void restoreLeases(domain::Id pool_id, const std::vector<LeaseRow>& rows);
  size_t poolCount() const;

  // Errors: NotFound for an unknown or inactive pool key (nothing about other pools is
  // said), Forbidden for an Origin the pool does not allow, Invalid for a bad visitor id.
  Result<DniReply> issue(const DniRequest& req);
  Result<DniReply> renew(const std::string& lease_id, const std::string& origin,
                         const std::string& client);
  // CORS preflight: may `origin` call the pool named by `pool_key` (empty: any pool)?
  bool originAllowed(const std::string& pool_key, const std::string& origin) const;

  // The dialled number's pool decides (see attribution.hpp).
  Attribution attribute(const CallFacts& call, CallerHistory* history);

  Drained drain();
  // The telemetry of a pool not drained yet, integrated up to now (empty for an unknown pool).
  TelemetryBatch telemetryPending(domain::Id pool_id) const;

  // No number held by two live leases, over every pool (allocation_check.hpp).
  AllocationCheck checkAllocations() const;
  // Gauges hankyo_dni_live_leases, hankyo_dni_double_allocations, hankyo_dni_shared_numbers
  // and hankyo_dni_inconsistent_numbers, refreshed by checkAllocations() and every drain().
  void attachMetrics(metrics::Registry& m);

 private:
  struct Entry {
    Entry(const TrackingPool& p, const Clock& c, uint64_t seed);
    std::mutex mu;
    LeaseBook book;
    TokenBucket pool_bucket;
    KeyedLimiter visitor_buckets;
    std::vector<store::VisitorRow> visitors;  // to write behind
    PoolTelemetry telemetry;
    std::vector<Journal> held;  // taken by setPool (fed to the telemetry), to write behind
  };
  std::shared_ptr<Entry> byKey(const std::string& key) const;
  std::shared_ptr<Entry> byId(domain::Id id) const;
  std::shared_ptr<Entry> byNumber(const std::string& dialled) const;
  void index(const TrackingPool& p, domain::Id id);
  void unindex(domain::Id id);

  const Clock& clock_;
  uint64_t seed_;
  mutable std::shared_mutex mu_;
  std::unordered_map<domain::Id, std::shared_ptr<Entry>> pools_;
  std::unordered_map<std::string, domain::Id> keys_;
  std::unordered_map<std::string, domain::Id> numbers_;  // pooled numbers and 0078 bases
  // Telemetry retention: when drain() last asked the store to drop old rows.
  std::atomic<int64_t> last_prune_ms_{0};
  struct Gauges {
    metrics::Gauge* live = nullptr;
    metrics::Gauge* doubled = nullptr;
    metrics::Gauge* shared = nullptr;
    metrics::Gauge* inconsistent = nullptr;
  };
  std::atomic<const Gauges*> gauges_{nullptr};
  std::unique_ptr<Gauges> gauges_owned_;
};

bool originMatches(const std::vector<std::string>& allowed, const std::string& origin);
// A visitor id the tag may send back: 8 to 64 of [A-Za-z0-9_-].
bool isVisitorId(const std::string& s);

}  // namespace hk::tracking
