// Digest authentication toward outbound trunks (RFC 3261 §22): a request to a trunk that
// has credentials and is answered 401/407 is sent again once with them (a second answer
// when the server says stale=true): same Call-ID, From tag and To, the next CSeq of its
// dialog, a new branch (the transaction layer ACKs the 401 of an INVITE). The caller of
// Core::request() never sees the challenge, only the final answer; a challenge that cannot
// be answered (no credentials, the same nonce again: a wrong password) reaches it as it is.
#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "sip/digest.hpp"

namespace hk::b2bua {

namespace {

constexpr int kMaxAuthRounds = 2;

}  // namespace

struct B2bua::Core::AuthChain {
  sip::Message request;  // the last one sent, as built (no Via)
  Peer to;
  sip::ClientCallbacks user;
  sip::DigestClient digest;
  std::string trunk;
  int rounds = 0;
};

sip::ClientCallbacks B2bua::Core::withAuthRetry(const sip::Message& m, const Peer& to,
                                                sip::ClientCallbacks cb) {
  if (!trunk_monitor) return cb;
  const Trunk* t = trunk_monitor->trunkFor(to);
  if (!t || t->username.empty()) return cb;
  auto chain = std::make_shared<AuthChain>();
  chain->request = m;
  chain->to = to;
  chain->user = std::move(cb);
  chain->digest = sip::DigestClient(sip::DigestCredentials{t->username, t->password});
  chain->trunk = t->name;
  return authCallbacks(chain);
}

sip::ClientCallbacks B2bua::Core::authCallbacks(std::shared_ptr<AuthChain> chain) {
  sip::ClientCallbacks cb;
  cb.on_response = [this, chain](const sip::Message& r) {
    if ((r.status() == 401 || r.status() == 407) && retryWithAuth(chain, r)) return;
    if (chain->user.on_response) chain->user.on_response(r);
  };
  cb.on_failure = [chain](const hk::Error& e) {
    if (chain->user.on_failure) chain->user.on_failure(e);
  };
  return cb;
}

bool B2bua::Core::retryWithAuth(const std::shared_ptr<AuthChain>& chain, const sip::Message& r) {
  if (stopping || !endpoint || chain->rounds >= kMaxAuthRounds) return false;
  sip::Message next = chain->request;
  auto cid = next.callId();
  auto cs = next.cseq();
  if (!cid || !cs) return false;
  std::string method(next.method());
  if (auto st = chain->digest.onChallenge(r); !st) {
    HK_LOG_WARN(lg, "{} to trunk {}: {} {} not answered: {}", method, chain->trunk, r.status(),
                r.reason(), st.error().message);
    return false;
  }
  // The dialog the request belongs to, if it is still there: its CSeq moves on too.
  Call* c = findByCallId(*cid);
  Dialog* d = nullptr;
  bool attempt_invite = false;
  if (c && c->attempt && c->attempt->dialog.call_id == *cid) {
    d = &c->attempt->dialog;
    attempt_invite = method == "INVITE" && !d->established;
    // An attempt being cancelled (the caller left, the ring timeout) is not resent.
    if (attempt_invite && c->attempt->state != Attempt::State::Calling &&
        c->attempt->state != Attempt::State::Proceeding) {
      return false;
    }
  } else if (c && c->a.call_id == *cid) {
    d = &c->a;
  }
  uint32_t n = cs->num + 1;
  if (d) {
    n = std::max(n, d->local_cseq + 1);
    d->local_cseq = n;
  }
  next.setHeader("CSeq", fmt::format("{} {}", n, method));
  chain->digest.authorize(next);
  chain->request = next;
  chain->rounds++;
  HK_LOG_DEBUG(lg, "{} to trunk {}: answering {} with credentials", method, chain->trunk,
               r.status());
  auto txn = sendTracked(next, chain->to, authCallbacks(chain));
  if (attempt_invite && c->attempt) c->attempt->txn = txn;
  return true;
}

void B2bua::Core::copyCredentials(const sip::ClientTransaction& from, sip::Message& to) {
  const sip::Message* req = from.request();
  if (!req) return;
  for (const char* h : {"Authorization", "Proxy-Authorization"}) {
    if (auto v = req->header(h)) to.setHeader(h, *v);
  }
}

}  // namespace hk::b2bua
