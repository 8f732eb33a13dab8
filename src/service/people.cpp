#include "service/people.hpp"

#include "secure/api_key.hpp"
#include "service/access.hpp"
#include "service/validate.hpp"

namespace hk::service {

using domain::Principal;

domain::Principal systemPrincipal() {
  Principal p;
  p.role = domain::Role::SystemAdmin;
  p.label = "system";
  return p;
}

Status People::checkOwner(store::Tx& tx, const Principal& p, domain::Role role,
                          domain::Id operator_id, std::optional<domain::Id> advertiser_id) {
  if (auto st = mayGrant(p, role, operator_id, advertiser_id); !st) return st;
  if (operator_id != 0 && !tx.operators().get(operator_id)) {
    return fail(Code::Invalid, "no such operator", "/operator_id");
  }
  if (advertiser_id) {
    auto a = tx.advertisers().get(*advertiser_id);
    if (!a || a->operator_id != operator_id) {
      return fail(Code::Invalid, "no such advertiser in this operator", "/advertiser_id");
    }
  }
  return ok();
}

Result<store::Page<domain::User>> People::listUsers(store::Tx& tx, const Principal& p,
                                                    const store::PageRequest& page) {
  if (auto st = allowed(p, Resource::User, Action::Read); !st) return st.error();
  return tx.users().list(store::Scope::of(p), page);
}

Result<domain::User> People::getUser(store::Tx& tx, const Principal& p, domain::Id id) {
  // Everyone may read their own user.
  if (id != p.user_id || p.user_id == 0) {
    if (auto st = allowed(p, Resource::User, Action::Read); !st) return st.error();
  }
  auto u = tx.users().get(id);
  if (!u) return u.error();
  if (!p.isSystem() && u->operator_id != p.operator_id) {
    return fail(Code::NotFound, "user not found");
  }
  return u;
}

Result<domain::User> People::createUser(store::Tx& tx, const Principal& p, domain::User u,
                                        const std::string& password) {
  if (auto st = allowed(p, Resource::User, Action::Create); !st) return st.error();
  if (u.operator_id == 0 && u.role != domain::Role::SystemAdmin) u.operator_id = p.operator_id;
  FieldErrors errs = checkUser(u);
  if (auto st = secure::checkPasswordPolicy(password); !st) {
    errs.push_back({"/password", st.error().message});
  }
  if (!errs.empty()) return invalidFields(errs);
  if (auto st = checkOwner(tx, p, u.role, u.operator_id, u.advertiser_id); !st) return st.error();
  auto hash = secure::hashPassword(password, cost_);
  if (!hash) return hash.error();
  u.password_hash = *hash;
  u.id = 0;
  u.created_at = u.updated_at = clock_.now();
  return tx.users().insert(u);
}

Result<domain::User> People::updateUser(store::Tx& tx, const Principal& p, domain::User u,
                                        const std::string& password) {
  auto cur = getUser(tx, p, u.id);
  if (!cur) return cur.error();
  bool self = p.user_id != 0 && p.user_id == u.id;
  if (!self) {
    if (auto st = allowed(p, Resource::User, Action::Update); !st) return st.error();
  }
  if (self && !p.isSystem() &&
      (u.role != cur->role || u.operator_id != cur->operator_id ||
       u.advertiser_id != cur->advertiser_id || u.disabled != cur->disabled)) {
    // Users change their own name and password; an admin changes the rest.
    if (auto st = allowed(p, Resource::User, Action::Update); !st) return st.error();
  }
  FieldErrors errs = checkUser(u);
  if (!password.empty()) {
    if (auto st = secure::checkPasswordPolicy(password); !st) {
      errs.push_back({"/password", st.error().message});
    }
  }
  if (!errs.empty()) return invalidFields(errs);
  if (u.role != cur->role || u.operator_id != cur->operator_id ||
      u.advertiser_id != cur->advertiser_id) {
    if (auto st = checkOwner(tx, p, u.role, u.operator_id, u.advertiser_id); !st) {
      return st.error();
    }
  }
  u.password_hash = cur->password_hash;
  if (!password.empty()) {
    auto hash = secure::hashPassword(password, cost_);
    if (!hash) return hash.error();
    u.password_hash = *hash;
  }
  u.created_at = cur->created_at;
  u.updated_at = clock_.now();
  return tx.users().update(u);
}

Status People::deleteUser(store::Tx& tx, const Principal& p, domain::Id id) {
  auto cur = getUser(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::User, Action::Delete); !st) return st;
  if (id == p.user_id) return fail(Code::Conflict, "you cannot delete yourself");
  return tx.users().remove(id);
}

Result<store::Page<domain::ApiKey>> People::listKeys(store::Tx& tx, const Principal& p,
                                                     const store::PageRequest& page) {
  if (auto st = allowed(p, Resource::ApiKey, Action::Read); !st) return st.error();
  return tx.apiKeys().list(store::Scope::of(p), page);
}

Result<domain::ApiKey> People::getKey(store::Tx& tx, const Principal& p, domain::Id id) {
  if (auto st = allowed(p, Resource::ApiKey, Action::Read); !st) return st.error();
  auto k = tx.apiKeys().get(id);
  if (!k) return k.error();
  if (!p.isSystem() && k->operator_id != p.operator_id) {
    return fail(Code::NotFound, "API key not found");
  }
  return k;
}

Result<NewApiKey> People::createKey(store::Tx& tx, const Principal& p, domain::ApiKey k) {
  if (auto st = allowed(p, Resource::ApiKey, Action::Create); !st) return st.error();
  if (k.operator_id == 0 && k.role != domain::Role::SystemAdmin) k.operator_id = p.operator_id;
  FieldErrors errs;
  checkName("/name", k.name, errs);
  if (!errs.empty()) return invalidFields(errs);
  if (auto st = checkOwner(tx, p, k.role, k.operator_id, k.advertiser_id); !st) return st.error();
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto gen = secure::generateApiKey();
    if (tx.apiKeys().findByPrefix(gen.prefix)) continue;  // 36^8 prefixes: a clash is rare
    k.id = 0;
    k.prefix = gen.prefix;
    k.hash = secure::hashApiKey(keys_, gen.full);
    k.created_by = p.user_id;
    k.created_at = clock_.now();
    k.last_used_at.reset();
    k.revoked_at.reset();
    auto row = tx.apiKeys().insert(k);
    if (!row) return row.error();
    return NewApiKey{*row, gen.full};
  }
  return fail(Code::Internal, "could not find a free API key prefix");
}

Status People::revokeKey(store::Tx& tx, const Principal& p, domain::Id id) {
  auto cur = getKey(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::ApiKey, Action::Delete); !st) return st;
  if (cur->revoked_at) return ok();
  return tx.apiKeys().revoke(id, clock_.now());
}

}  // namespace hk::service
