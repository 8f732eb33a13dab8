#include "service/numbers.hpp"

#include "domain/enum_names.hpp"
#include "service/access.hpp"
#include "service/prompts.hpp"
#include "service/validate.hpp"

namespace hk::service {

using domain::Principal;
using domain::TrackingNumber;

Result<store::Page<TrackingNumber>> Numbers::list(store::Tx& tx, const Principal& p,
                                                  const store::NumberFilter& f,
                                                  const store::PageRequest& page) {
  if (auto st = allowed(p, Resource::Number, Action::Read); !st) return st.error();
  return tx.numbers().list(store::Scope::of(p), f, page);
}

Result<TrackingNumber> Numbers::get(store::Tx& tx, const Principal& p, domain::Id id) {
  if (auto st = allowed(p, Resource::Number, Action::Read); !st) return st.error();
  auto n = tx.numbers().get(id);
  if (!n) return n.error();
  if (auto st = inScope(p, n->operator_id, n->advertiser_id, "number"); !st) return st.error();
  return n;
}

Status Numbers::checkOwner(store::Tx& tx, const Principal& p, const TrackingNumber& n) {
  if (!p.isSystem() && n.operator_id != p.operator_id) {
    return fail(Code::NotFound, "operator not found", "/operator_id");
  }
  if (n.operator_id == 0) return fail(Code::Invalid, "is required", "/operator_id");
  if (!tx.operators().get(n.operator_id)) {
    return fail(Code::Invalid, "no such operator", "/operator_id");
  }
  if (n.advertiser_id != 0) {
    auto a = tx.advertisers().get(n.advertiser_id);
    if (!a || a->operator_id != n.operator_id) {
      return fail(Code::Invalid, "no such advertiser in this operator", "/advertiser_id");
    }
  }
  return ok();
}

Status Numbers::recordTransition(store::Tx& tx, const TrackingNumber& n, std::string from,
                                 std::string_view cause) {
  store::NumberTransition t{n.id,
                            n.number,
                            std::move(from),
                            std::string(domain::name(n.state)),
                            std::string(cause),
                            clock_.now()};
  return tx.telemetry().addNumberTransitions({t});
}

Result<TrackingNumber> Numbers::create(store::Tx& tx, const Principal& p, TrackingNumber n,
                                       bool type_given, std::string_view cause) {
  if (auto st = allowed(p, Resource::Number, Action::Create); !st) return st.error();
  if (n.operator_id == 0) n.operator_id = p.operator_id;
  if (auto errs = normalizeNumber(n, type_given); !errs.empty()) return invalidFields(errs);
  if (auto st = checkOwner(tx, p, n); !st) return st.error();
  if (auto st = checkConsentPrompt(tx, n.recording, n.operator_id, n.advertiser_id); !st) {
    return st.error();
  }
  if (n.state == domain::NumberState::Available && n.advertiser_id != 0) {
    n.state = domain::NumberState::Assigned;
  }
  n.id = 0;
  n.created_at = n.updated_at = clock_.now();
  auto made = tx.numbers().insert(n);
  if (!made) return made;
  if (auto st = recordTransition(tx, *made, "", cause); !st) return st.error();
  return made;
}

Result<TrackingNumber> Numbers::update(store::Tx& tx, const Principal& p, TrackingNumber n,
                                       std::string_view cause) {
  auto cur = get(tx, p, n.id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Number, Action::Update); !st) return st.error();
  if (n.operator_id != cur->operator_id) {
    return fail(Code::Invalid, "a number cannot move to another operator", "/operator_id");
  }
  if (p.role == domain::Role::AdvertiserUser) {
    // Only what an advertiser manages itself; everything else stays as it was.
    TrackingNumber allowed_change = *cur;
    allowed_change.name = n.name;
    allowed_change.destinations = n.destinations;
    if (n.advertiser_id != cur->advertiser_id || n.number != cur->number || n.type != cur->type ||
        n.state != cur->state || n.max_lines != cur->max_lines ||
        n.initial_cost != cur->initial_cost || n.monthly_cost != cur->monthly_cost ||
        n.trunk != cur->trunk || n.recording != cur->recording) {
      return fail(Code::Forbidden, "an advertiser user may change only name and destinations");
    }
    n = allowed_change;
  }
  if (auto errs = normalizeNumber(n, true); !errs.empty()) return invalidFields(errs);
  if (auto st = checkOwner(tx, p, n); !st) return st.error();
  if (auto st = checkConsentPrompt(tx, n.recording, n.operator_id, n.advertiser_id); !st) {
    return st.error();
  }
  n.created_at = cur->created_at;
  n.updated_at = clock_.now();
  auto saved = tx.numbers().update(n);
  if (!saved || saved->state == cur->state) return saved;
  if (auto st = recordTransition(tx, *saved, std::string(domain::name(cur->state)), cause); !st) {
    return st.error();
  }
  return saved;
}

Status Numbers::remove(store::Tx& tx, const Principal& p, domain::Id id) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Number, Action::Delete); !st) return st;
  return tx.numbers().remove(id);
}

}  // namespace hk::service
