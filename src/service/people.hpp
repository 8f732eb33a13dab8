#pragma once
// Users and API keys, scoped by the principal. A principal hands out only roles at or
// below its own, inside its own scope (service/access.hpp).
#include "base/clock.hpp"
#include "secure/keyfile.hpp"
#include "secure/password.hpp"
#include "store/store.hpp"

namespace hk::service {

struct NewApiKey {
  domain::ApiKey row;
  std::string key;  // the whole key: shown once, stored only as a keyed hash
};

class People {
 public:
  People(const Clock& clock, const secure::KeyRing& keys,
         secure::PasswordCost cost = secure::PasswordCost::interactive())
      : clock_(clock), keys_(keys), cost_(cost) {}

  Result<store::Page<domain::User>> listUsers(store::Tx& tx, const domain::Principal& p,
                                              const store::PageRequest& page);
  Result<domain::User> getUser(store::Tx& tx, const domain::Principal& p, domain::Id id);
  Result<domain::User> createUser(store::Tx& tx, const domain::Principal& p, domain::User u,
                                  const std::string& password);
  // `password` empty: unchanged.
  Result<domain::User> updateUser(store::Tx& tx, const domain::Principal& p, domain::User u,
                                  const std::string& password);
  Status deleteUser(store::Tx& tx, const domain::Principal& p, domain::Id id);

  Result<store::Page<domain::ApiKey>> listKeys(store::Tx& tx, const domain::Principal& p,
                                               const store::PageRequest& page);
  Result<domain::ApiKey> getKey(store::Tx& tx, const domain::Principal& p, domain::Id id);
  Result<NewApiKey> createKey(store::Tx& tx, const domain::Principal& p, domain::ApiKey k);
  Status revokeKey(store::Tx& tx, const domain::Principal& p, domain::Id id);

 private:
  Status checkOwner(store::Tx& tx, const domain::Principal& p, domain::Role role,
                    domain::Id operator_id, std::optional<domain::Id> advertiser_id);
  const Clock& clock_;
  const secure::KeyRing& keys_;
  secure::PasswordCost cost_;
};

// The principal of the installation itself (hankyoctl on the store, start-up seeding).
domain::Principal systemPrincipal();

}  // namespace hk::service
