#pragma once
// Tracking numbers, scoped by the principal.
#include "base/clock.hpp"
#include "store/store.hpp"

namespace hk::service {

class Numbers {
 public:
  explicit Numbers(const Clock& clock) : clock_(clock) {}

  Result<store::Page<domain::TrackingNumber>> list(store::Tx& tx, const domain::Principal& p,
                                                   const store::NumberFilter& f,
                                                   const store::PageRequest& page);
  Result<domain::TrackingNumber> get(store::Tx& tx, const domain::Principal& p, domain::Id id);
  // type_given=false: the type is taken from the number's prefix. Every state a number enters
  // here is recorded as a lifecycle transition with `cause` ("api", "apply", "import").
  Result<domain::TrackingNumber> create(store::Tx& tx, const domain::Principal& p,
                                        domain::TrackingNumber n, bool type_given,
                                        std::string_view cause = "api");
  // Advertiser users may change only name and destinations of their own numbers.
  Result<domain::TrackingNumber> update(store::Tx& tx, const domain::Principal& p,
                                        domain::TrackingNumber n, std::string_view cause = "api");
  Status remove(store::Tx& tx, const domain::Principal& p, domain::Id id);

 private:
  Status recordTransition(store::Tx& tx, const domain::TrackingNumber& n, std::string from,
                          std::string_view cause);
  Status checkOwner(store::Tx& tx, const domain::Principal& p, const domain::TrackingNumber& n);
  const Clock& clock_;
};

}  // namespace hk::service
