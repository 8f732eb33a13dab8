// The callee's side of an attempt before the answer: each To tag of a provisional response
// is an early dialog of its own (the outbound trunk may fork the INVITE), with its remote
// target, route set, CSeq space and PRACK state (RFC 3262 §4). The first 2xx confirms its
// dialog and ends the others; a 2xx from another tag is ACKed and then BYEd.
#include <algorithm>

#include "b2bua/detail/core.hpp"
#include "sip/reliable.hpp"

namespace hk::b2bua {

namespace {

std::string toTag(const sip::Message& r) {
  auto to = r.to();
  return to ? std::string(to->tag()) : std::string();
}

EarlyDialog* findEarly(CalleeDialogs& f, const std::string& tag) {
  auto it = std::find_if(f.early.begin(), f.early.end(),
                         [&](const EarlyDialog& e) { return e.tag == tag; });
  return it == f.early.end() ? nullptr : &*it;
}

}  // namespace

bool B2bua::Core::trackEarlyDialog(Call& c, const sip::Message& r) {
  Attempt& a = *c.attempt;
  std::string tag = toTag(r);
  if (tag.empty()) return true;  // no dialog (and nothing to PRACK): relayed as it is
  EarlyDialog* e = findEarly(a.forks, tag);
  if (!e) {
    if (a.forks.early.size() >= CalleeDialogs::kMaxEarly) return true;
    EarlyDialog made;
    made.tag = tag;
    made.dialog = a.dialog;  // Call-ID, our From with its tag, the INVITE's CSeq
    made.dialog.remote = std::string(r.header(sip::HeaderId::To).value_or(a.dialog.remote));
    made.dialog.remote_target = contactUri(r, a.dialog.remote_target);
    made.dialog.route_set = uacRouteSet(r);
    a.forks.early.push_back(std::move(made));
    e = &a.forks.early.back();
    if (a.forks.early.size() > 1) {
      HK_LOG_INFO(lg, "call {}: the attempt to {} forked ({} early dialogs)", c.info_.trn_id,
                  a.destination, a.forks.early.size());
    }
  }
  auto rseq = sip::reliableRSeq(r);
  if (!rseq) return true;
  // Retransmissions of a PRACKed one and out-of-order ones are discarded (RFC 3262 §4).
  if (e->prack.onReliable(*rseq) != sip::PrackTracker::Verdict::New) return false;
  auto cs = r.cseq();
  if (!cs) return true;
  auto prack = e->dialog.request("PRACK", {});
  prack.addHeader("RAck", sip::rackValue(*rseq, *cs));
  pracks_sent->inc();
  uint64_t id = c.id();
  sip::ClientCallbacks cb;
  cb.on_failure = [this, id](const hk::Error& err) {
    if (Call* cc = find(id)) HK_LOG_DEBUG(lg, "call {}: PRACK: {}", cc->info_.trn_id, err.message);
  };
  request(prack, a.peer, std::move(cb));
  return true;
}

void B2bua::Core::confirmDialog(Call& c, const sip::Message& ok) {
  Attempt& a = *c.attempt;
  std::string tag = toTag(ok);
  a.dialog.route_set = uacRouteSet(ok);  // recomputed from the 2xx (RFC 3261 §12.1.2)
  // Requests sent in its early dialog (PRACKs) used CSeq numbers the confirmed one goes on from.
  if (EarlyDialog* e = findEarly(a.forks, tag)) {
    a.dialog.local_cseq = std::max(a.dialog.local_cseq, e->dialog.local_cseq);
  }
  if (a.forks.early.size() > 1) {
    HK_LOG_INFO(lg, "call {}: answered by early dialog {}; {} other(s) end with the INVITE",
                c.info_.trn_id, tag, a.forks.early.size() - 1);
  }
  a.forks.early.clear();
  a.forks.confirmed_tag = tag;
}

void B2bua::Core::onLaterCallee2xx(Call& c, const sip::Message& ok) {
  Attempt& a = *c.attempt;
  if (toTag(ok) == a.forks.confirmed_tag) return sendAck(a.ack, a.peer);  // a retransmission
  // Another fork answered too: that dialog is not wanted (RFC 3261 §13.2.2.4).
  HK_LOG_INFO(lg, "call {}: a second 2xx (another fork) is ACKed and hung up", c.info_.trn_id);
  ackAndBye(ok, a.peer);
}

}  // namespace hk::b2bua
