// The callee's leg: one forwarding attempt (INVITE through the outbound trunk, ring timeout,
// CANCEL, answer, failure) and the requests that end it.
#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "base/ids.hpp"
#include "sdp/parser.hpp"
#include "sip/response.hpp"
#include "sip/transport_resolver.hpp"

namespace hk::b2bua {

namespace {

AttemptResult::Kind kindOf(int code, bool timed_out) {
  if (timed_out || code == 408 || code == 480) return AttemptResult::Kind::NoAnswer;
  if (code == 486 || code == 600) return AttemptResult::Kind::Busy;
  return AttemptResult::Kind::Failed;
}

}  // namespace

void B2bua::Core::startAttempt(Call& c, const std::string& destination,
                               const ForwardOptions& options) {
  auto ring = options.ring_timeout;
  calllog::AttemptFacts f;
  f.destination = destination;
  f.started = calllog::stampNow(deps.clock);
  f.ended = f.started;
  c.facts.attempts.push_back(f);
  c.attempts_made++;
  Attempt a;
  a.destination = destination;
  a.fact = c.facts.attempts.size() - 1;
  a.options = options;
  std::string why;
  const Trunk* first = beginRoute(c, ring, why);  // trunk_route.cpp: the trunks that are up
  if (!first) {
    c.attempt = std::move(a);
    return attemptFailed(c, 0, why, true);
  }
  sendInvite(c, std::move(a), *first, ring, false);
}

void B2bua::Core::sendInvite(Call& c, Attempt a, const Trunk& t, std::chrono::seconds ring,
                             bool retry) {
  uint64_t id = c.id();
  std::string destination = a.destination;
  a.peer = routeTarget(c, t);  // trunk_route.cpp: the trunk's current DNS candidate
  // A host name without a port stays bare in the URIs (RFC 3263: NAPTR/SRV found the server).
  bool bare = !t.port_set && t.port == 5060 && !sip::Resolver::ipLiteral(t.host);
  std::string host = bare ? t.host : fmt::format("{}:{}", t.host, t.port);
  std::string param = a.peer.transport == sip::TransportKind::Tcp ? ";transport=tcp" : "";
  std::string from_user = c.caller.number.empty() ? "anonymous" : c.caller.number;
  // The forward's caller_id (ForwardOptions), else the trunk's setting.
  Presentation present = t.present;
  switch (a.options.presentation) {
    case ForwardOptions::Presentation::Trunk: break;
    case ForwardOptions::Presentation::Caller: present = Presentation::Caller; break;
    case ForwardOptions::Presentation::TrackingNumber: present = Presentation::Tracking; break;
    case ForwardOptions::Presentation::System: present = Presentation::System; break;
  }
  if (present == Presentation::Tracking) from_user = c.info_.number.number;
  // The system number: when asked, and on numbers whose type hides the caller from the
  // advertiser (0120/0800: SPEC §2), whatever the presentation.
  bool hide_caller = !domain::typeInfo(c.info_.number.type).shows_caller_number;
  if ((present == Presentation::System || hide_caller) && !t.system_number.empty()) {
    from_user = t.system_number;
  } else if (hide_caller && present == Presentation::Caller) {
    from_user = c.info_.number.number;  // no system number: the tracking number itself
  }
  a.dialog.call_id = randomHex(16) + "@hankyo";
  a.dialog.local = fmt::format("<sip:{}@{}>;tag={}", from_user, adv_ip, randomHex(8));
  a.dialog.remote = fmt::format("<sip:{}@{}>", destination, host);
  a.dialog.remote_target = fmt::format("sip:{}@{}{}", destination, host, param);
  auto invite = a.dialog.request("INVITE", {}, 1);  // the layer adds Via
  // One hop fewer than the caller's INVITE had, so that a loop through trunks ends (483).
  if (auto mf = c.invite.maxForwards(); mf && *mf <= 70) {
    invite.setHeader("Max-Forwards", std::to_string(*mf - 1));
  }
  invite.addHeader("Contact", contact(a.peer.transport));
  invite.addHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK");
  invite.addHeader("Supported", "100rel");
  if (c.caller.privacy_requested || c.caller.number.empty()) invite.addHeader("Privacy", "id");
  if (c.attempts_made > 1 || retry) {
    auto offer = c.oa->offerToNewCallee(c.local_b);
    if (offer) c.callee_offer = *offer;
  }
  invite.setBody(sdp::serialize(*c.callee_offer), "application/sdp");
  HK_LOG_INFO(lg, "call {}: attempt {} to {} through trunk {} (ring {}s)", c.info_.trn_id,
              c.attempts_made, destination, t.name, ring.count());
  by_call_id[a.dialog.call_id] = id;
  std::string call_id = a.dialog.call_id;
  Peer peer = a.peer;
  sip::ClientCallbacks cb;
  cb.on_response = [this, id, call_id, peer](const sip::Message& r) {
    Call* cc = find(id);
    if (cc && cc->attempt && cc->attempt->dialog.call_id == call_id) {
      trunkHeard(id);
      onAttemptResponse(*cc, r);
    } else if (r.status() >= 200 && r.status() < 300) {
      ackAndBye(r, peer);  // the attempt is over (a 2xx crossing our CANCEL)
    }
    publish();
  };
  cb.on_failure = [this, id, call_id](const hk::Error& e) {
    Call* cc = find(id);
    if (!cc || !cc->attempt || cc->attempt->dialog.call_id != call_id ||
        cc->attempt->state == Attempt::State::Connected) {
      return;
    }
    HK_LOG_DEBUG(lg, "call {}: attempt: {}", cc->info_.trn_id, e.message);
    if (tryNextTrunk(*cc, e.message)) return publish();  // trunk_route.cpp
    attemptFailed(*cc, 0, cc->attempt->timed_out ? "ring timeout" : "no response", false);
    publish();
  };
  c.phase = Call::Phase::Forwarding;
  c.attempt = std::move(a);
  c.attempt->txn = request(invite, peer, std::move(cb));
  if (!c.attempt) return;  // failed at once (reported later through on_failure)
  c.attempt->ring_timer = deps.loop.runAfter(ring, [this, id] {
    Call* cc = find(id);
    if (!cc || !cc->attempt) return;
    cc->attempt->ring_timer = 0;
    cancelAttempt(*cc, true);
  });
}
void B2bua::Core::onAttemptResponse(Call& c, const sip::Message& r) {
  Attempt& a = *c.attempt;
  int code = r.status();
  if (code < 200) {
    if (a.state == Attempt::State::Calling) a.state = Attempt::State::Proceeding;
    // Early dialogs (forks) and PRACKs; a reliable one seen before is discarded.
    if (code == 100 || !trackEarlyDialog(c, r) || a.state == Attempt::State::Cancelling) return;
    auto to_a = sip::makeResponse(c.invite, code == 183 ? 183 : 180, {}, c.a_tag);
    to_a.setHeader("Contact", contact(c.a_peer.transport));
    if (!r.body().empty() && takeCalleeAnswer(c, r.body(), false)) {
      c.early_media = true;
      to_a.setStatusLine(183, "Session Progress");
      to_a.setBody(c.a_answer_sdp, "application/sdp");
    }
    sendProvisionalToCaller(c, std::move(to_a));  // reliably when the caller supports 100rel
    return;
  }
  if (code < 300) {
    if (a.state == Attempt::State::Connected) return onLaterCallee2xx(c, r);  // resent, or a fork
    a.dialog.remote = std::string(r.header(sip::HeaderId::To).value_or(a.dialog.remote));
    a.dialog.remote_target = contactUri(r, a.dialog.remote_target);
    confirmDialog(c, r);
    a.dialog.established = true;
    c.dialogs++;
    n_dialogs++;
    a.ack = a.dialog.request("ACK", {}, r.cseq() ? r.cseq()->num : 1);  // 2 after a 401
    copyCredentials(a.txn, a.ack);
    auto& f = c.facts.attempts[a.fact];
    f.sip_code = code;
    f.answered = calllog::stampNow(deps.clock);
    f.ended = *f.answered;
    if (a.ring_timer) deps.loop.cancelTimer(a.ring_timer);
    a.ring_timer = 0;
    a.state = Attempt::State::Connected;
    // The relay learns the callee's address before the ACK leaves: a callee starts its RTP on
    // our ACK, and its first packets must not find leg B without an address (dropped).
    bool usable = takeCalleeAnswer(c, r.body(), true);
    sendAck(a.ack, a.peer);
    if (!usable) {
      HK_LOG_WARN(lg, "call {}: unusable answer from {}", c.info_.trn_id, a.destination);
      sendByeToCallee(c);
      c.facts.hung_up_first = domain::HupUsr::System;
      rejectCaller(c, 488);
      return;
    }
    calleeAnswered(c);  // callee_screen.cpp: whisper, accept key, then connectCaller
    return;
  }
  // The transaction layer ACKs a final error.
  std::string reason(r.reason());
  if (code == 503 && !a.timed_out && tryNextTrunk(c, "503 " + reason)) return;  // next trunk
  attemptFailed(c, a.timed_out && code == 487 ? 0 : code, a.timed_out ? "ring timeout" : reason,
                false);
}

void B2bua::Core::cancelAttempt(Call& c, bool ring_timeout) {
  Attempt& a = *c.attempt;
  // Answered while our 2xx to the caller waited for a PRACK, and the caller is gone: BYE.
  if (a.state == Attempt::State::Connected && !ring_timeout) return sendByeToCallee(c);
  if (a.state == Attempt::State::Connected || a.state == Attempt::State::Done) return;
  if (a.ring_timer) deps.loop.cancelTimer(a.ring_timer);
  a.ring_timer = 0;
  // CANCEL now if a provisional came, else as soon as one does (RFC 3261 §9.1).
  if (a.state != Attempt::State::Cancelling) (void)a.txn.cancel();
  a.state = Attempt::State::Cancelling;
  a.timed_out = a.timed_out || ring_timeout;
  if (ring_timeout) return;  // the 487 (or a crossing 200) decides
  // The caller is gone: the attempt ends now; its 487 is ACKed without the call.
  auto& f = c.facts.attempts[a.fact];
  f.ended = calllog::stampNow(deps.clock);
  by_call_id.erase(a.dialog.call_id);
  a.state = Attempt::State::Done;
  c.attempt.reset();
}

void B2bua::Core::attemptFailed(Call& c, int code, std::string reason, bool trunk_failed) {
  if (!c.attempt) return;
  Attempt& a = *c.attempt;
  auto& f = c.facts.attempts[a.fact];
  reason = finishRoute(c, std::move(reason));  // with the trunks that failed, if any
  f.sip_code = code;
  f.reason = reason;
  f.ended = calllog::stampNow(deps.clock);
  f.timed_out = a.timed_out;
  f.trunk_failed = trunk_failed || (code == 0 && !a.timed_out);
  if (a.ring_timer) deps.loop.cancelTimer(a.ring_timer);
  a.ring_timer = 0;
  by_call_id.erase(a.dialog.call_id);
  // Our credentials refused by the trunk (401/407) is no answer for the caller: 503.
  AttemptResult res{kindOf(code, a.timed_out), code == 401 || code == 407 ? 503 : code, reason};
  HK_LOG_INFO(lg, "call {}: attempt to {} failed: {} {}", c.info_.trn_id, a.destination, code,
              reason);
  c.attempt.reset();
  if (c.phase == Call::Phase::Ended) return;
  c.handler->onAttemptFailed(c, res);
}

void B2bua::Core::sendByeToCallee(Call& c) {
  if (!c.attempt) return;
  Attempt& a = *c.attempt;
  if (a.state != Attempt::State::Connected) return cancelAttempt(c, false);
  request(a.dialog.request("BYE", {}), a.peer);
}

void B2bua::Core::ackAndBye(const sip::Message& r, const Peer& to) {
  auto cid = r.callId();
  auto cs = r.cseq();
  auto tov = r.to();
  if (!cid || !cs || !tov) return;
  std::string target = contactUri(r, tov->uri.toString());
  auto build = [&](std::string_view method, uint32_t n) {
    auto m = sip::Message::request(method, target);
    m.addHeader("Max-Forwards", "70");
    m.addHeader("From", r.header(sip::HeaderId::From).value_or(""));
    m.addHeader("To", r.header(sip::HeaderId::To).value_or(""));
    m.addHeader("Call-ID", *cid);
    m.addHeader("CSeq", fmt::format("{} {}", n, method));
    return m;
  };
  sendAck(build("ACK", cs->num), to);
  request(build("BYE", cs->num + 1), to);
}

}  // namespace hk::b2bua
