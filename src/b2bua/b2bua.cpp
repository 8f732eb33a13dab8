#include "b2bua/b2bua.hpp"

#include <fmt/format.h>

#include <future>

#include "b2bua/detail/core.hpp"
#include "rtp/media_engine.hpp"
#include "sip/response.hpp"

namespace hk::b2bua {

namespace {

std::string hostOf(const std::string& listen) {
  auto colon = listen.rfind(':');
  std::string h = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (h.size() > 2 && h.front() == '[') h = h.substr(1, h.size() - 2);
  return h;
}

}  // namespace

Result<std::unique_ptr<B2bua>> B2bua::start(B2buaDeps deps, B2buaOptions opts) {
  auto core = std::make_unique<Core>(std::move(deps), std::move(opts));
  Core* c = core.get();
  auto t = Transport::open(c->deps.loop, c->opts.udp_listen, c->opts.tcp_listen,
                           [c](sip::Message m, const Peer& p) { c->onMessage(std::move(m), p); });
  if (!t) return t.error();
  c->transport = std::move(*t);
  c->adv_ip = c->opts.advertised.empty() ? hostOf(c->opts.udp_listen) : c->opts.advertised;
  c->media_ip = c->opts.media_ip.empty() ? hostOf(c->opts.udp_listen) : c->opts.media_ip;
  if (c->adv_ip == "0.0.0.0" || c->adv_ip == "::") c->adv_ip = "127.0.0.1";
  auto& m = c->deps.metrics;
  c->forbidden = &m.counter("hankyo_sip_forbidden_total",
                            "INVITEs from an address that is no inbound trunk (403)");
  c->overload = &m.counter("hankyo_sip_overload_total", "INVITEs refused with 503 (overload)");
  c->calls_total = &m.counter("hankyo_calls_total", "calls admitted");
  c->rtp_in_a = &m.counter("hankyo_rtp_packets_total", "RTP packets received, by leg", "leg=\"a\"");
  c->rtp_in_b = &m.counter("hankyo_rtp_packets_total", "RTP packets received, by leg", "leg=\"b\"");
  c->g_calls = &m.gauge("hankyo_live_calls", "calls in progress");
  c->g_tx = &m.gauge("hankyo_sip_transactions", "SIP transactions in flight");
  c->g_dialogs = &m.gauge("hankyo_sip_dialogs", "SIP dialogs established");
  c->g_ports = &m.gauge("hankyo_rtp_ports_in_use", "RTP port pairs in use");
  c->deps.loop.post([c] { c->refreshDirectory(); });
  return std::unique_ptr<B2bua>(new B2bua(std::move(core)));
}

B2bua::B2bua(std::unique_ptr<Core> core) : core_(std::move(core)) {}
B2bua::~B2bua() { stop(); }

void B2bua::stop() {
  if (!core_ || core_->stopping) return;
  std::promise<void> done;
  Core* c = core_.get();
  c->deps.loop.post([c, &done] {
    c->stopping = true;
    std::vector<uint64_t> ids;
    for (auto& [id, call] : c->calls) ids.push_back(id);
    for (auto id : ids) c->systemHangup(id, calllog::SystemReason::Shutdown);
    if (c->refresh_timer) c->deps.loop.cancelTimer(c->refresh_timer);
    for (auto& [k, tx] : c->txs) c->deps.loop.cancelTimer(tx.timer);
    c->txs.clear();
    c->transport->close();
    done.set_value();
  });
  done.get_future().wait();
}

Counters B2bua::counters() const {
  Counters out;
  out.calls = core_->n_calls.load();
  out.transactions = core_->n_tx.load();
  out.dialogs = core_->n_dialogs.load();
  out.rtp_ports = static_cast<int64_t>(core_->deps.ports.inUse());
  return out;
}

uint16_t B2bua::udpPort() const { return core_->transport->udpPort(); }
uint16_t B2bua::tcpPort() const { return core_->transport->tcpPort(); }

// ---- Core: dispatch and helpers

void B2bua::Core::publish() {
  n_calls = static_cast<int64_t>(calls.size());
  n_tx = static_cast<int64_t>(txs.size());
  g_calls->set(n_calls);
  g_tx->set(n_tx);
  g_dialogs->set(n_dialogs);
  g_ports->set(static_cast<int64_t>(deps.ports.inUse()));
}

void B2bua::Core::refreshDirectory() {
  if (stopping) return;
  deps.blocking.post([this] {
    auto rows = deps.load_numbers();
    if (!rows) {
      HK_LOG_WARN(lg, "loading the routing directory failed: {}", rows.error().message);
    }
    std::shared_ptr<const Directory> dir =
        rows ? std::make_shared<const Directory>(std::move(*rows)) : nullptr;
    deps.loop.post([this, dir] {
      if (stopping) return;
      if (dir) directory = dir;
      publish();
      refresh_timer = deps.loop.runAfter(opts.directory_refresh, [this] { refreshDirectory(); });
    });
  });
}

Call* B2bua::Core::find(uint64_t id) {
  auto it = calls.find(id);
  return it == calls.end() ? nullptr : it->second.get();
}

Call* B2bua::Core::findByCallId(std::string_view call_id) {
  auto it = by_call_id.find(std::string(call_id));
  return it == by_call_id.end() ? nullptr : find(it->second);
}

std::string B2bua::Core::via(Proto p, const std::string& branch) const {
  uint16_t port = p == Proto::Tcp ? transport->tcpPort() : transport->udpPort();
  return fmt::format("SIP/2.0/{} {}:{};branch={};rport", protoName(p), adv_ip, port,
                     branch.empty() ? newBranch() : branch);
}

std::string B2bua::Core::contact(Proto p) const {
  if (p == Proto::Tcp) {
    return fmt::format("<sip:hankyo@{}:{};transport=tcp>", adv_ip, transport->tcpPort());
  }
  return fmt::format("<sip:hankyo@{}:{}>", adv_ip, transport->udpPort());
}

Peer B2bua::Core::peerOf(const sip::Message& req, const Peer& from) const {
  Peer p = from;
  if (from.proto == Proto::Tcp) return p;
  // RFC 3581: answer to the source port (symmetric response routing). The Via's received
  // host is where the packet came from, which is `from` already.
  (void)req;
  return p;
}

void B2bua::Core::respond(const sip::Message& req, const Peer& to, int code,
                          std::string_view to_tag) {
  send(sip::makeResponse(req, code, {}, to_tag), peerOf(req, to));
}

void B2bua::Core::txBegin(const std::string& key, std::chrono::milliseconds timeout,
                          std::function<void()> on_timeout) {
  txEnd(key);
  Tx tx;
  tx.on_timeout = std::move(on_timeout);
  tx.timer = deps.loop.runAfter(timeout, [this, key] {
    auto it = txs.find(key);
    if (it == txs.end()) return;
    auto cb = std::move(it->second.on_timeout);
    if (it->second.resend_timer) deps.loop.cancelTimer(it->second.resend_timer);
    txs.erase(it);
    publish();
    if (cb) cb();
  });
  txs[key] = std::move(tx);
  publish();
}

void B2bua::Core::txEnd(const std::string& key) {
  auto it = txs.find(key);
  if (it == txs.end()) return;
  deps.loop.cancelTimer(it->second.timer);
  if (it->second.resend_timer) deps.loop.cancelTimer(it->second.resend_timer);
  txs.erase(it);
  publish();
}

void B2bua::Core::finalSent(const std::string& key, const sip::Message& response, const Peer& to) {
  txBegin(key, opts.timers.timerH());
  auto& tx = txs[key];
  tx.final_response = response;
  tx.peer = to;
  tx.resend = response;  // Timer G: until the ACK
  resendLoop(key, true);
}

void B2bua::Core::sendRequest(const std::string& key, const sip::Message& m, const Peer& to) {
  txBegin(key, opts.timers.timerF());
  auto& tx = txs[key];
  tx.peer = to;
  tx.resend = m;
  send(m, to);
  resendLoop(key, true);
}

void B2bua::Core::resendLoop(const std::string& key, bool first) {
  auto it = txs.find(key);
  if (it == txs.end() || !it->second.resend || it->second.peer.proto != Proto::Udp) return;
  Tx& tx = it->second;
  if (first) {
    tx.interval = opts.timers.t1;
  } else {
    send(*tx.resend, tx.peer);
    tx.interval = std::min(tx.interval * 2, opts.timers.t2);
  }
  tx.resend_timer = deps.loop.runAfter(tx.interval, [this, key] { resendLoop(key, false); });
}

void B2bua::Core::rejectStateless(const sip::Message& invite, const Peer& from,
                                  sip::Message response) {
  Peer to = peerOf(invite, from);
  send(response, to);
  auto cid = invite.callId();
  auto cs = invite.cseq();
  if (cid && cs) finalSent(fmt::format("{}|{}|INVITE", *cid, cs->num), response, to);
}

void B2bua::Core::onMessage(sip::Message m, const Peer& from) {
  if (stopping) return;
  if (m.isRequest()) {
    onRequest(m, from);
  } else {
    onResponse(m, from);
  }
  publish();
}

void B2bua::Core::onRequest(const sip::Message& m, const Peer& from) {
  auto cid = m.callId();
  if (!cid) return respond(m, from, 400);
  std::string method(m.method());
  Call* c = findByCallId(*cid);
  if (method == "INVITE") {
    if (!c) {
      auto cs = m.cseq();
      auto it = cs ? txs.find(fmt::format("{}|{}|INVITE", *cid, cs->num)) : txs.end();
      if (it != txs.end() && it->second.final_response) {
        return send(*it->second.final_response, it->second.peer);  // a retransmission
      }
      return onInvite(m, from);
    }
    auto cs = m.cseq();
    bool caller = c->a.call_id == *cid;
    if (caller && cs && c->invite.cseq() && cs->num == c->invite.cseq()->num) {
      // A retransmission of the caller's INVITE: the last response again.
      if (!c->a_last_response.headers().empty()) send(c->a_last_response, c->a_peer);
      return;
    }
    return onReinvite(*c, caller, m, from);
  }
  if (method == "ACK") {
    if (c && c->a.call_id == *cid) onCallerAck(*c, m);
    if (!c) {
      auto cs = m.cseq();
      if (cs) txEnd(fmt::format("{}|{}|INVITE", *cid, cs->num));
    }
    return;
  }
  bool just_ended = tombstones.count(std::string(*cid)) > 0;
  if (method == "CANCEL") {
    if (c && c->a.call_id == *cid) return onCallerCancel(*c, m, from);
    return respond(m, from, just_ended ? 200 : 481);
  }
  if (method == "BYE") {
    if (!c) return respond(m, from, just_ended ? 200 : 481);
    return onBye(*c, c->a.call_id == *cid, m, from);
  }
  if (method == "OPTIONS") {
    auto r = sip::makeResponse(m, 200, {}, newBranch().substr(7));
    r.setHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE");
    r.setHeader("Accept", "application/sdp");
    return send(r, peerOf(m, from));
  }
  if (method == "UPDATE") {
    if (!c) return respond(m, from, 481);
    // A session refresh (RFC 4028) without SDP: nothing changes, 200.
    if (m.body().empty()) return respond(m, from, 200);
    return onReinvite(*c, c->a.call_id == *cid, m, from);
  }
  if (method == "PRACK" || method == "INFO") return respond(m, from, c ? 501 : 481);
  auto r = sip::makeResponse(m, 405);
  r.setHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE");
  send(r, peerOf(m, from));
}

void B2bua::Core::onResponse(const sip::Message& m, const Peer& from) {
  auto cid = m.callId();
  auto cs = m.cseq();
  if (!cid || !cs) return;
  std::string method(cs->method);
  if (method != "INVITE") {
    if (m.status() >= 200) txEnd(fmt::format("{}|{}|{}", *cid, cs->num, method));
    return;
  }
  Call* c = findByCallId(*cid);
  if (c && c->a.call_id == *cid) return onReinviteResponse(*c, true, m);
  if (c && c->attempt && c->attempt->dialog.call_id == *cid) {
    if (cs->num > 1) return onReinviteResponse(*c, false, m);
    return onAttemptResponse(*c, m, from);
  }
  // A response for an attempt that is over: ACK it (and end a 2xx that crossed our CANCEL).
  if (m.status() >= 200) ackStateless(m, from, m.status() < 300);
}

}  // namespace hk::b2bua
