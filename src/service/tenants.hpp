#pragma once
// Operators and advertisers, scoped by the principal. Every method runs inside the
// caller's transaction, so a request (or a whole `hankyoctl apply`) is all or nothing.
#include "base/clock.hpp"
#include "store/store.hpp"

namespace hk::service {

class Tenants {
 public:
  explicit Tenants(const Clock& clock) : clock_(clock) {}

  Result<store::Page<domain::Operator>> listOperators(store::Tx& tx, const domain::Principal& p,
                                                      const store::PageRequest& page);
  Result<domain::Operator> getOperator(store::Tx& tx, const domain::Principal& p, domain::Id id);
  Result<domain::Operator> createOperator(store::Tx& tx, const domain::Principal& p,
                                          domain::Operator o);
  Result<domain::Operator> updateOperator(store::Tx& tx, const domain::Principal& p,
                                          domain::Operator o);
  Status deleteOperator(store::Tx& tx, const domain::Principal& p, domain::Id id);

  Result<store::Page<domain::Advertiser>> listAdvertisers(store::Tx& tx, const domain::Principal& p,
                                                          const store::PageRequest& page);
  Result<domain::Advertiser> getAdvertiser(store::Tx& tx, const domain::Principal& p,
                                           domain::Id id);
  // operator_id 0: the principal's own operator (a system admin must name one).
  Result<domain::Advertiser> createAdvertiser(store::Tx& tx, const domain::Principal& p,
                                              domain::Advertiser a);
  Result<domain::Advertiser> updateAdvertiser(store::Tx& tx, const domain::Principal& p,
                                              domain::Advertiser a);
  Status deleteAdvertiser(store::Tx& tx, const domain::Principal& p, domain::Id id);

 private:
  const Clock& clock_;
};

}  // namespace hk::service
