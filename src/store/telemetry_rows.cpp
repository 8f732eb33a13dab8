// PoolMinute arithmetic and the default Tx::telemetry(): a store without pool telemetry
// (decorators, future backends).
#include <algorithm>

#include "store/store.hpp"

namespace hk::store {

void PoolMinute::add(const PoolMinute& o) {
  size = o.size;
  observed_ms += o.observed_ms;
  capacity_ms += o.capacity_ms;
  leased_ms += o.leased_ms;
  full_ms += o.full_ms;
  peak_leased = std::max(peak_leased, o.peak_leased);
  issued += o.issued;
  shared += o.shared;
  overflow += o.overflow;
  default_served += o.default_served;
  leases_ended += o.leases_ended;
  lease_ms += o.lease_ms;
  late_calls += o.late_calls;
  stray_calls += o.stray_calls;
}

namespace {

class NoTelemetry final : public TelemetryRepo {
 public:
  Status addMinutes(const std::vector<PoolMinute>&) override { return missing(); }
  Status addNumberCalls(const std::vector<NumberCalls>&) override { return missing(); }
  Result<std::vector<PoolMinute>> minutes(Id, WallTime, WallTime) override { return missing(); }
  Result<std::vector<NumberCalls>> numberCalls(Id, WallTime, WallTime) override {
    return missing();
  }
  Status prune(WallTime) override { return missing(); }
  Status addNumberTransitions(const std::vector<NumberTransition>&) override { return missing(); }
  Result<std::vector<NumberTransition>> numberTransitions(Id) override { return missing(); }

 private:
  static Error missing() { return Error::internal("this store has no pool telemetry"); }
};

}  // namespace

TelemetryRepo& Tx::telemetry() {
  static NoTelemetry none;
  return none;
}

}  // namespace hk::store
