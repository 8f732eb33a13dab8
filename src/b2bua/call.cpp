// A call's life on the caller's side: start, answer (bridge), reject, CANCEL, BYE,
// re-INVITE, the system hanging up, and the end (log, media, counters).
#include "b2bua/call.hpp"

#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "b2bua/recording_policy.hpp"
#include "sdp/parser.hpp"
#include "sip/response.hpp"

namespace hk::b2bua {

void Call::forward(const std::string& destination, std::chrono::seconds ring_timeout) {
  ForwardOptions o;
  o.ring_timeout = ring_timeout;
  forward(destination, o);
}

void Call::forward(const std::string& destination, const ForwardOptions& options) {
  // After answer(Now) the caller waits in the call while a destination is tried.
  if (phase == Phase::Ended || (a_final_sent && !cm.answered_by_us)) return;
  if (attempt && attempt->state == Attempt::State::Connected) return;
  core_.startAttempt(*this, destination, options);
}

void Call::hangUp(int sip_code) {
  if (phase == Phase::Ended) return;
  if (!post_run) {  // post_call.cpp: the caller hung up first
    facts.hung_up_first = domain::HupUsr::System;
    facts.system_reason = calllog::SystemReason::FlowHangup;
  }
  // Before the answer too: the flow's reject is its hang-up (dial_stat from the table).
  if (!a_final_sent) return core_.rejectCaller(*this, sip_code);
  core_.sendByeToCaller(*this);
  core_.sendByeToCallee(*this);
  core_.endCall(*this);
}

void B2bua::Core::startCall(std::unique_ptr<Call> call) {
  Call& c = *call;
  uint64_t id = c.id();
  calls[id] = std::move(call);
  by_call_id[c.a.call_id] = id;
  takeLines(c);  // line_limits.cpp: per number and per advertiser
  calls_total->inc();
  respond(c.a_txn, 100);
  HK_LOG_INFO(lg, "call {} from {} for {} ({})", c.info_.trn_id, c.info_.caller_masked,
              c.info_.dialled, c.info_.number.name);
  c.info_.recording = recordingFor(c.info_.number, opts.recording);  // recording_policy.hpp
  if (c.info_.recording) c.info_.consent = consentFor(c.info_.number, opts.recording);
  // A blocked caller already has its handler (block_check.cpp).
  if (!c.handler) c.handler = deps.handlers ? deps.handlers(c.info_) : makeForwardHandler(c.info_);
  logStarted(c);
  c.max_length_timer = deps.loop.runAfter(
      opts.max_call_length, [this, id] { systemHangup(id, calllog::SystemReason::MaxLength); });
  if (auto st = openMedia(c); !st) {
    HK_LOG_INFO(lg, "call {}: unusable offer: {}", c.info_.trn_id, st.error().message);
    c.facts.rejected_before_flow = true;
    return rejectCaller(c, st.error().code == Code::Unavailable ? 503 : 488);
  }
  if (linesFull(c)) {
    c.lines_full = true;
    return c.handler->onLinesFull(c);
  }
  c.handler->onStart(c);
}

void B2bua::Core::answerCaller(Call& c) {
  auto r = sip::makeResponse(c.invite, 200, {}, c.a_tag);
  for (auto rr : c.invite.headerValues(sip::HeaderId::RecordRoute)) r.addHeader("Record-Route", rr);
  r.setHeader("Contact", contact(c.a_peer.transport));
  r.setHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK");  // RFC 3261 §13.3.1.4
  r.setHeader("Supported", "100rel");
  r.setBody(c.a_answer_sdp, "application/sdp");
  (void)c.a_txn.respond(r);
  c.a_ok = r;
  c.a_final_sent = true;
  c.phase = Call::Phase::Connected;
  c.a.established = true;
  c.dialogs++;
  n_dialogs++;
  auto now = calllog::stampNow(deps.clock);
  c.facts.answered_caller = now;
  // Answered by Hankyo itself (answer.cpp): connected only when a destination answers.
  if (c.attempt && c.attempt->state == Attempt::State::Connected) c.facts.connected = now;
  if (c.a_peer.transport == sip::TransportKind::Udp && endpoint) {
    // Our 2xx until the ACK (RFC 3261 §13.3.1.4); a missing ACK only stops the resending.
    uint64_t id = c.id();
    c.a_retx = std::make_unique<sip::Retransmitter>(
        deps.loop, opts.timers,
        [this, id] {
          Call* cc = find(id);
          if (cc && endpoint) endpoint->transactions().sendResponse(cc->a_ok, cc->a_source);
        },
        [this] { publish(); });
    c.a_retx->start();
  }
}

void B2bua::Core::rejectCaller(Call& c, int code) {
  if (c.a_final_sent || c.phase == Call::Phase::Ended) return;
  if (code == 486 && c.lines_full) c.facts.lines_full_no_queue = true;
  // The transaction layer resends it until the ACK (timer G/H).
  (void)c.a_txn.respond(sip::makeResponse(c.invite, code, {}, c.a_tag));
  c.a_final_sent = true;
  endCall(c);
}

void B2bua::Core::onCallerAck(Call& c) {
  if (c.a_retx) c.a_retx->stop();
}

void B2bua::Core::onCallerCancel(Call& c) {
  // The transaction layer has answered the CANCEL with 200 and the INVITE with 487.
  if (c.a_final_sent) return;
  c.facts.hung_up_first = domain::HupUsr::Caller;
  if (c.attempt) cancelAttempt(c, false);
  c.a_final_sent = true;
  endCall(c);
}

void B2bua::Core::onBye(Call& c, bool from_caller, sip::ServerTransaction& txn) {
  respond(txn, 200);
  if (c.phase == Call::Phase::Ended) return;
  if (from_caller) {
    c.facts.hung_up_first = domain::HupUsr::Caller;
    if (!c.a_final_sent) {
      if (c.attempt) cancelAttempt(c, false);
      return rejectCaller(c, 487);
    }
    if (startPostCall(c)) return;  // post_call.cpp: the callee stays for the judgement
    sendByeToCallee(c);
  } else {
    if (screening(c)) return calleeHungUpInScreen(c);  // callee_screen.cpp: the next target
    if (!c.post_run) c.facts.hung_up_first = domain::HupUsr::Callee;
    sendByeToCaller(c);
  }
  endCall(c);
}

void B2bua::Core::onReinvite(Call& c, bool from_caller, sip::ServerTransaction& txn,
                             const sip::Message& inv) {
  std::string tag = from_caller ? c.a_tag : std::string();
  auto reply = [&](int code) { (void)txn.respond(sip::makeResponse(inv, code, {}, tag)); };
  if (c.phase != Call::Phase::Connected || !c.oa || !c.attempt || reinviteBusy(c)) {
    return reply(491);  // glare: one of ours is pending (RFC 3261 §14.1)
  }
  auto offer = sdp::parse(inv.body());
  // No SDP (late offer) is not taken; neither is an offer without audio (a T.38 switch).
  if (inv.body().empty() || !offer || !sdp::findAudio(*offer)) return reply(488);
  auto re = c.oa->answerReoffer(from_caller ? sdp::Leg::A : sdp::Leg::B, *offer);
  if (!re) return reply(488);
  auto r = sip::makeResponse(inv, 200, {}, tag);
  auto src = txn.source();
  r.setHeader("Contact", contact(src ? src->transport : c.a_peer.transport));
  r.setBody(sdp::serialize(re->answer), "application/sdp");
  (void)txn.respond(r);
  applyPlan(c, true);
  if (!re->offer_to_other) return;
  // Hold or resume: mirrored to the other leg as a new offer (glare.cpp: 491 and retry).
  sendReinvite(c, !from_caller, sdp::serialize(*re->offer_to_other));
}

void B2bua::Core::onReinviteResponse(Call& c, bool caller_leg, const sip::Message& r, bool apply) {
  if (r.status() < 200 || !c.oa || (!caller_leg && !c.attempt)) return;
  if (r.status() >= 300) return;  // the transaction layer ACKs a final error
  Dialog& d = caller_leg ? c.a : c.attempt->dialog;
  Peer peer = caller_leg ? c.a_peer : c.attempt->peer;
  auto cs = r.cseq();
  if (!cs) return;
  sendAck(d.request("ACK", {}, cs->num), peer);
  if (!apply || r.body().empty()) return;
  auto answer = sdp::parse(r.body());
  if (!answer) return;
  if (auto st = c.oa->applyAnswer(caller_leg ? sdp::Leg::A : sdp::Leg::B, *answer); !st) {
    HK_LOG_WARN(lg, "call {}: re-INVITE answer: {}", c.info_.trn_id, st.error().message);
    return;
  }
  applyPlan(c, true);
}

void B2bua::Core::systemHangup(uint64_t id, calllog::SystemReason why) {
  Call* c = find(id);
  if (!c || c->phase == Call::Phase::Ended) return;
  HK_LOG_INFO(lg, "call {} ended by the system: {}", c->info_.trn_id, calllog::name(why));
  if (!c->post_run) {  // post_call.cpp: the caller hung up first
    c->facts.hung_up_first = domain::HupUsr::System;
    c->facts.system_reason = why;
  }
  if (!c->a_final_sent) {
    if (c->attempt) cancelAttempt(*c, false);
    return rejectCaller(*c, 503);
  }
  sendByeToCaller(*c);
  sendByeToCallee(*c);
  endCall(*c);
}

void B2bua::Core::sendByeToCaller(Call& c) {
  if (!c.a.established) return;
  request(c.a.request("BYE", {}), c.a_peer);
}

void B2bua::Core::tombstone(const std::string& call_id) {
  auto it = tombstones.find(call_id);
  if (it != tombstones.end()) deps.loop.cancelTimer(it->second);
  tombstones[call_id] =
      deps.loop.runAfter(opts.timers.timerF(), [this, call_id] { tombstones.erase(call_id); });
}

void B2bua::Core::endCall(Call& c) {
  if (c.phase == Call::Phase::Ended) return;
  c.phase = Call::Phase::Ended;
  endExtensions(c);
  if (c.max_length_timer) deps.loop.cancelTimer(c.max_length_timer);
  c.max_length_timer = 0;
  c.a_retx.reset();
  if (c.attempt) {
    if (c.attempt->ring_timer) deps.loop.cancelTimer(c.attempt->ring_timer);
    c.attempt->ring_timer = 0;
    by_call_id.erase(c.attempt->dialog.call_id);
  }
  c.facts.ended = calllog::stampNow(deps.clock);
  endScreen(c);  // callee_screen.cpp: a whisper or accept key still running
  endMedia(c);   // media_control.cpp: plays end, recordings closed into the record
  closeMedia(c);
  logFinished(c);
  releaseLines(c);
  routes.erase(c.id());  // trunk_route.cpp
  by_call_id.erase(c.a.call_id);
  tombstone(c.a.call_id);
  if (c.attempt) tombstone(c.attempt->dialog.call_id);
  n_dialogs -= c.dialogs;
  c.dialogs = 0;
  if (c.handler) c.handler->onEnded(c);
  auto it = calls.find(c.id());
  if (it != calls.end()) {
    dead.push_back(std::move(it->second));
    calls.erase(it);
    deps.loop.post([this] { dead.clear(); });
  }
  publish();
}

}  // namespace hk::b2bua
