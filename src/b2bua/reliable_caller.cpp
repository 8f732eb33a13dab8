// 100rel on the caller's leg (RFC 3262 §3): when the caller's INVITE supports it, our 180
// and 183 go out reliably (Require: 100rel, RSeq), one at a time, resent from T1 doubling
// until the PRACK; no PRACK within 64*T1 rejects the call with 500. Our 2xx waits until
// every reliable provisional is acknowledged.
#include <string>

#include "b2bua/detail/core.hpp"
#include "base/ids.hpp"
#include "sip/reliable.hpp"
#include "sip/response.hpp"

namespace hk::b2bua {

namespace {

uint32_t randomU32() { return static_cast<uint32_t>(std::stoul(randomHex(4), nullptr, 16)); }

void stopTimers(EventLoop& loop, CallerReliable& r) {
  if (r.resend_timer) loop.cancelTimer(r.resend_timer);
  if (r.give_up_timer) loop.cancelTimer(r.give_up_timer);
  r.resend_timer = 0;
  r.give_up_timer = 0;
  r.sent = 0;
}

void resend(B2bua::Core& core, uint64_t id) {
  Call* c = core.find(id);
  if (!c || c->a_final_sent || !c->a_rel.queue || !c->a_rel.queue->inFlight()) return;
  auto& rel = c->a_rel;
  rel.resend_timer = 0;
  (void)c->a_txn.respond(*rel.queue->inFlight());
  rel.sent++;
  core.rel_resent->inc();
  rel.resend_timer =
      core.deps.loop.runAfter(sip::reliableResendInterval(core.opts.timers.t1, rel.sent),
                              [&core, id] { resend(core, id); });
}

void giveUp(B2bua::Core& core, uint64_t id) {
  Call* c = core.find(id);
  if (!c || c->phase == Call::Phase::Ended || c->a_final_sent) return;
  c->a_rel.give_up_timer = 0;
  core.prack_timeouts->inc();
  HK_LOG_INFO(core.lg, "call {}: no PRACK from the caller within 64*T1: 500", c->info_.trn_id);
  c->facts.hung_up_first = domain::HupUsr::System;
  if (c->attempt) core.cancelAttempt(*c, false);  // a callee that answered meanwhile: BYE
  core.rejectCaller(*c, 500);
  core.publish();
}

// The unacknowledged provisional goes out for the first time: resent from T1 doubling, given
// up after 64*T1 (RFC 3262 §3).
void sendInFlight(B2bua::Core& core, Call& c) {
  auto& rel = c.a_rel;
  stopTimers(core.deps.loop, rel);
  const sip::Message* m = rel.queue ? rel.queue->inFlight() : nullptr;
  if (!m) return;
  (void)c.a_txn.respond(*m);
  rel.sent = 1;
  core.rel_sent->inc();
  uint64_t id = c.id();
  auto t1 = core.opts.timers.t1;
  rel.resend_timer = core.deps.loop.runAfter(sip::reliableResendInterval(t1, 1),
                                             [&core, id] { resend(core, id); });
  rel.give_up_timer =
      core.deps.loop.runAfter(sip::reliableGiveUp(t1), [&core, id] { giveUp(core, id); });
}

}  // namespace

void B2bua::Core::initCallerReliable(Call& c) { c.a_rel.queue.emplace(randomU32()); }

void B2bua::Core::sendProvisionalToCaller(Call& c, sip::Message r) {
  // A destination's 18x: ringback for a caller Hankyo answered itself (media_control.cpp).
  if (c.attempt && r.status() > 100) calleeProgress(c, !r.body().empty());
  if (c.a_final_sent || c.phase == Call::Phase::Ended) return;
  if (!c.a_rel.queue) {
    (void)c.a_txn.respond(r);
    return;
  }
  // Waiting ones go out when the PRACK of the one before arrives.
  if (c.a_rel.queue->push(std::move(r)) == sip::ReliableProvisionals::Push::SendNow) {
    sendInFlight(*this, c);
  }
}

// ---- PRACK

void B2bua::Core::onPrack(Call* c, sip::ServerTransaction& txn, const sip::Message& prack) {
  auto cid = prack.callId();
  auto rack = prack.rack();
  // A PRACK that matches no unacknowledged reliable provisional gets 481 (RFC 3262 §3).
  if (!c || !cid || *cid != c->a.call_id || !c->a_rel.queue || !rack || c->a_final_sent) {
    return respond(txn, 481);
  }
  auto cs = c->invite.cseq();
  if (!cs || !c->a_rel.queue->acknowledge(*rack, cs->num)) return respond(txn, 481);
  respond(txn, 200);
  auto& rel = c->a_rel;
  stopTimers(deps.loop, rel);
  if (rel.queue->inFlight()) return sendInFlight(*this, *c);  // the next one waited
  if (rel.answer_waiting) {
    rel.answer_waiting = false;
    connectCaller(*c);
  }
}

// ---- the answer and the end

void B2bua::Core::connectCaller(Call& c) {
  if (c.phase == Call::Phase::Ended || !c.attempt) return;
  if (c.a_final_sent) {  // Hankyo answered the caller itself (answer.cpp): the callee joins
    if (!c.cm.answered_by_us || c.facts.connected) return;
    c.facts.connected = calllog::stampNow(deps.clock);
    c.phase = Call::Phase::Connected;
    calleeConnected(c);
    HK_LOG_INFO(lg, "call {}: connected to {}", c.info_.trn_id, c.attempt->destination);
    startConversation(c);  // callee_screen.cpp: the consent, then onConnected
    return;
  }
  if (c.a_rel.queue && !c.a_rel.queue->idle()) {
    c.a_rel.answer_waiting = true;  // RFC 3262 §3: no 2xx before the PRACKs
    return;
  }
  answerCaller(c);
  calleeConnected(c);
  HK_LOG_INFO(lg, "call {}: connected to {}", c.info_.trn_id, c.attempt->destination);
  startConversation(c);
}

void B2bua::Core::endExtensions(Call& c) {
  stopTimers(deps.loop, c.a_rel);
  if (c.a_rel.queue) c.a_rel.queue->clear();
  c.a_rel.answer_waiting = false;
  for (ReinviteLeg* l : {&c.reinvites.a, &c.reinvites.b}) {
    if (l->retry_timer) deps.loop.cancelTimer(l->retry_timer);
    l->retry_timer = 0;
  }
  // The callee hung up while our 2xx to the caller waited for a PRACK: the caller's INVITE
  // still gets a final answer.
  if (!c.a_final_sent) {
    (void)c.a_txn.respond(sip::makeResponse(c.invite, 480, {}, c.a_tag));
    c.a_final_sent = true;
  }
}

}  // namespace hk::b2bua
