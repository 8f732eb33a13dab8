#include "b2bua/b2bua.hpp"

#include <fmt/format.h>

#include <charconv>
#include <future>

#include "b2bua/detail/core.hpp"
#include "base/ids.hpp"
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

// "ip:port" (IPv6 in brackets; port 0: any free) -> a listener.
Result<sip::ListenSpec> listenSpec(const std::string& s, sip::TransportKind kind) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos) return fail(Code::Invalid, "listen address needs ip:port", s);
  sip::ListenSpec spec;
  spec.transport = kind;
  spec.address = hostOf(s);
  unsigned port = 0;
  const char* b = s.data() + colon + 1;
  const char* e = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(b, e, port);
  if (ec != std::errc() || ptr != e || b == e || port > 65535) {
    return fail(Code::Invalid, "bad port", s);
  }
  spec.port = static_cast<uint16_t>(port);
  return spec;
}

}  // namespace

Result<std::unique_ptr<B2bua>> B2bua::start(B2buaDeps deps, B2buaOptions opts) {
  auto core = std::make_unique<Core>(std::move(deps), std::move(opts));
  Core* c = core.get();
  c->adv_ip = c->opts.advertised.empty() ? hostOf(c->opts.udp_listen) : c->opts.advertised;
  c->media_ip = c->opts.media_ip.empty() ? hostOf(c->opts.udp_listen) : c->opts.media_ip;
  if (c->adv_ip == "0.0.0.0" || c->adv_ip == "::") c->adv_ip = "127.0.0.1";
  sip::EndpointConfig ec;
  ec.timers = c->opts.timers;
  // 100 Trying: at once for a new call (startCall), from the layer only when a request
  // waits (RFC 3261 §17.2.1: 200 ms), so that a re-INVITE answered at once gets none.
  if (ec.timers.trying_delay.count() == 0) ec.timers.trying_delay = std::chrono::milliseconds(200);
  auto udp = listenSpec(c->opts.udp_listen, sip::TransportKind::Udp);
  if (!udp) return udp.error();
  ec.listen.push_back(*udp);
  if (!c->opts.tcp_listen.empty()) {
    auto tcp = listenSpec(c->opts.tcp_listen, sip::TransportKind::Tcp);
    if (!tcp) return tcp.error();
    ec.listen.push_back(*tcp);
  }
  for (auto& l : ec.listen) l.advertised_host = c->adv_ip;
  // The endpoint lives on the loop: created there, destroyed there (stop()).
  std::promise<Result<std::unique_ptr<sip::Endpoint>>> made;
  c->deps.loop.post([c, &ec, &made] {
    made.set_value(
        sip::Endpoint::create(c->deps.loop, *c, std::move(ec), nullptr, &c->deps.metrics));
  });
  auto ep = made.get_future().get();
  if (!ep) return ep.error();
  c->endpoint = std::move(*ep);
  for (const auto& l : c->endpoint->listeners()) {
    (l.transport == sip::TransportKind::Udp ? c->udp_port : c->tcp_port) = l.port;
  }
  auto& m = c->deps.metrics;
  c->forbidden = &m.counter("hankyo_sip_forbidden_total",
                            "INVITEs from an address that is no inbound trunk (403)");
  c->overload = &m.counter("hankyo_sip_overload_total", "INVITEs refused with 503 (overload)");
  c->calls_total = &m.counter("hankyo_calls_total", "calls admitted");
  c->blocked_total =
      &m.counter("hankyo_calls_blocked_total", "calls refused: the caller is on a block list");
  c->rtp_in_a = &m.counter("hankyo_rtp_packets_total", "RTP packets received, by leg", "leg=\"a\"");
  c->rtp_in_b = &m.counter("hankyo_rtp_packets_total", "RTP packets received, by leg", "leg=\"b\"");
  c->g_calls = &m.gauge("hankyo_live_calls", "calls in progress");
  c->g_dialogs = &m.gauge("hankyo_sip_dialogs", "SIP dialogs established");
  c->g_ports = &m.gauge("hankyo_rtp_ports_in_use", "RTP port pairs in use");
  c->rel_sent = &m.counter("hankyo_sip_reliable_provisionals_total",
                           "reliable provisional responses (100rel) sent to callers");
  c->rel_resent = &m.counter("hankyo_sip_reliable_retransmissions_total",
                             "reliable provisional responses resent while waiting for the PRACK");
  c->prack_timeouts = &m.counter("hankyo_sip_prack_timeouts_total",
                                 "calls rejected (500) because the caller never sent the PRACK");
  c->pracks_sent = &m.counter("hankyo_sip_pracks_sent_total",
                              "PRACKs sent for callees' reliable provisional responses");
  c->glare_refused = &m.counter("hankyo_sip_glare_refused_total",
                                "re-INVITEs answered 491 because one of ours was pending");
  c->glare_retried = &m.counter("hankyo_sip_glare_retried_total",
                                "our re-INVITEs answered 491 and sent again after the back-off");
  c->rec_write_errors = &m.counter("hankyo_recording_write_errors_total",
                                   "recording and voicemail files that could not be written");
  c->deps.loop.post([c] { c->refreshDirectory(); });
  c->deps.loop.post([c] { c->startTrunks(); });  // outbound.cpp: OPTIONS, REGISTER, DNS
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
    c->stopTrunks([c, &done] {  // un-REGISTER while the endpoint is still there
      c->pending.clear();
      c->endpoint.reset();
      done.set_value();
    });
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

uint16_t B2bua::udpPort() const { return core_->udp_port; }
uint16_t B2bua::tcpPort() const { return core_->tcp_port; }

// ---- Core: dispatch and helpers

void B2bua::Core::publish() {
  n_calls = static_cast<int64_t>(calls.size());
  // In flight: our client transactions without a final response, the callers' INVITEs
  // without a final response or whose 2xx waits for its ACK.
  int64_t tx = static_cast<int64_t>(pending.size());
  for (const auto& [id, call] : calls) {
    if (!call->a_final_sent || (call->a_retx && call->a_retx->active())) tx++;
  }
  n_tx = tx;
  g_calls->set(n_calls);
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
    std::map<domain::Id, int> adv_limits;
    if (rows && deps.load_advertiser_lines) {
      auto adv = deps.load_advertiser_lines();
      if (adv) {
        adv_limits = std::move(*adv);
      } else {
        HK_LOG_WARN(lg, "loading the advertisers' line limits failed: {}", adv.error().message);
      }
    }
    std::shared_ptr<const Directory> dir =
        rows ? std::make_shared<const Directory>(std::move(*rows), std::move(adv_limits)) : nullptr;
    auto blk = loadBlockLists();  // block_check.cpp
    deps.loop.post([this, dir, blk] {
      if (stopping) return;
      if (dir) directory = dir;
      if (blk) blocks = blk;
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

std::string B2bua::Core::contact(sip::TransportKind p) const {
  if (p == sip::TransportKind::Tcp) {
    return fmt::format("<sip:hankyo@{}:{};transport=tcp>", adv_ip, tcp_port);
  }
  return fmt::format("<sip:hankyo@{}:{}>", adv_ip, udp_port);
}

void B2bua::Core::respond(sip::ServerTransaction& txn, int code, std::string_view to_tag) {
  const sip::Message* req = txn.request();
  if (!req) return;
  (void)txn.respond(sip::makeResponse(*req, code, {}, to_tag));
}

sip::ClientTransaction B2bua::Core::request(const sip::Message& m, const Peer& to,
                                            sip::ClientCallbacks cb) {
  if (!endpoint) return {};
  return sendTracked(m, to, withAuthRetry(m, to, std::move(cb)));  // auth_retry.cpp
}

sip::ClientTransaction B2bua::Core::sendTracked(const sip::Message& m, const Peer& to,
                                                sip::ClientCallbacks cb) {
  if (!endpoint) return {};
  auto id = std::make_shared<uint64_t>(0);
  sip::ClientCallbacks wrapped;
  wrapped.on_response = [this, id, f = cb.on_response](const sip::Message& r) {
    if (r.status() >= 200 && pending.erase(*id) > 0) publish();
    if (f) f(r);
  };
  wrapped.on_failure = [this, id, f = cb.on_failure](const hk::Error& e) {
    if (pending.erase(*id) > 0) publish();
    if (f) f(e);
  };
  auto txn = endpoint->transactions().sendRequest(m, to, std::move(wrapped));
  if (!txn) {
    HK_LOG_WARN(lg, "cannot send {} to {}:{}: {}", m.method(), to.host, to.port,
                txn.error().message);
    auto err = txn.error();
    // Reported later, like any transport error, never from inside the call.
    if (cb.on_failure) deps.loop.post([f = cb.on_failure, err] { f(err); });
    return {};
  }
  *id = txn->id();
  pending.insert(*id);
  publish();
  return *txn;
}

void B2bua::Core::sendAck(const sip::Message& ack, const Peer& to) {
  if (!endpoint) return;
  if (auto st = endpoint->transactions().sendStateless(ack, to); !st) {
    HK_LOG_WARN(lg, "cannot send ACK to {}:{}: {}", to.host, to.port, st.error().message);
  }
}

void B2bua::Core::onAck(const sip::Message& ack, const sip::Source& source) {
  (void)source;
  if (stopping) return;
  auto cid = ack.callId();
  if (!cid) return;
  Call* c = findByCallId(*cid);
  if (c && c->a.call_id == *cid) onCallerAck(*c);
  publish();
}

void B2bua::Core::onCancel(sip::ServerTransaction& invite, const sip::Message& cancel) {
  (void)invite;
  if (stopping) return;
  auto cid = cancel.callId();
  if (!cid) return;
  Call* c = findByCallId(*cid);
  if (c && c->a.call_id == *cid) onCallerCancel(*c);
  publish();
}

void B2bua::Core::onStrayResponse(const sip::Message& r, const sip::Source& source) {
  if (stopping) return;
  auto cid = r.callId();
  auto cs = r.cseq();
  if (!cid || !cs || cs->method != "INVITE" || r.status() < 200 || r.status() >= 300) return;
  // A 2xx retransmitted after timer M: ACK it again, or end a dialog we no longer want.
  Call* c = findByCallId(*cid);
  if (c && c->attempt && c->attempt->dialog.call_id == *cid &&
      c->attempt->state == Attempt::State::Connected &&
      cs->num == c->attempt->ack.cseq().value_or(sip::CSeq{1, "ACK"}).num) {
    return onLaterCallee2xx(*c, r);  // the same dialog: ACK again; another fork: ACK and BYE
  }
  if (c) return;
  ackAndBye(r, Peer{source.transport, source.address, source.port, {}});
  publish();
}

void B2bua::Core::onRequest(sip::ServerTransaction& txn, const sip::Message& m) {
  if (stopping) return respond(txn, 503);
  auto cid = m.callId();
  if (!cid) return respond(txn, 400);
  std::string method(m.method());
  Call* c = findByCallId(*cid);
  if (method == "INVITE") {
    if (!c) {
      auto src = txn.source();
      if (!src) return;
      onInvite(txn, m, *src);
    } else {
      onReinvite(*c, c->a.call_id == *cid, txn, m);
    }
    return publish();
  }
  bool just_ended = tombstones.count(std::string(*cid)) > 0;
  if (method == "BYE") {
    if (!c) return respond(txn, just_ended ? 200 : 481);
    onBye(*c, c->a.call_id == *cid, txn);
    return publish();
  }
  if (method == "OPTIONS") {
    auto r = sip::makeResponse(m, 200, {}, randomHex(8));
    r.setHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK");
    r.setHeader("Accept", "application/sdp");
    r.setHeader("Supported", "100rel");
    (void)txn.respond(r);
    return;
  }
  if (method == "UPDATE") {
    if (!c) return respond(txn, 481);
    // A session refresh (RFC 4028) without SDP: nothing changes, 200.
    if (m.body().empty()) return respond(txn, 200);
    onReinvite(*c, c->a.call_id == *cid, txn, m);
    return publish();
  }
  if (method == "PRACK") {
    onPrack(c, txn, m);  // reliable_caller.cpp
    return publish();
  }
  if (method == "INFO") return respond(txn, c ? 501 : 481);
  auto r = sip::makeResponse(m, 405);
  r.setHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE");
  (void)txn.respond(r);
}

}  // namespace hk::b2bua
