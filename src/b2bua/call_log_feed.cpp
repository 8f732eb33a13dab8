// Facts -> outcome -> record -> writer: the call log of SPEC §5. The decision table lives in
// calllog/outcome (decide/apply); this file only fills the record's identity fields and the
// caller number (encrypted, blind-indexed and masked before it leaves the loop).
#include "b2bua/detail/core.hpp"
#include "base/ids.hpp"
#include "calllog/writer.hpp"
#include "secure/caller_cipher.hpp"

namespace hk::b2bua {

namespace {

void fillIdentity(domain::CallRecord& r, const std::string& dialled,
                  const domain::TrackingNumber* n, const CallerIdentity& caller,
                  const secure::CallerCipher& cipher, const sip::Message& invite) {
  r.din_id = dialled;
  if (n) {
    r.operator_id = n->operator_id;
    r.client_id = n->advertiser_id;
    r.dialin_id = n->id;
    r.dialin_name = n->name;
  }
  r.clr_id_cipher = cipher.encrypt(caller.number);
  r.clr_id_index = cipher.blindIndex(caller.number);
  r.clr_id_masked = caller.number.empty() ? std::string() : log::maskNumber(caller.number);
  r.clr_type = caller.type;
  if (auto cid = invite.callId()) r.sip_call_id = std::string(*cid);
}

}  // namespace

void B2bua::Core::logStarted(Call& c) {
  auto& r = c.record;
  r.trn_id = c.info_.trn_id;
  r.state = domain::CallState::InProgress;
  fillIdentity(r, c.info_.dialled, &c.info_.number, c.caller, deps.cipher, c.invite);
  r.din_tms = c.facts.arrived.wall;
  r.last_activity = r.din_tms;
  if (deps.attribute)
    deps.attribute({c.info_.number.number, r.suffix, r.clr_id_index, r.din_tms}, r);
  deps.writer.submitStarted(r);
}

void B2bua::Core::logFinished(Call& c) {
  auto& r = c.record;
  auto outcome = calllog::decide(c.facts);
  calllog::apply(outcome, r);
  if (!r.fwd_id.empty()) r.fwd_type = deviceTypeOf(r.fwd_id);
  r.last_activity = c.facts.ended.wall;
  deps.writer.submitFinished(r);
}

void B2bua::Core::logRejected(const sip::Message& invite, const std::string& dialled,
                              const std::optional<NumberMatch>& match, calllog::CallFacts facts) {
  domain::CallRecord r;
  r.trn_id = newTrnId();
  CallerIdentity caller = callerIdentity(invite, CallerSource::PAssertedIdentity);
  fillIdentity(r, dialled, match ? &match->number : nullptr, caller, deps.cipher, invite);
  if (match) r.suffix = match->suffix;
  facts.ended = calllog::stampNow(deps.clock);
  calllog::apply(calllog::decide(facts), r);
  r.last_activity = facts.ended.wall;
  deps.writer.submitFinished(r);
}

}  // namespace hk::b2bua
