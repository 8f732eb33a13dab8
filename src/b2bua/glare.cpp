// Re-INVITEs through the bridge and their glare (RFC 3261 §14.1): while one of ours is
// pending on either leg, a re-INVITE from either leg gets 491; ours answered 491 is sent
// again (with the offer of the moment) after the back-off: 2.1-4 s on the callee's leg,
// whose Call-ID we generated, 0-2 s on the caller's (units of T1/50: 10 ms at T1 = 500 ms).
#include <string>

#include "b2bua/detail/core.hpp"
#include "base/ids.hpp"
#include "sdp/parser.hpp"
#include "sip/reliable.hpp"

namespace hk::b2bua {

bool B2bua::Core::reinviteBusy(Call& c) {
  if (!c.reinvites.a.pending && !c.reinvites.b.pending) return false;
  glare_refused->inc();
  return true;
}

void B2bua::Core::sendReinvite(Call& c, bool caller_leg, const std::string& sdp) {
  if (c.phase != Call::Phase::Connected || (!caller_leg && !c.attempt)) return;
  ReinviteLeg& st = caller_leg ? c.reinvites.a : c.reinvites.b;
  if (st.retry_timer) deps.loop.cancelTimer(st.retry_timer);  // this offer supersedes it
  st.retry_timer = 0;
  Dialog& d = caller_leg ? c.a : c.attempt->dialog;
  Peer peer = caller_leg ? c.a_peer : c.attempt->peer;
  auto m = d.request("INVITE", {});
  m.addHeader("Contact", contact(peer.transport));
  m.setBody(sdp, "application/sdp");
  uint64_t id = c.id();
  auto answered = std::make_shared<bool>(false);
  auto done = [this, id, caller_leg] {
    Call* cc = find(id);
    if (cc) (caller_leg ? cc->reinvites.a : cc->reinvites.b).pending = false;
    return cc;
  };
  sip::ClientCallbacks cb;
  cb.on_response = [this, id, caller_leg, answered, done](const sip::Message& resp) {
    if (resp.status() < 200) return;
    Call* cc = done();
    if (!cc || cc->phase != Call::Phase::Connected) return;
    if (resp.status() == 491) {
      // Glare: the peer sent its own re-INVITE meanwhile (the layer ACKs the 491).
      ReinviteLeg& l = caller_leg ? cc->reinvites.a : cc->reinvites.b;
      if (*answered || l.retries >= ReinviteLeg::kMaxRetries) return;
      *answered = true;
      l.retries++;
      glare_retried->inc();
      auto random = static_cast<uint32_t>(std::stoul(randomHex(4), nullptr, 16));
      auto wait = sip::glareBackoff(!caller_leg, random, opts.timers.t1);
      HK_LOG_INFO(lg, "call {}: re-INVITE to the {} answered 491: again in {} ms", cc->info_.trn_id,
                  caller_leg ? "caller" : "callee", wait.count());
      l.retry_timer = deps.loop.runAfter(wait, [this, id, caller_leg] {
        Call* c2 = find(id);
        if (!c2 || !c2->oa || c2->phase != Call::Phase::Connected) return;
        (caller_leg ? c2->reinvites.a : c2->reinvites.b).retry_timer = 0;
        auto offer = c2->oa->localOffer(caller_leg ? sdp::Leg::A : sdp::Leg::B);
        sendReinvite(*c2, caller_leg, sdp::serialize(offer));
      });
      return;
    }
    if (resp.status() < 300) {
      (caller_leg ? cc->reinvites.a : cc->reinvites.b).retries = 0;
    }
    // Every 2xx (retransmissions too) gets its ACK; the answer is applied once.
    onReinviteResponse(*cc, caller_leg, resp, !*answered);
    *answered = true;
  };
  cb.on_failure = [done](const hk::Error&) { (void)done(); };
  st.pending = true;
  request(m, peer, std::move(cb));
}

}  // namespace hk::b2bua
