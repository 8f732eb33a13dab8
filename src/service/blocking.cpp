#include "service/blocking.hpp"

#include "base/log.hpp"
#include "domain/phone.hpp"
#include "service/access.hpp"
#include "service/validate.hpp"

namespace hk::service {

using domain::Principal;
using nlohmann::json;

std::string normalizePrefix(const std::string& text) {
  auto d = domain::parsePhoneDigits(text);
  if (!d) return {};
  std::string digits = std::move(d->digits);
  // "+81 3" is the Japanese "03" (too short for canonicalPhone's length rule); other country
  // codes stay digits without '+', as callers' numbers do (secure::normalizeNumber).
  if (d->plus && digits.starts_with("81")) {
    digits = domain::nationalFromCountryCode(std::string_view(digits).substr(2));
  }
  if (digits.size() < 2 || digits.size() > 9) return {};
  return digits;
}

Result<std::pair<domain::Id, domain::Id>> Blocking::listOf(store::Tx& tx, const Principal& p,
                                                           domain::Id operator_id,
                                                           domain::Id number_id, bool write) {
  if (number_id != 0) {
    auto st = allowed(p, Resource::BlockList, write ? Action::Update : Action::Read);
    if (!st) return st.error();
    auto n = tx.numbers().get(number_id);
    if (!n) return n.error();
    if (auto in = inScope(p, n->operator_id, n->advertiser_id, "number"); !in) return in.error();
    return std::pair{n->operator_id, n->id};
  }
  auto st = allowed(p, Resource::OperatorBlockList, write ? Action::Update : Action::Read);
  if (!st) return st.error();
  if (operator_id == 0) operator_id = p.operator_id;
  if (operator_id == 0) {
    // A system admin reads every operator's list, and names the one it writes to.
    if (!write) return std::pair{domain::Id{0}, domain::Id{0}};
    return fail(Code::Invalid, "a system admin names the operator", "/operator_id");
  }
  if ((!p.isSystem() && operator_id != p.operator_id) || !tx.operators().get(operator_id)) {
    return fail(Code::NotFound, "operator not found", write ? "/operator_id" : "operator_id");
  }
  return std::pair{operator_id, domain::Id{0}};
}

Result<store::Page<store::BlockEntry>> Blocking::list(store::Tx& tx, const Principal& p,
                                                      domain::Id operator_id, domain::Id number_id,
                                                      const store::PageRequest& page) {
  auto l = listOf(tx, p, operator_id, number_id, false);
  if (!l) return l.error();
  return tx.blockList().list(l->first, l->second, page);
}

Result<store::BlockEntry> Blocking::get(store::Tx& tx, const Principal& p, domain::Id id,
                                        domain::Id number_id) {
  auto l = listOf(tx, p, 0, number_id, false);
  if (!l) return l.error();
  auto e = tx.blockList().get(id);
  if (!e) return e.error();
  // An entry of another list (or another operator's) answers like one that does not exist.
  if (e->number_id != number_id || (!p.isSystem() && e->operator_id != p.operator_id)) {
    return Error::notFound("block list entry not found");
  }
  return e;
}

Result<store::BlockEntry> Blocking::add(store::Tx& tx, const Principal& p, BlockRequest r) {
  auto l = listOf(tx, p, r.operator_id, r.number_id, true);
  if (!l) return l.error();
  int given = !r.number.empty() + !r.prefix.empty() + r.withheld + !r.trn_id.empty();
  if (given != 1) {
    return fail(Code::Invalid, "give exactly one of number, prefix, withheld or trn_id",
                given == 0 ? "/number" : "/prefix");
  }
  FieldErrors errs;
  if (r.note.size() > 200) errs.push_back({"/note", "must be at most 200 bytes"});
  store::BlockEntry e;
  e.operator_id = l->first;
  e.number_id = l->second;
  e.note = r.note;
  e.created_by = p.label;
  if (!r.number.empty()) {
    std::string n = normalizePhone(r.number);
    std::string digits = secure::normalizeNumber(n);
    if (n.empty() || digits.size() < 3) {
      errs.push_back({"/number", "must be a phone number"});
    } else {
      e.kind = store::BlockKind::Exact;
      e.number_index = cipher_.blindIndex(digits);
      e.number_cipher = cipher_.encrypt(digits);
      e.number_masked = log::maskNumber(digits);
    }
  } else if (!r.prefix.empty()) {
    e.kind = store::BlockKind::Prefix;
    e.prefix = normalizePrefix(r.prefix);
    if (e.prefix.empty()) {
      errs.push_back(
          {"/prefix", "must be 2 to 9 digits (a whole number is blocked as \"number\")"});
    }
  } else if (r.withheld) {
    e.kind = store::BlockKind::Withheld;
  } else {
    auto call = tx.calls().getByTrnId(r.trn_id);
    // A call the principal may not see, or made to another number, is "not found".
    bool visible = call && p.canSee(call->operator_id, call->client_id) &&
                   call->operator_id == e.operator_id &&
                   (e.number_id == 0 || call->dialin_id == e.number_id);
    if (!visible) {
      errs.push_back({"/trn_id", "no such call on this list's number(s)"});
    } else if (call->clr_id_index.empty()) {
      errs.push_back({"/trn_id", "the caller was withheld: block withheld callers instead"});
    } else {
      e.kind = store::BlockKind::Exact;
      e.number_index = call->clr_id_index;
      e.number_cipher = call->clr_id_cipher;
      e.number_masked = call->clr_id_masked;
    }
  }
  if (!errs.empty()) return invalidFields(errs);
  return tx.blockList().insert(e);
}

Status Blocking::remove(store::Tx& tx, const Principal& p, domain::Id id, domain::Id number_id) {
  auto e = get(tx, p, id, number_id);
  if (!e) return e.error();
  auto l = listOf(tx, p, e->operator_id, number_id, true);
  if (!l) return l.error();
  return tx.blockList().remove(id);
}

Result<std::optional<store::BlockEntry>> Blocking::check(store::Tx& tx,
                                                         const domain::TrackingNumber& n,
                                                         std::string_view caller,
                                                         bool withheld) const {
  std::string digits = withheld ? std::string() : secure::normalizeNumber(caller);
  std::string index = digits.empty() ? std::string() : cipher_.blindIndex(digits);
  return tx.blockList().match(n.operator_id, n.id, index, digits, withheld);
}

json Blocking::toJson(store::Tx& tx, const store::BlockEntry& e, const Principal& p) const {
  auto optional = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  json j = {{"id", e.id},
            {"operator_id", e.operator_id},
            {"number_id", e.number_id == 0 ? json(nullptr) : json(e.number_id)},
            {"kind", store::blockKindName(e.kind)},
            {"number", nullptr},
            {"number_masked", optional(e.number_masked)},
            {"prefix", optional(e.prefix)},
            {"note", e.note},
            {"created_at", formatUtc(e.created_at)},
            {"created_by", e.created_by}};
  if (e.kind == store::BlockKind::Exact && !e.number_cipher.empty()) {
    domain::NumberType type = domain::NumberType::Other;
    if (e.number_id != 0) {
      if (auto n = tx.numbers().get(e.number_id)) type = n->type;
    }
    if (p.canSeeCallerNumber(type)) {
      if (auto plain = cipher_.decrypt(e.number_cipher)) j["number"] = *plain;
    }
  }
  return j;
}

}  // namespace hk::service
