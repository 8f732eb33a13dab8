#include "domain/account.hpp"

namespace hk::domain {

bool Principal::canSeeCallerNumber(NumberType type) const {
  if (role != Role::AdvertiserUser) return true;
  // SPEC §2: on 0120/0800 numbers the advertiser is shown a system number, not the caller's.
  return typeInfo(type).shows_caller_number;
}

}  // namespace hk::domain
