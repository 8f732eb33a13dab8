#pragma once
// The rows of number tracking (migration 0003_tracking.sql): number pools, the leases a pool
// hands to web visitors, the visitors' tracking parameters, state transitions and monthly
// issuance counts. Plain values; the rules live in src/tracking/.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.hpp"
#include "domain/ids.hpp"

namespace hk::store {

using domain::Id;

enum class PoolMode { Pooled, OneTime, Dynamic };
enum class PoolSelection { Lru, RoundRobin, Random };
// What a visitor gets when every number of the pool is leased or cooling down.
enum class PoolExhaustion { Overflow, DefaultNumber, ShareLru };

const char* poolModeName(PoolMode m);
const char* poolSelectionName(PoolSelection s);
const char* poolExhaustionName(PoolExhaustion e);
bool parsePoolMode(const std::string& s, PoolMode& out);
bool parsePoolSelection(const std::string& s, PoolSelection& out);
bool parsePoolExhaustion(const std::string& s, PoolExhaustion& out);

// One number of a pool: the inventory row and its digits.
struct PoolNumber {
  Id number_id = 0;
  std::string number;  // national digits ("05012345678")
};

struct TrackingPool {
  Id id = 0;
  Id operator_id = 0;
  Id advertiser_id = 0;
  std::string key;  // public: the JS tag names the pool with it
  std::string name;
  PoolMode mode = PoolMode::Pooled;
  std::vector<PoolNumber> numbers;  // pooled and one-time pools
  std::string base_number;          // dynamic pools: the 0078 base, digits
  int suffix_digits = 4;            // dynamic pools: generated digits after the base
  int idle_release_sec = 1800;      // a lease not renewed for this long ends
  int max_lease_sec = 86400;        // a lease ends this long after issue whatever happens
                                    // (one-time pools: the hold time)
  int cooldown_sec = 600;           // a released number rests this long before reuse
  int match_window_sec = 3600;      // a call after the lease ended still goes to its holder
  PoolSelection selection = PoolSelection::Lru;
  PoolExhaustion exhaustion = PoolExhaustion::DefaultNumber;
  std::string overflow_number;               // Overflow: shown when the pool is exhausted
  std::string default_number;                // DefaultNumber: the advertiser's main number
  std::vector<std::string> allowed_origins;  // CORS: "https://shop.example"
  int visitor_rate_per_min = 30;             // DNI requests a visitor may make a minute
  int pool_rate_per_sec = 200;               // DNI requests the whole pool may take a second
  bool active = true;
  WallTime created_at{};
  WallTime updated_at{};
};

using TrackingParams = std::vector<std::pair<std::string, std::string>>;

struct LeaseRow {
  std::string id;  // public lease id (random hex)
  Id pool_id = 0;
  Id number_id = 0;    // 0 for dynamic numbers
  std::string number;  // the digits shown (base + suffix for dynamic pools)
  std::string suffix;  // dynamic pools
  std::string visitor_id;
  TrackingParams params;
  double confidence = 1.0;
  bool shared = false;  // handed out while another visitor held the number (exhaustion)
  WallTime issued_at{};
  WallTime renewed_at{};
  WallTime expires_at{};
  std::optional<WallTime> ended_at;
  std::string end_cause;  // "idle", "max_lease", "released", "pool_changed"
};

struct VisitorRow {
  std::string id;
  Id pool_id = 0;
  TrackingParams first_params;  // first touch
  TrackingParams last_params;   // last touch
  WallTime first_seen{};
  WallTime last_seen{};
};

struct TransitionRow {
  Id pool_id = 0;
  std::string number;
  std::string from_state;  // domain number state names
  std::string to_state;
  std::string cause;
  std::string lease_id;
  WallTime at{};
};

struct MonthlyCount {
  Id pool_id = 0;
  std::string month;  // "2026-11" (UTC)
  int64_t issued = 0;
  int64_t exhausted = 0;
};

}  // namespace hk::store
