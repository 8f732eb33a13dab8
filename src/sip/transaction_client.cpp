// Client transactions (RFC 3261 §17.1, RFC 6026 §7.2): INVITE (timers A, B, D, M; ACK of
// non-2xx final responses; CANCEL per §9.1) and non-INVITE (timers E, F, K).
#include <algorithm>

#include "sip/detail/transaction_core.hpp"

namespace hk::sip {
namespace {

// Via (the top one), Route, Max-Forwards, From, Call-ID of `request`, the given To and
// "CSeq: <num> <method>": the shape shared by ACK (§17.1.1.3) and CANCEL (§9.1).
Message sameTransactionRequest(const Message& request, std::string_view method,
                               std::string_view to) {
  Message m = Message::request(method, request.requestUriText());
  std::vector<std::string_view> vias = request.headerValues(HeaderId::Via);
  if (!vias.empty()) m.addHeader("Via", vias.front());
  for (const Header& h : request.headers()) {
    if (h.id == HeaderId::Route) m.addHeader("Route", h.value);
  }
  m.addHeader("Max-Forwards", "70");
  if (auto from = request.header(HeaderId::From)) m.addHeader("From", *from);
  m.addHeader("To", to);
  if (auto call_id = request.header(HeaderId::CallId)) m.addHeader("Call-ID", *call_id);
  auto cseq = request.cseq();
  m.addHeader("CSeq", std::to_string(cseq ? cseq->num : 0) + " " + std::string(method));
  return m;
}

}  // namespace

hk::Result<ClientTransaction> TxnCore::startClient(Message request, const Target& target,
                                                   ClientCallbacks cb, bool push_via) {
  if (!request.isRequest()) return hk::Error::invalid("not a request");
  auto cseq = request.cseq();
  if (!cseq) return hk::Error::invalid("request without a valid CSeq", "CSeq");
  if (cseq->method != request.method()) {
    return hk::Error::invalid("CSeq method does not match the request method", "CSeq");
  }
  std::string branch;
  if (push_via) {
    branch = newBranch();
    auto via = viaFor(target, branch);
    if (!via) return via.error();
    request.pushVia(*via);
    if (!request.header(HeaderId::MaxForwards)) request.addHeader("Max-Forwards", "70");
  } else {
    auto top = request.topVia();
    if (!top || top->branch.empty()) return hk::Error::invalid("request without a branch", "Via");
    branch = std::string(top->branch);
  }
  std::string key = branch + "|" + std::string(request.method());
  if (client_index.count(key)) return hk::Error::conflict("branch already in use: " + branch);

  auto owned = std::make_unique<ClientTxn>();
  ClientTxn& t = *owned;
  t.id = next_id++;
  t.invite = request.method() == "INVITE";
  t.reliable = isReliable(target.transport);
  t.request = std::move(request);
  t.bytes = t.request.toString();
  t.target = target;
  t.key = key;
  t.branch = std::move(branch);
  t.cb = std::move(cb);
  uint64_t id = t.id;
  clients.emplace(id, std::move(owned));
  client_index.emplace(std::move(key), id);
  updateGauge();

  std::weak_ptr<TxnCore> weak = weak_from_this();
  transport.sendBytes(t.bytes, t.target, [weak, id](const hk::Error& e) {
    if (auto core = weak.lock()) core->clientFailure(id, e);
  });
  if (!t.reliable) {
    t.interval = timers.t1;
    t.retx_timer = after(t.interval, [id](TxnCore& c) { c.clientRetransmit(id); });
  }
  t.timeout_timer = after(t.invite ? timers.timerB() : timers.timerF(),
                          [id](TxnCore& c) { c.clientTimeout(id); });
  return clientHandle(id);
}

void TxnCore::clientRetransmit(uint64_t id) {
  auto it = clients.find(id);
  if (it == clients.end()) return;
  ClientTxn& t = *it->second;
  t.retx_timer = 0;
  bool active = t.invite ? t.state == TxnState::Calling
                         : (t.state == TxnState::Calling || t.state == TxnState::Proceeding);
  if (!active) return;
  ++stats.retransmissions;
  transport.sendBytes(t.bytes, t.target);
  if (t.invite) {
    t.interval *= 2;  // timer A: no cap, timer B ends it
  } else {
    t.interval = t.state == TxnState::Proceeding ? timers.t2 : std::min(t.interval * 2, timers.t2);
  }
  t.retx_timer = after(t.interval, [id](TxnCore& c) { c.clientRetransmit(id); });
}

void TxnCore::clientTimeout(uint64_t id) {
  auto it = clients.find(id);
  if (it == clients.end()) return;
  ClientTxn& t = *it->second;
  t.timeout_timer = 0;
  if (t.state != TxnState::Calling && t.state != TxnState::Proceeding) {
    endClient(id);  // timer D, K or M: a normal end
    return;
  }
  ++stats.timeouts;
  t.state = TxnState::Terminated;
  const char* which = t.invite ? "timer B" : "timer F";
  auto on_failure = std::move(t.cb.on_failure);
  endClient(id);
  if (on_failure) on_failure(hk::Error{hk::Code::Timeout, which, {}, {}});
}

void TxnCore::clientFailure(uint64_t id, const hk::Error& error) {
  auto it = clients.find(id);
  if (it == clients.end()) return;
  ClientTxn& t = *it->second;
  if (t.state != TxnState::Calling && t.state != TxnState::Proceeding) return;
  ++stats.transport_errors;
  t.state = TxnState::Terminated;
  auto on_failure = std::move(t.cb.on_failure);
  endClient(id);
  if (on_failure) {
    on_failure(hk::Error{hk::Code::Unavailable, "transport error: " + error.message, {}, {}});
  }
}

void TxnCore::endClient(uint64_t id) {
  auto it = clients.find(id);
  if (it == clients.end()) return;
  ClientTxn& t = *it->second;
  cancelTimers(t.retx_timer, t.timeout_timer);
  auto idx = client_index.find(t.key);
  if (idx != client_index.end() && idx->second == id) client_index.erase(idx);
  clients.erase(it);
  updateGauge();
}

void TxnCore::clientResponse(ClientTxn& t, const Message& resp) {
  int st = resp.status();
  uint64_t id = t.id;
  bool deliver = false;
  bool fresh = t.state == TxnState::Calling || t.state == TxnState::Proceeding;
  if (fresh && st < 200) {
    t.state = TxnState::Proceeding;
    if (t.invite) {
      // Timer A stops, and so does timer B: it bounds the Calling state only (RFC 3261
      // §17.1.1.2); a ringing INVITE lasts until the TU cancels it.
      cancelTimers(t.retx_timer, t.timeout_timer);
      if (t.cancel_wanted && !t.cancel_sent) sendCancel(t);
    }
    deliver = true;
  } else if (fresh) {
    cancelTimers(t.retx_timer, t.timeout_timer);
    std::chrono::milliseconds wait{0};
    if (t.invite && st < 300) {
      t.state = TxnState::Accepted;
      wait = timers.timerM();
    } else {
      t.state = TxnState::Completed;
      if (t.invite) sendAckFor(t, resp);
      wait = t.invite ? timers.timerD(t.reliable) : timers.timerK(t.reliable);
    }
    t.timeout_timer = after(wait, [id](TxnCore& c) { c.clientTimeout(id); });
    deliver = true;
  } else if (t.state == TxnState::Completed && t.invite && st >= 300) {
    ++stats.absorbed;
    transport.sendBytes(t.ack_bytes, t.target);  // the final response came again: ACK again
  } else if (t.state == TxnState::Accepted && st >= 200 && st < 300) {
    deliver = true;  // 2xx retransmission or fork: the TU ACKs it
  } else {
    ++stats.absorbed;
  }
  if (deliver && t.cb.on_response) t.cb.on_response(resp);
}

void TxnCore::sendAckFor(ClientTxn& t, const Message& resp) {
  auto to = resp.header(HeaderId::To);
  Message ack = sameTransactionRequest(t.request, "ACK", to.value_or(""));
  ack.setBody({});
  t.ack_bytes = ack.toString();
  transport.sendBytes(t.ack_bytes, t.target);
}

void TxnCore::sendCancel(ClientTxn& t) {
  t.cancel_sent = true;
  // A cancelled INVITE that never gets its final response ends 64*T1 later (RFC 3261 §9.1).
  if (t.invite) {
    if (t.timeout_timer) loop.cancelTimer(t.timeout_timer);
    uint64_t id = t.id;
    t.timeout_timer = after(timers.timerB(), [id](TxnCore& c) { c.clientTimeout(id); });
  }
  auto to = t.request.header(HeaderId::To);
  Message cancel = sameTransactionRequest(t.request, "CANCEL", to.value_or(""));
  if (!t.cancel_reason.empty()) cancel.addHeader("Reason", t.cancel_reason);
  cancel.setBody({});
  // A non-INVITE client transaction of its own; its response needs nothing from the TU.
  (void)startClient(std::move(cancel), t.target, {}, false);
}

hk::Status TxnCore::cancelClient(uint64_t id, std::string_view reason) {
  auto it = clients.find(id);
  if (it == clients.end()) return hk::Error::notFound("client transaction gone");
  ClientTxn& t = *it->second;
  if (!t.invite) return hk::Error::invalid("only an INVITE can be cancelled");
  if (t.state != TxnState::Calling && t.state != TxnState::Proceeding) {
    return hk::Error::conflict("the INVITE already has a final response");
  }
  if (t.cancel_wanted) return hk::ok();
  t.cancel_wanted = true;
  t.cancel_reason = std::string(reason);
  if (t.state == TxnState::Proceeding) sendCancel(t);
  return hk::ok();
}

}  // namespace hk::sip
