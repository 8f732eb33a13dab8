#include "service/auth.hpp"

#include <fmt/format.h>

#include "secure/api_key.hpp"
#include "secure/password.hpp"
#include "secure/sodium.hpp"

namespace hk::service {

namespace {
Error unauthorized(std::string msg) { return Error{Code::Unauthorized, std::move(msg), {}}; }
}  // namespace

domain::Principal principalOf(const domain::User& u) {
  domain::Principal p;
  p.role = u.role;
  p.user_id = u.id;
  p.operator_id = u.operator_id;
  p.advertiser_id = u.advertiser_id;
  p.label = fmt::format("user:{}", u.id);
  return p;
}

domain::Principal principalOf(const domain::ApiKey& k) {
  domain::Principal p;
  p.role = k.role;
  p.api_key_id = k.id;
  p.operator_id = k.operator_id;
  p.advertiser_id = k.advertiser_id;
  p.label = fmt::format("key:{}", k.prefix);
  return p;
}

Auth::Auth(store::Store& store, const secure::KeyRing& keys, const Clock& clock,
           std::chrono::seconds session_ttl, std::chrono::milliseconds key_cache_ttl)
    : store_(store),
      keys_(keys),
      clock_(clock),
      session_ttl_(session_ttl),
      key_cache_ttl_(key_cache_ttl) {
  auto h = secure::hashPassword("not-a-real-password-0", secure::PasswordCost::interactive());
  if (h) decoy_hash_ = *h;
}

Result<domain::Principal> Auth::authenticateKey(std::string_view key) {
  auto parsed = secure::parseApiKey(key);
  if (!parsed) return unauthorized("malformed API key");
  std::string hash = secure::hashApiKey(keys_, parsed->full);
  MonoTime now = clock_.mono();
  {
    std::shared_lock lk(mu_);
    auto it = cache_.find(parsed->prefix);
    if (it != cache_.end() && it->second.expires > now) {
      if (!secure::constantTimeEqual(it->second.hash, hash)) return unauthorized("invalid API key");
      return it->second.principal;
    }
  }
  auto tx = store_.begin(true);
  if (!tx) return tx.error();
  auto row = (*tx)->apiKeys().findByPrefix(parsed->prefix);
  if (!row || !secure::constantTimeEqual(row->hash, hash)) return unauthorized("invalid API key");
  if (row->revoked_at) return unauthorized("API key revoked");
  // last_used_at: written at most once per cache period, never on the hot path.
  if (auto st = (*tx)->apiKeys().touch(row->id, clock_.now()); st) (void)(*tx)->commit();
  domain::Principal p = principalOf(*row);
  std::unique_lock lk(mu_);
  cache_[parsed->prefix] = CachedKey{row->hash, p, now + key_cache_ttl_, now};
  return p;
}

void Auth::forgetKey(const std::string& prefix) {
  std::unique_lock lk(mu_);
  cache_.erase(prefix);
}

Result<domain::Principal> Auth::authenticateSession(std::string_view token) {
  if (!secure::isSessionTokenShape(token)) return unauthorized("malformed session");
  std::string hash = secure::hashSessionToken(keys_, token);
  auto tx = store_.begin(false);
  if (!tx) return tx.error();
  auto s = (*tx)->sessions().find(hash);
  if (!s || s->expires_at <= clock_.now()) return unauthorized("session expired or unknown");
  auto u = (*tx)->users().get(s->user_id);
  if (!u || u->disabled) return unauthorized("session expired or unknown");
  return principalOf(*u);
}

Result<LoginResult> Auth::login(const std::string& login, const std::string& password) {
  domain::User user;
  {
    auto tx = store_.begin(false);
    if (!tx) return tx.error();
    auto u = (*tx)->users().findByLogin(login);
    if (!u) {
      if (u.error().code != Code::NotFound) return u.error();
      (void)secure::verifyPassword(decoy_hash_, password);
      return unauthorized("wrong login or password");
    }
    user = *u;
  }
  if (!secure::verifyPassword(user.password_hash, password) || user.disabled) {
    return unauthorized("wrong login or password");
  }
  auto tok = secure::newSessionToken(keys_);
  domain::SessionRow row;
  row.token_hash = tok.hash;
  row.user_id = user.id;
  row.created_at = clock_.now();
  row.expires_at = row.created_at + session_ttl_;
  auto tx = store_.begin(true);
  if (!tx) return tx.error();
  (void)(*tx)->sessions().purgeExpired(row.created_at);
  if (auto st = (*tx)->sessions().insert(row); !st) return st.error();
  if (auto st = (*tx)->commit(); !st) return st.error();
  return LoginResult{tok.token, user, row.expires_at};
}

Status Auth::logout(std::string_view token) {
  if (!secure::isSessionTokenShape(token)) return ok();
  auto tx = store_.begin(true);
  if (!tx) return tx.error();
  auto st = (*tx)->sessions().remove(secure::hashSessionToken(keys_, token));
  if (!st && st.error().code != Code::NotFound) return st;  // logging out twice is fine
  return (*tx)->commit();
}

}  // namespace hk::service
