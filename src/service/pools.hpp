#pragma once
// Number pools (SPEC §3), scoped by the principal, with the same roles as numbers: operator
// roles manage them; an advertiser user sees its own and may change only their name and
// allowed origins. The numbers of a pool belong to its advertiser and go to state `pooled`
// (back to `assigned` when they leave it).
#include "base/clock.hpp"
#include "store/store.hpp"

namespace hk::service {

class Pools {
 public:
  explicit Pools(const Clock& clock) : clock_(clock) {}

  Result<store::Page<store::TrackingPool>> list(store::Tx& tx, const domain::Principal& p,
                                                const store::PageRequest& page);
  Result<store::TrackingPool> get(store::Tx& tx, const domain::Principal& p, domain::Id id);
  Result<store::TrackingPool> create(store::Tx& tx, const domain::Principal& p,
                                     store::TrackingPool pool);
  Result<store::TrackingPool> update(store::Tx& tx, const domain::Principal& p,
                                     store::TrackingPool pool);
  Status remove(store::Tx& tx, const domain::Principal& p, domain::Id id);
  Result<std::vector<store::MonthlyCount>> monthly(store::Tx& tx, const domain::Principal& p,
                                                   domain::Id id);

 private:
  Status resolve(store::Tx& tx, const domain::Principal& p, store::TrackingPool& pool);
  Status setStates(store::Tx& tx, const std::vector<store::PoolNumber>& numbers,
                   domain::NumberState state);
  const Clock& clock_;
};

}  // namespace hk::service
