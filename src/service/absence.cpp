#include "service/absence.hpp"

#include "service/access.hpp"

namespace hk::service {

using domain::Principal;
using nlohmann::json;

namespace {

void putSwitch(json& j, const std::optional<store::AbsenceSwitch>& s) {
  j["absent"] = s && s->absent;
  j["changed_at"] = s ? json(formatUtc(s->changed_at)) : json(nullptr);
  j["changed_by"] = s ? json(s->changed_by) : json(nullptr);
}

}  // namespace

json toJson(const NumberAbsence& a) {
  json j = {{"number_id", a.number_id}};
  putSwitch(j, a.own);
  j["advertiser_absent"] = a.advertiser && a.advertiser->absent;
  j["effective"] = a.absent();
  return j;
}

json toJson(const AdvertiserAbsence& a) {
  json j = {{"advertiser_id", a.advertiser_id}};
  putSwitch(j, a.own);
  return j;
}

namespace {

// The number, when the caller may read its absence switch (else 403, or 404 out of scope).
Result<domain::TrackingNumber> readableNumber(store::Tx& tx, const Principal& p, domain::Id id) {
  if (auto st = allowed(p, Resource::Absence, Action::Read); !st) return st.error();
  auto n = tx.numbers().get(id);
  if (!n) return n.error();
  if (auto st = inScope(p, n->operator_id, n->advertiser_id, "number"); !st) return st.error();
  return n;
}

Result<domain::Advertiser> readableAdvertiser(store::Tx& tx, const Principal& p, domain::Id id) {
  if (auto st = allowed(p, Resource::Absence, Action::Read); !st) return st.error();
  auto a = tx.advertisers().get(id);
  if (!a) return a.error();
  if (auto st = inScope(p, a->operator_id, a->id, "advertiser"); !st) return st.error();
  return a;
}

Result<NumberAbsence> absenceOf(store::Tx& tx, const domain::TrackingNumber& n) {
  NumberAbsence out;
  out.number_id = n.id;
  auto own = tx.absence().forNumber(n.id);
  if (!own) return own.error();
  out.own = *own;
  if (n.advertiser_id != 0) {
    auto adv = tx.absence().forAdvertiser(n.advertiser_id);
    if (!adv) return adv.error();
    out.advertiser = *adv;
  }
  return out;
}

// Flips a switch when the caller may update it; who did it is recorded.
Result<store::AbsenceSwitch> flip(store::Tx& tx, const Principal& p, store::AbsenceSwitch s) {
  if (auto st = allowed(p, Resource::Absence, Action::Update); !st) return st.error();
  s.changed_by = p.label;
  return tx.absence().set(s);
}

}  // namespace

Result<NumberAbsence> Absence::getNumber(store::Tx& tx, const Principal& p, domain::Id id) {
  auto n = readableNumber(tx, p, id);
  if (!n) return n.error();
  return absenceOf(tx, *n);
}

Result<NumberAbsence> Absence::setNumber(store::Tx& tx, const Principal& p, domain::Id id,
                                         bool absent) {
  auto n = readableNumber(tx, p, id);
  if (!n) return n.error();
  auto cur = absenceOf(tx, *n);
  if (!cur) return cur.error();
  auto saved = flip(tx, p, {.operator_id = n->operator_id, .number_id = id, .absent = absent});
  if (!saved) return saved.error();
  cur->own = *saved;
  return cur;
}

Result<AdvertiserAbsence> Absence::getAdvertiser(store::Tx& tx, const Principal& p, domain::Id id) {
  auto a = readableAdvertiser(tx, p, id);
  if (!a) return a.error();
  auto own = tx.absence().forAdvertiser(id);
  if (!own) return own.error();
  return AdvertiserAbsence{id, *own};
}

Result<AdvertiserAbsence> Absence::setAdvertiser(store::Tx& tx, const Principal& p, domain::Id id,
                                                 bool absent) {
  auto a = readableAdvertiser(tx, p, id);
  if (!a) return a.error();
  auto saved = flip(tx, p, {.operator_id = a->operator_id, .advertiser_id = id, .absent = absent});
  if (!saved) return saved.error();
  return AdvertiserAbsence{id, *saved};
}

Result<bool> Absence::isAbsent(store::Tx& tx, const domain::TrackingNumber& n) {
  auto own = tx.absence().forNumber(n.id);
  if (!own) return own.error();
  if (*own && (*own)->absent) return true;
  if (n.advertiser_id == 0) return false;
  auto adv = tx.absence().forAdvertiser(n.advertiser_id);
  if (!adv) return adv.error();
  return *adv && (*adv)->absent;
}

}  // namespace hk::service
