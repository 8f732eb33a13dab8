// The names of the pool enums (store/tracking_rows.hpp), and what a Tx without tracking
// tables answers (a decorator written before them): every call fails with Code::Internal.
// Backend-neutral; kept beside the SQLite repository that introduced them.
#include <string>

#include "store/store.hpp"

namespace hk::store {
namespace {

template <class E, size_t N>
bool parseName(const std::string& s, E& out, const E (&all)[N], const char* (*name)(E)) {
  for (E e : all) {
    if (s == name(e)) {
      out = e;
      return true;
    }
  }
  return false;
}

Error missing() { return Error::internal("this store has no number pools"); }

class NoTracking final : public TrackingRepo {
 public:
  Result<TrackingPool> insertPool(const TrackingPool&) override { return missing(); }
  Result<TrackingPool> getPool(Id) override { return missing(); }
  Result<TrackingPool> findPoolByKey(const std::string&) override { return missing(); }
  Result<Page<TrackingPool>> listPools(const Scope&, const PageRequest&) override {
    return missing();
  }
  Result<std::vector<TrackingPool>> allPools() override { return missing(); }
  Result<TrackingPool> updatePool(const TrackingPool&) override { return missing(); }
  Status removePool(Id) override { return missing(); }
  Status saveLease(const LeaseRow&) override { return missing(); }
  Result<std::vector<LeaseRow>> recentLeases(Id, WallTime) override { return missing(); }
  Status saveVisitor(const VisitorRow&) override { return missing(); }
  Result<VisitorRow> getVisitor(const std::string&) override { return missing(); }
  Status addTransitions(const std::vector<TransitionRow>&) override { return missing(); }
  Status addMonthly(const MonthlyCount&) override { return missing(); }
  Result<std::vector<MonthlyCount>> monthly(Id) override { return missing(); }
};

}  // namespace

TrackingRepo& Tx::tracking() {
  static NoTracking none;
  return none;
}

const char* poolModeName(PoolMode m) {
  switch (m) {
    case PoolMode::Pooled: return "pooled";
    case PoolMode::OneTime: return "one_time";
    case PoolMode::Dynamic: return "dynamic";
  }
  return "pooled";
}

const char* poolSelectionName(PoolSelection s) {
  switch (s) {
    case PoolSelection::Lru: return "lru";
    case PoolSelection::RoundRobin: return "round_robin";
    case PoolSelection::Random: return "random";
  }
  return "lru";
}

const char* poolExhaustionName(PoolExhaustion e) {
  switch (e) {
    case PoolExhaustion::Overflow: return "overflow";
    case PoolExhaustion::DefaultNumber: return "default_number";
    case PoolExhaustion::ShareLru: return "share_lru";
  }
  return "default_number";
}

bool parsePoolMode(const std::string& s, PoolMode& out) {
  static constexpr PoolMode kAll[] = {PoolMode::Pooled, PoolMode::OneTime, PoolMode::Dynamic};
  return parseName(s, out, kAll, poolModeName);
}

bool parsePoolSelection(const std::string& s, PoolSelection& out) {
  static constexpr PoolSelection kAll[] = {PoolSelection::Lru, PoolSelection::RoundRobin,
                                           PoolSelection::Random};
  return parseName(s, out, kAll, poolSelectionName);
}

bool parsePoolExhaustion(const std::string& s, PoolExhaustion& out) {
  static constexpr PoolExhaustion kAll[] = {PoolExhaustion::Overflow, PoolExhaustion::DefaultNumber,
                                            PoolExhaustion::ShareLru};
  return parseName(s, out, kAll, poolExhaustionName);
}

}  // namespace hk::store
