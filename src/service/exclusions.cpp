#include "service/exclusions.hpp"

#include "base/log.hpp"
#include "service/access.hpp"
#include "service/validate.hpp"

namespace hk::service {

using domain::Principal;
using nlohmann::json;

Status Exclusions::check(store::Tx& tx, const Principal& p, domain::Id advertiser_id, bool write) {
  if (auto st = allowed(p, Resource::BlockList, write ? Action::Update : Action::Read); !st) {
    return st;
  }
  auto a = tx.advertisers().get(advertiser_id);
  if (!a) return a.error();
  return inScope(p, a->operator_id, a->id, "advertiser");
}

Result<store::Page<store::ExclusionEntry>> Exclusions::list(store::Tx& tx, const Principal& p,
                                                            domain::Id advertiser_id,
                                                            const store::PageRequest& page) {
  if (auto st = check(tx, p, advertiser_id, false); !st) return st.error();
  return tx.judgement().listExclusions(advertiser_id, page);
}

Result<store::ExclusionEntry> Exclusions::get(store::Tx& tx, const Principal& p,
                                              domain::Id advertiser_id, domain::Id id) {
  if (auto st = check(tx, p, advertiser_id, false); !st) return st.error();
  auto e = tx.judgement().getExclusion(id);
  if (!e) return e.error();
  if (e->advertiser_id != advertiser_id) return Error::notFound("exclusion not found");
  return e;
}

Result<store::ExclusionEntry> Exclusions::add(store::Tx& tx, const Principal& p,
                                              const ExclusionRequest& r) {
  if (auto st = check(tx, p, r.advertiser_id, true); !st) return st.error();
  if (r.number.empty() == r.trn_id.empty()) {
    return fail(Code::Invalid, "give exactly one of number or trn_id", "/number");
  }
  FieldErrors errs;
  if (r.note.size() > 200) errs.push_back({"/note", "must be at most 200 bytes"});
  store::ExclusionEntry e;
  e.advertiser_id = r.advertiser_id;
  e.note = r.note;
  e.created_by = p.label;
  if (!r.number.empty()) {
    std::string digits = secure::normalizeNumber(normalizePhone(r.number));
    if (digits.size() < 3) {
      errs.push_back({"/number", "must be a phone number"});
    } else {
      e.number_index = cipher_.blindIndex(digits);
      e.number_cipher = cipher_.encrypt(digits);
      e.number_masked = log::maskNumber(digits);
    }
  } else {
    auto call = tx.calls().getByTrnId(r.trn_id);
    if (!call || !p.canSee(call->operator_id, call->client_id) ||
        call->client_id != r.advertiser_id) {
      errs.push_back({"/trn_id", "no such call to this advertiser"});
    } else if (call->clr_id_index.empty()) {
      errs.push_back({"/trn_id", "the caller was withheld (never a duplicate anyway)"});
    } else {
      e.number_index = call->clr_id_index;
      e.number_cipher = call->clr_id_cipher;
      e.number_masked = call->clr_id_masked;
    }
  }
  if (!errs.empty()) return invalidFields(errs);
  return tx.judgement().insertExclusion(e);
}

Status Exclusions::remove(store::Tx& tx, const Principal& p, domain::Id advertiser_id,
                          domain::Id id) {
  if (auto st = check(tx, p, advertiser_id, true); !st) return st;
  auto e = get(tx, p, advertiser_id, id);
  if (!e) return e.error();
  return tx.judgement().removeExclusion(id);
}

json Exclusions::toJson(const store::ExclusionEntry& e, const Principal& p) const {
  json j = {{"id", e.id},
            {"advertiser_id", e.advertiser_id},
            {"number", nullptr},
            {"number_masked", e.number_masked},
            {"note", e.note},
            {"created_at", formatUtc(e.created_at)},
            {"created_by", e.created_by}};
  if (p.role != domain::Role::AdvertiserUser && !e.number_cipher.empty()) {
    if (auto plain = cipher_.decrypt(e.number_cipher)) j["number"] = *plain;
  }
  return j;
}

}  // namespace hk::service
