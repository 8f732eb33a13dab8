// The admission pipeline of an inbound INVITE: trunk ACL -> overload -> number lookup ->
// block lists -> lines -> the handler.
#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "base/ids.hpp"
#include "sip/reliable.hpp"
#include "sip/response.hpp"

namespace hk::b2bua {

void B2bua::Core::onInvite(sip::ServerTransaction& txn, const sip::Message& invite,
                           const sip::Source& from) {
  auto cid = invite.callId();
  auto cs = invite.cseq();
  if (!cid || !cs) return respond(txn, 400);
  const Trunk* trunk = deps.trunks.inboundFor(from.address);
  if (!trunk) {
    forbidden->inc();
    HK_LOG_INFO(lg, "INVITE from {}:{} refused: no inbound trunk has this address", from.address,
                from.port);
    (void)txn.respond(sip::makeResponse(invite, 403, {}, randomHex(8)));
    return;
  }
  if (invite.to() && !invite.to()->tag().empty()) return respond(txn, 481);
  // A loop between trunks, or a chain too long (RFC 3261 §16.3): never forwarded.
  if (auto mf = invite.maxForwards(); mf && *mf == 0) {
    (void)txn.respond(sip::makeResponse(invite, 483, "Too Many Hops", randomHex(8)));
    return;
  }
  // 100rel is the one extension supported (reliable_caller.cpp); any other required one
  // gets 420 (RFC 3261 §8.2.2.3) naming it.
  if (auto unsupported = sip::unsupportedOptions(invite, {sip::k100rel}); !unsupported.empty()) {
    std::string tags;
    for (const auto& t : unsupported) tags += (tags.empty() ? "" : ", ") + t;
    auto r = sip::makeResponse(invite, 420, {}, randomHex(8));
    r.setHeader("Unsupported", tags);
    (void)txn.respond(r);
    return;
  }

  calllog::CallFacts facts;
  facts.arrived = calllog::stampNow(deps.clock);
  facts.ended = facts.arrived;
  auto dialled = dialledNumber(invite, trunk->number_from_to);
  std::optional<NumberMatch> match;
  if (dialled && directory) match = directory->find(*dialled);
  std::string din = dialled ? *dialled : std::string();

  // Overload: concurrent calls, then calls in the last second.
  auto now = deps.clock.mono();
  std::erase_if(recent, [&](MonoTime t) { return now - t >= std::chrono::seconds(1); });
  if (calls.size() >= opts.max_calls || recent.size() >= opts.max_cps) {
    overload->inc();
    auto r = sip::makeResponse(invite, 503, {}, randomHex(8));
    r.setHeader("Retry-After", std::to_string(opts.retry_after_sec));
    (void)txn.respond(r);
    facts.overload_503 = true;
    facts.number_known = match.has_value();
    return logRejected(invite, din, match, std::move(facts));
  }
  recent.push_back(now);

  if (!match) {
    HK_LOG_INFO(lg, "INVITE for unknown number {} from trunk {}", log::maskNumber(din),
                trunk->name);
    (void)txn.respond(sip::makeResponse(invite, 404, {}, randomHex(8)));
    facts.number_known = false;
    return logRejected(invite, din, match, std::move(facts));
  }

  auto call = std::make_unique<Call>(*this, next_call_id++);
  Call& c = *call;
  c.invite = invite;
  c.a_txn = txn;
  c.a_source = from;
  c.a_peer = Peer{from.transport, from.address, from.port, {}};
  c.a.call_id = std::string(*cid);
  std::string tag = randomHex(8);
  c.a.local = fmt::format("{};tag={}", invite.header(sip::HeaderId::To).value_or(""), tag);
  c.a.remote = std::string(invite.header(sip::HeaderId::From).value_or(""));
  c.a.remote_target = contactUri(invite, "sip:" + from.address);
  c.a.local_cseq = 0;
  c.a_tag = tag;
  c.info_.trn_id = newTrnId();
  c.info_.dialled = din;
  c.info_.number = match->number;
  c.caller = callerIdentity(invite, trunk->caller_from);
  c.info_.caller_masked = log::maskNumber(c.caller.number);
  c.facts = std::move(facts);
  c.record.suffix = match->suffix;
  blockIfListed(c);  // block_check.cpp: a caller on a block list gets the intercept
  if (sip::supports100rel(invite)) initCallerReliable(c);
  startCall(std::move(call));
}

}  // namespace hk::b2bua
