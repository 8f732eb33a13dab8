#include "service/tenants.hpp"

#include "service/access.hpp"
#include "service/prompts.hpp"
#include "service/validate.hpp"

namespace hk::service {

using domain::Principal;

Result<store::Page<domain::Operator>> Tenants::listOperators(store::Tx& tx, const Principal& p,
                                                             const store::PageRequest& page) {
  if (auto st = allowed(p, Resource::Operator, Action::Read); !st) return st.error();
  return tx.operators().list(store::Scope::of(p), page);
}

Result<domain::Operator> Tenants::getOperator(store::Tx& tx, const Principal& p, domain::Id id) {
  if (auto st = allowed(p, Resource::Operator, Action::Read); !st) return st.error();
  if (!p.isSystem() && id != p.operator_id) return fail(Code::NotFound, "operator not found");
  return tx.operators().get(id);
}

Result<domain::Operator> Tenants::createOperator(store::Tx& tx, const Principal& p,
                                                 domain::Operator o) {
  if (auto st = allowed(p, Resource::Operator, Action::Create); !st) return st.error();
  if (auto errs = checkOperator(o); !errs.empty()) return invalidFields(errs);
  o.id = 0;
  o.created_at = o.updated_at = clock_.now();
  return tx.operators().insert(o);
}

Result<domain::Operator> Tenants::updateOperator(store::Tx& tx, const Principal& p,
                                                 domain::Operator o) {
  auto cur = getOperator(tx, p, o.id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Operator, Action::Update); !st) return st.error();
  if (auto errs = checkOperator(o); !errs.empty()) return invalidFields(errs);
  o.created_at = cur->created_at;
  o.updated_at = clock_.now();
  return tx.operators().update(o);
}

Status Tenants::deleteOperator(store::Tx& tx, const Principal& p, domain::Id id) {
  auto cur = getOperator(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Operator, Action::Delete); !st) return st;
  return tx.operators().remove(id);
}

Result<store::Page<domain::Advertiser>> Tenants::listAdvertisers(store::Tx& tx, const Principal& p,
                                                                 const store::PageRequest& page) {
  if (auto st = allowed(p, Resource::Advertiser, Action::Read); !st) return st.error();
  return tx.advertisers().list(store::Scope::of(p), page);
}

Result<domain::Advertiser> Tenants::getAdvertiser(store::Tx& tx, const Principal& p,
                                                  domain::Id id) {
  if (auto st = allowed(p, Resource::Advertiser, Action::Read); !st) return st.error();
  auto a = tx.advertisers().get(id);
  if (!a) return a.error();
  if (auto st = inScope(p, a->operator_id, a->id, "advertiser"); !st) return st.error();
  return a;
}

Result<domain::Advertiser> Tenants::createAdvertiser(store::Tx& tx, const Principal& p,
                                                     domain::Advertiser a) {
  if (auto st = allowed(p, Resource::Advertiser, Action::Create); !st) return st.error();
  if (a.operator_id == 0) a.operator_id = p.operator_id;
  FieldErrors errs = checkAdvertiser(a);
  if (a.operator_id == 0) errs.push_back({"/operator_id", "is required"});
  if (!errs.empty()) return invalidFields(errs);
  if (!p.isSystem() && a.operator_id != p.operator_id) {
    return fail(Code::NotFound, "operator not found", "/operator_id");
  }
  if (auto op = tx.operators().get(a.operator_id); !op) {
    return fail(Code::Invalid, "no such operator", "/operator_id");
  }
  a.id = 0;
  a.created_at = a.updated_at = clock_.now();
  if (auto st = checkConsentPrompt(tx, a.recording, a.operator_id, 0); !st) return st.error();
  return tx.advertisers().insert(a);
}

Result<domain::Advertiser> Tenants::updateAdvertiser(store::Tx& tx, const Principal& p,
                                                     domain::Advertiser a) {
  auto cur = getAdvertiser(tx, p, a.id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Advertiser, Action::Update); !st) return st.error();
  if (a.operator_id != cur->operator_id) {
    return fail(Code::Invalid, "an advertiser cannot move to another operator", "/operator_id");
  }
  if (auto errs = checkAdvertiser(a); !errs.empty()) return invalidFields(errs);
  a.created_at = cur->created_at;
  a.updated_at = clock_.now();
  if (auto st = checkConsentPrompt(tx, a.recording, a.operator_id, a.id); !st) return st.error();
  return tx.advertisers().update(a);
}

Status Tenants::deleteAdvertiser(store::Tx& tx, const Principal& p, domain::Id id) {
  auto cur = getAdvertiser(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Advertiser, Action::Delete); !st) return st;
  return tx.advertisers().remove(id);
}

}  // namespace hk::service
