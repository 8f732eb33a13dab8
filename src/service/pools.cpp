#include "service/pools.hpp"

#include "base/ids.hpp"
#include "service/access.hpp"
#include "service/pool_shapes.hpp"

namespace hk::service {

using domain::Principal;
using store::TrackingPool;

// Pools follow the permission rows of numbers (the numbers they hand out).
constexpr Resource kPoolResource = Resource::Number;

Result<store::Page<TrackingPool>> Pools::list(store::Tx& tx, const Principal& p,
                                              const store::PageRequest& page) {
  if (auto st = allowed(p, kPoolResource, Action::Read); !st) return st.error();
  return tx.tracking().listPools(store::Scope::of(p), page);
}

Result<TrackingPool> Pools::get(store::Tx& tx, const Principal& p, domain::Id id) {
  if (auto st = allowed(p, kPoolResource, Action::Read); !st) return st.error();
  auto pool = tx.tracking().getPool(id);
  if (!pool) return pool.error();
  if (auto st = inScope(p, pool->operator_id, pool->advertiser_id, "pool"); !st) {
    return st.error();
  }
  return pool;
}

namespace {
bool sameSettings(const TrackingPool& a, const TrackingPool& b) {
  if (a.numbers.size() != b.numbers.size()) return false;
  for (size_t i = 0; i < a.numbers.size(); ++i) {
    if (a.numbers[i].number_id != b.numbers[i].number_id) return false;
  }
  return a.operator_id == b.operator_id && a.advertiser_id == b.advertiser_id && a.key == b.key &&
         a.name == b.name && a.mode == b.mode && a.base_number == b.base_number &&
         a.suffix_digits == b.suffix_digits && a.idle_release_sec == b.idle_release_sec &&
         a.max_lease_sec == b.max_lease_sec && a.cooldown_sec == b.cooldown_sec &&
         a.match_window_sec == b.match_window_sec && a.selection == b.selection &&
         a.exhaustion == b.exhaustion && a.overflow_number == b.overflow_number &&
         a.default_number == b.default_number && a.allowed_origins == b.allowed_origins &&
         a.visitor_rate_per_min == b.visitor_rate_per_min &&
         a.pool_rate_per_sec == b.pool_rate_per_sec && a.active == b.active;
}
}  // namespace

// The advertiser (in scope), its operator, and the pool's numbers (the advertiser's own).
Status Pools::resolve(store::Tx& tx, const Principal& p, TrackingPool& pool) {
  auto adv = tx.advertisers().get(pool.advertiser_id);
  if (!adv || !p.canSee(adv->operator_id, adv->id)) {
    return fail(Code::Invalid, "no such advertiser", "/advertiser_id");
  }
  if (pool.operator_id != 0 && pool.operator_id != adv->operator_id) {
    return fail(Code::Invalid, "the advertiser belongs to another operator", "/operator_id");
  }
  pool.operator_id = adv->operator_id;
  FieldErrors errs;
  for (size_t i = 0; i < pool.numbers.size(); ++i) {
    auto n = tx.numbers().get(pool.numbers[i].number_id);
    const std::string field = "/number_ids/" + std::to_string(i);
    if (!n || n->advertiser_id != pool.advertiser_id) {
      errs.push_back({field, "no such number of this advertiser"});
    } else if (n->state == domain::NumberState::Released ||
               n->state == domain::NumberState::Quarantined) {
      errs.push_back({field, "the number is released or quarantined"});
    } else {
      pool.numbers[i].number = n->number;
    }
  }
  if (pool.mode == store::PoolMode::Dynamic && !pool.base_number.empty()) {
    auto base = tx.numbers().findByNumber(pool.base_number);
    if (!base || base->advertiser_id != pool.advertiser_id) {
      errs.push_back({"/base_number", "must be a 0078 number of this advertiser"});
    }
  }
  if (!errs.empty()) return invalidFields(errs);
  return ok();
}

Status Pools::setStates(store::Tx& tx, const std::vector<store::PoolNumber>& numbers,
                        domain::NumberState state) {
  for (const auto& pn : numbers) {
    auto n = tx.numbers().get(pn.number_id);
    if (!n) continue;  // deleted meanwhile: nothing to mark
    if (n->state == state) continue;
    n->state = state;
    n->updated_at = clock_.now();
    if (auto r = tx.numbers().update(*n); !r) return r.error();
  }
  return ok();
}

Result<TrackingPool> Pools::create(store::Tx& tx, const Principal& p, TrackingPool pool) {
  if (auto st = allowed(p, kPoolResource, Action::Create); !st) return st.error();
  if (auto errs = checkPool(pool); !errs.empty()) return invalidFields(errs);
  if (auto st = resolve(tx, p, pool); !st) return st.error();
  if (pool.key.empty()) pool.key = "pk_" + randomHex(12);
  pool.id = 0;
  auto out = tx.tracking().insertPool(pool);
  if (!out) return out;
  if (auto st = setStates(tx, out->numbers, domain::NumberState::Pooled); !st) return st.error();
  return out;
}

Result<TrackingPool> Pools::update(store::Tx& tx, const Principal& p, TrackingPool pool) {
  auto cur = get(tx, p, pool.id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, kPoolResource, Action::Update); !st) return st.error();
  if (p.role == domain::Role::AdvertiserUser) {
    TrackingPool probe = pool;
    probe.name = cur->name;
    probe.allowed_origins = cur->allowed_origins;
    if (!sameSettings(probe, *cur)) {
      return fail(Code::Forbidden, "an advertiser user may change only name and allowed_origins");
    }
    TrackingPool changed = *cur;
    changed.name = pool.name;
    changed.allowed_origins = pool.allowed_origins;
    pool = std::move(changed);
  }
  if (pool.operator_id != cur->operator_id) {
    return fail(Code::Invalid, "a pool cannot move to another operator", "/operator_id");
  }
  if (auto errs = checkPool(pool); !errs.empty()) return invalidFields(errs);
  if (auto st = resolve(tx, p, pool); !st) return st.error();
  pool.created_at = cur->created_at;
  auto out = tx.tracking().updatePool(pool);
  if (!out) return out;
  std::vector<store::PoolNumber> left;
  for (const auto& old : cur->numbers) {
    bool kept = false;
    for (const auto& n : out->numbers) kept = kept || n.number_id == old.number_id;
    if (!kept) left.push_back(old);
  }
  if (auto st = setStates(tx, left, domain::NumberState::Assigned); !st) return st.error();
  if (auto st = setStates(tx, out->numbers, domain::NumberState::Pooled); !st) {
    return st.error();
  }
  return out;
}

Status Pools::remove(store::Tx& tx, const Principal& p, domain::Id id) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, kPoolResource, Action::Delete); !st) return st;
  if (auto st = tx.tracking().removePool(id); !st) return st;
  return setStates(tx, cur->numbers, domain::NumberState::Assigned);
}

Result<std::vector<store::MonthlyCount>> Pools::monthly(store::Tx& tx, const Principal& p,
                                                        domain::Id id) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  return tx.tracking().monthly(id);
}

}  // namespace hk::service
