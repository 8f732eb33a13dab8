// Server transactions (RFC 3261 §17.2, RFC 6026 §7.1): matching (§17.2.3, with the
// RFC 2543 fallback), INVITE (100 Trying, timers G, H, I, L), non-INVITE (timer J),
// absorption of retransmitted requests, CANCEL (§9.2).
#include <algorithm>

#include "sip/detail/transaction_core.hpp"
#include "sip/response.hpp"

namespace hk::sip {

std::string TxnCore::serverKey(const Message& req, const Via& top) const {
  std::string_view method = req.method() == "ACK" ? std::string_view("INVITE") : req.method();
  std::string key;
  if (top.hasRfc3261Branch()) {
    key.reserve(top.branch.size() + top.host.size() + method.size() + 10);
    key.append(top.branch).append("|").append(top.host);
    if (top.port) key.append(":").append(std::to_string(*top.port));
    key.append("|").append(method);
    return key;
  }
  // RFC 2543 peers: Request-URI, From tag, Call-ID, CSeq number and top Via (§17.2.3).
  auto from = req.from();
  auto cseq = req.cseq();
  key.append("2543|").append(req.requestUriText()).append("|");
  if (from) key.append(from->tag());
  key.append("|").append(req.callId().value_or("")).append("|");
  key.append(std::to_string(cseq ? cseq->num : 0)).append("|").append(top.host);
  if (top.port) key.append(":").append(std::to_string(*top.port));
  key.append("|").append(top.branch).append("|").append(method);
  return key;
}

void TxnCore::serverRequest(Message&& req, const Source& src, const Via& top) {
  std::string key = serverKey(req, top);
  ServerTxn* found = nullptr;
  if (auto it = server_index.find(key); it != server_index.end()) {
    auto s = servers.find(it->second);
    if (s != servers.end()) found = s->second.get();
  }
  if (req.method() == "ACK") {
    serverAck(req, src, found);
    return;
  }
  if (found != nullptr) {  // a retransmission: replay the last response, if any
    ++stats.absorbed;
    if (found->last_status != 0 && found->state != TxnState::Accepted) {
      transport.sendResponse(found->last_response, found->source);
    }
    return;
  }
  if (req.method() == "CANCEL") {
    serverCancel(std::move(req), src, top, key);
    return;
  }
  ServerTxn& t = newServer(std::move(req), src, std::move(key));
  uint64_t id = t.id;
  if (t.invite) {
    if (timers.trying_delay.count() == 0) {
      sendTrying(id);
    } else {
      t.retx_timer = after(timers.trying_delay, [id](TxnCore& c) {
        auto it = c.servers.find(id);
        if (it != c.servers.end()) it->second->retx_timer = 0;
        c.sendTrying(id);
      });
    }
  }
  ServerTransaction handle = serverHandle(id);
  tu.onRequest(handle, t.request);
}

ServerTxn& TxnCore::newServer(Message&& req, const Source& src, std::string key) {
  auto owned = std::make_unique<ServerTxn>();
  ServerTxn& t = *owned;
  t.id = next_id++;
  t.invite = req.method() == "INVITE";
  t.reliable = isReliable(src.transport);
  t.request = std::move(req);
  t.source = src;
  t.key = key;
  servers.emplace(t.id, std::move(owned));
  server_index[std::move(key)] = t.id;
  updateGauge();
  return t;
}

void TxnCore::serverAck(const Message& ack, const Source& src, ServerTxn* t) {
  if (t != nullptr && t->invite) {
    if (t->state == TxnState::Completed) {  // the ACK of our non-2xx final response
      t->state = TxnState::Confirmed;
      cancelTimers(t->retx_timer, t->timeout_timer);
      uint64_t id = t->id;
      t->timeout_timer = after(timers.timerI(t->reliable), [id](TxnCore& c) { c.endServer(id); });
      return;
    }
    if (t->state == TxnState::Confirmed) {
      ++stats.absorbed;
      return;
    }
  }
  ++stats.stray_acks;  // the ACK of a 2xx: the TU's (dialog's) business
  tu.onAck(ack, src);
}

void TxnCore::serverCancel(Message&& cancel, const Source& src, const Via& top,
                           const std::string& key) {
  (void)top;
  std::string invite_key = key.substr(0, key.rfind('|') + 1) + "INVITE";
  ServerTxn& c = newServer(std::move(cancel), src, key);
  uint64_t cancel_id = c.id;
  ServerTxn* inv = nullptr;
  if (auto it = server_index.find(invite_key); it != server_index.end()) {
    auto s = servers.find(it->second);
    if (s != servers.end() && s->second->invite) inv = s->second.get();
  }
  if (inv == nullptr) {
    (void)respond(cancel_id, makeResponse(c.request, 481));
    return;
  }
  if (inv->to_tag.empty()) inv->to_tag = newTag();
  (void)respond(cancel_id, makeResponse(c.request, 200, {}, inv->to_tag));
  if (inv->state != TxnState::Calling && inv->state != TxnState::Proceeding) return;
  uint64_t invite_id = inv->id;
  (void)respond(invite_id, makeResponse(inv->request, 487, {}, inv->to_tag));
  ServerTransaction handle = serverHandle(invite_id);
  tu.onCancel(handle, servers.at(cancel_id)->request);
}

hk::Status TxnCore::respond(uint64_t id, const Message& resp) {
  auto it = servers.find(id);
  if (it == servers.end()) return hk::Error::notFound("server transaction gone");
  ServerTxn& t = *it->second;
  if (!resp.isResponse()) return hk::Error::invalid("not a response");
  int st = resp.status();
  if (st < 100 || st > 699) return hk::Error::invalid("bad status code " + std::to_string(st));
  std::weak_ptr<TxnCore> weak = weak_from_this();
  auto on_error = [weak, id](const hk::Error& e) {
    if (auto core = weak.lock()) core->serverFailure(id, e);
  };
  if (t.state == TxnState::Accepted && st >= 200 && st < 300) {
    transport.sendResponse(resp, t.source, on_error);  // 2xx retransmission by the TU
    return hk::ok();
  }
  if (t.state != TxnState::Calling && t.state != TxnState::Proceeding) {
    return hk::Error::conflict("a final response was already sent");
  }
  if (st > 100) {
    auto to = resp.to();
    if (to && !to->tag().empty()) t.to_tag = std::string(to->tag());
  }
  if (t.invite && t.retx_timer) {  // the 100 Trying delay: the TU answered in time
    loop.cancelTimer(t.retx_timer);
    t.retx_timer = 0;
  }
  t.last_response = resp;
  t.last_status = st;
  transport.sendResponse(resp, t.source, on_error);
  if (st < 200) {
    t.state = TxnState::Proceeding;
    return hk::ok();
  }
  cancelTimers(t.retx_timer, t.timeout_timer);
  if (!t.invite) {
    t.state = TxnState::Completed;
    t.timeout_timer = after(timers.timerJ(t.reliable), [id](TxnCore& c) { c.endServer(id); });
  } else if (st < 300) {
    t.state = TxnState::Accepted;
    t.timeout_timer = after(timers.timerL(), [id](TxnCore& c) { c.endServer(id); });
  } else {
    t.state = TxnState::Completed;
    if (!t.reliable) {
      t.interval = timers.t1;
      t.retx_timer = after(t.interval, [id](TxnCore& c) { c.serverRetransmitResponse(id); });
    }
    t.timeout_timer = after(timers.timerH(), [id](TxnCore& c) { c.serverTimeout(id, true); });
  }
  return hk::ok();
}

void TxnCore::sendTrying(uint64_t id) {
  auto it = servers.find(id);
  if (it == servers.end() || it->second->last_status != 0) return;
  (void)respond(id, makeResponse(it->second->request, 100));
}

void TxnCore::serverRetransmitResponse(uint64_t id) {
  auto it = servers.find(id);
  if (it == servers.end()) return;
  ServerTxn& t = *it->second;
  t.retx_timer = 0;
  if (t.state != TxnState::Completed) return;
  ++stats.retransmissions;
  transport.sendResponse(t.last_response, t.source);
  t.interval = std::min(t.interval * 2, timers.t2);  // timer G
  t.retx_timer = after(t.interval, [id](TxnCore& c) { c.serverRetransmitResponse(id); });
}

void TxnCore::serverTimeout(uint64_t id, bool failure) {
  auto it = servers.find(id);
  if (it == servers.end()) return;
  ServerTxn& t = *it->second;
  t.timeout_timer = 0;
  if (!failure || t.state != TxnState::Completed) {
    endServer(id);
    return;
  }
  ++stats.timeouts;  // timer H: the ACK never came
  t.state = TxnState::Terminated;
  cancelTimers(t.retx_timer, t.timeout_timer);
  ServerTransaction handle = serverHandle(id);
  tu.onServerFailure(handle, hk::Error{hk::Code::Timeout, "timer H", {}, {}});
  endServer(id);
}

void TxnCore::serverFailure(uint64_t id, const hk::Error& error) {
  auto it = servers.find(id);
  if (it == servers.end() || it->second->state == TxnState::Terminated) return;
  ServerTxn& t = *it->second;
  ++stats.transport_errors;
  t.state = TxnState::Terminated;
  cancelTimers(t.retx_timer, t.timeout_timer);
  ServerTransaction handle = serverHandle(id);
  tu.onServerFailure(handle,
                     hk::Error{hk::Code::Unavailable, "transport error: " + error.message, {}, {}});
  endServer(id);
}

void TxnCore::endServer(uint64_t id) {
  auto it = servers.find(id);
  if (it == servers.end()) return;
  ServerTxn& t = *it->second;
  cancelTimers(t.retx_timer, t.timeout_timer);
  auto idx = server_index.find(t.key);
  if (idx != server_index.end() && idx->second == id) server_index.erase(idx);
  servers.erase(it);
  updateGauge();
}

}  // namespace hk::sip
