#pragma once
// Who is calling: an API key (machines) or a session token from a login (the web UI).
// API keys are checked with a keyed BLAKE2b hash (microseconds, not argon2) and the result
// is cached for a few seconds per key, so a request with a key costs no database read;
// revoking a key on this node drops it from the cache at once (other nodes: within the TTL).
#include <chrono>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "base/clock.hpp"
#include "secure/keyfile.hpp"
#include "store/store.hpp"

namespace hk::service {

struct LoginResult {
  std::string token;  // for the cookie
  domain::User user;
  WallTime expires_at;
};

class Auth {
 public:
  Auth(store::Store& store, const secure::KeyRing& keys, const Clock& clock,
       std::chrono::seconds session_ttl,
       std::chrono::milliseconds key_cache_ttl = std::chrono::seconds(10));

  Result<domain::Principal> authenticateKey(std::string_view key);
  Result<domain::Principal> authenticateSession(std::string_view token);
  // Unknown login and wrong password answer alike (no user enumeration) and cost alike.
  Result<LoginResult> login(const std::string& login, const std::string& password);
  Status logout(std::string_view token);
  void forgetKey(const std::string& prefix);

 private:
  struct CachedKey {
    std::string hash;
    domain::Principal principal;
    MonoTime expires;
    MonoTime last_touch;
  };
  store::Store& store_;
  const secure::KeyRing& keys_;
  const Clock& clock_;
  std::chrono::seconds session_ttl_;
  std::chrono::milliseconds key_cache_ttl_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, CachedKey> cache_;
  std::string decoy_hash_;  // verified against when the login is unknown
};

domain::Principal principalOf(const domain::User& u);
domain::Principal principalOf(const domain::ApiKey& k);

}  // namespace hk::service
