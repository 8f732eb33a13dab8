// A call's life on the caller's side: start, answer (bridge), reject, CANCEL, BYE,
// re-INVITE, the system hanging up, and the end (log, media, counters).
#include "b2bua/call.hpp"

#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "sdp/parser.hpp"
#include "sip/response.hpp"

namespace hk::b2bua {

void Call::forward(const std::string& destination, std::chrono::seconds ring_timeout) {
  if (phase == Phase::Ended || a_final_sent) return;
  core_.startAttempt(*this, destination, ring_timeout);
}

void Call::hangUp(int sip_code) {
  if (phase == Phase::Ended) return;
  if (!a_final_sent) return core_.rejectCaller(*this, sip_code);
  facts.hung_up_first = domain::HupUsr::System;
  facts.system_reason = calllog::SystemReason::FlowHangup;
  core_.sendByeToCaller(*this);
  core_.sendByeToCallee(*this);
  core_.endCall(*this);
}

void B2bua::Core::startCall(std::unique_ptr<Call> call) {
  Call& c = *call;
  uint64_t id = c.id();
  calls[id] = std::move(call);
  by_call_id[c.a.call_id] = id;
  lines[c.info_.number.id]++;
  calls_total->inc();
  auto trying = sip::makeResponse(c.invite, 100);
  send(trying, c.a_peer);
  c.a_last_response = trying;
  txBegin(c.a_tx, opts.max_call_length + std::chrono::seconds(64));
  HK_LOG_INFO(lg, "call {} from {} for {} ({})", c.info_.trn_id, c.info_.caller_masked,
              c.info_.dialled, c.info_.number.name);
  c.handler = deps.handlers ? deps.handlers(c.info_) : makeForwardHandler(c.info_);
  logStarted(c);
  c.max_length_timer = deps.loop.runAfter(
      opts.max_call_length, [this, id] { systemHangup(id, calllog::SystemReason::MaxLength); });
  if (auto st = openMedia(c); !st) {
    HK_LOG_INFO(lg, "call {}: unusable offer: {}", c.info_.trn_id, st.error().message);
    c.facts.rejected_before_flow = true;
    return rejectCaller(c, st.error().code == Code::Unavailable ? 503 : 488);
  }
  int max_lines = c.info_.number.max_lines;
  if (max_lines > 0 && lines[c.info_.number.id] > max_lines) {
    c.lines_full = true;
    return c.handler->onLinesFull(c);
  }
  c.handler->onStart(c);
}

void B2bua::Core::answerCaller(Call& c) {
  auto r = sip::makeResponse(c.invite, 200, {}, c.a_tag);
  for (auto rr : c.invite.headerValues(sip::HeaderId::RecordRoute)) r.addHeader("Record-Route", rr);
  r.setHeader("Contact", contact(c.a_peer.proto));
  r.setBody(c.a_answer_sdp, "application/sdp");
  send(r, c.a_peer);
  c.a_last_response = r;
  c.a_final_sent = true;
  c.phase = Call::Phase::Connected;
  c.a.established = true;
  c.dialogs++;
  n_dialogs++;
  auto now = calllog::stampNow(deps.clock);
  c.facts.answered_caller = now;
  c.facts.connected = now;
  uint64_t id = c.id();
  if (c.a_peer.proto == Proto::Udp) {
    c.a_interval = opts.timers.t1;
    c.a_retransmit = deps.loop.runAfter(c.a_interval, [this, id] { retransmit2xx(id); });
  }
  txBegin(c.a_tx, opts.timers.timerH(), [this, id] {
    Call* cc = find(id);
    if (cc && cc->a_retransmit) {
      deps.loop.cancelTimer(cc->a_retransmit);
      cc->a_retransmit = 0;
    }
  });
}

void B2bua::Core::retransmit2xx(uint64_t id) {
  Call* c = find(id);
  if (!c || !c->a_retransmit) return;
  send(c->a_last_response, c->a_peer);
  c->a_interval = std::min(c->a_interval * 2, opts.timers.t2);
  c->a_retransmit = deps.loop.runAfter(c->a_interval, [this, id] { retransmit2xx(id); });
}

void B2bua::Core::rejectCaller(Call& c, int code) {
  if (c.a_final_sent || c.phase == Call::Phase::Ended) return;
  if (code == 486 && c.lines_full) c.facts.lines_full_no_queue = true;
  auto r = sip::makeResponse(c.invite, code, {}, c.a_tag);
  send(r, c.a_peer);
  c.a_last_response = r;
  c.a_final_sent = true;
  finalSent(c.a_tx, r, c.a_peer);
  endCall(c);
}

void B2bua::Core::onCallerAck(Call& c, const sip::Message&) {
  if (c.a_retransmit) {
    deps.loop.cancelTimer(c.a_retransmit);
    c.a_retransmit = 0;
  }
  txEnd(c.a_tx);
}

void B2bua::Core::onCallerCancel(Call& c, const sip::Message& cancel, const Peer& from) {
  respond(cancel, from, 200, c.a_tag);
  if (c.a_final_sent) return;
  c.facts.hung_up_first = domain::HupUsr::Caller;
  if (c.attempt) cancelAttempt(c, false);
  rejectCaller(c, 487);
}

void B2bua::Core::onBye(Call& c, bool from_caller, const sip::Message& bye, const Peer& from) {
  respond(bye, from, 200);
  if (c.phase == Call::Phase::Ended) return;
  if (from_caller) {
    c.facts.hung_up_first = domain::HupUsr::Caller;
    if (!c.a_final_sent) {
      if (c.attempt) cancelAttempt(c, false);
      return rejectCaller(c, 487);
    }
    sendByeToCallee(c);
  } else {
    c.facts.hung_up_first = domain::HupUsr::Callee;
    sendByeToCaller(c);
  }
  endCall(c);
}

void B2bua::Core::onReinvite(Call& c, bool from_caller, const sip::Message& inv, const Peer& from) {
  std::string tag = from_caller ? c.a_tag : std::string();
  auto reply = [&](int code) { send(sip::makeResponse(inv, code, {}, tag), peerOf(inv, from)); };
  if (c.phase != Call::Phase::Connected || !c.oa || !c.attempt) return reply(491);
  auto offer = sdp::parse(inv.body());
  // No SDP (late offer) is not taken; neither is an offer without audio (a T.38 switch).
  if (inv.body().empty() || !offer || !sdp::findAudio(*offer)) return reply(488);
  auto re = c.oa->answerReoffer(from_caller ? sdp::Leg::A : sdp::Leg::B, *offer);
  if (!re) return reply(488);
  auto r = sip::makeResponse(inv, 200, {}, tag);
  r.setHeader("Contact", contact(from.proto));
  r.setBody(sdp::serialize(re->answer), "application/sdp");
  send(r, peerOf(inv, from));
  applyPlan(c, true);
  if (!re->offer_to_other) return;
  // Hold or resume: mirrored to the other leg as a new offer.
  Dialog& d = from_caller ? c.attempt->dialog : c.a;
  Peer peer = from_caller ? c.attempt->peer : c.a_peer;
  auto m = d.request("INVITE", via(peer.proto));
  m.addHeader("Contact", contact(peer.proto));
  m.setBody(sdp::serialize(*re->offer_to_other), "application/sdp");
  txBegin(fmt::format("{}|{}|INVITE", d.call_id, d.local_cseq), opts.timers.timerB());
  send(m, peer);  // (a lost re-INVITE is not retransmitted: the peer's media stays as it was)
}

void B2bua::Core::onReinviteResponse(Call& c, bool caller_leg, const sip::Message& r) {
  if (r.status() < 200 || !c.oa) return;
  Dialog& d = caller_leg ? c.a : c.attempt->dialog;
  Peer peer = caller_leg ? c.a_peer : c.attempt->peer;
  auto cs = r.cseq();
  send(d.request("ACK", via(peer.proto), cs->num), peer);
  txEnd(fmt::format("{}|{}|INVITE", d.call_id, cs->num));
  if (r.status() >= 300 || r.body().empty()) return;
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
  c->facts.hung_up_first = domain::HupUsr::System;
  c->facts.system_reason = why;
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
  auto m = c.a.request("BYE", via(c.a_peer.proto));
  sendRequest(fmt::format("{}|{}|BYE", c.a.call_id, c.a.local_cseq), m, c.a_peer);
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
  for (TimerId* t : {&c.max_length_timer, &c.a_retransmit}) {
    if (*t) deps.loop.cancelTimer(*t);
    *t = 0;
  }
  if (c.attempt) {
    if (c.attempt->ring_timer) deps.loop.cancelTimer(c.attempt->ring_timer);
    if (c.attempt->retransmit_timer) deps.loop.cancelTimer(c.attempt->retransmit_timer);
    by_call_id.erase(c.attempt->dialog.call_id);
  }
  c.facts.ended = calllog::stampNow(deps.clock);
  closeMedia(c);
  logFinished(c);
  if (--lines[c.info_.number.id] <= 0) lines.erase(c.info_.number.id);
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
