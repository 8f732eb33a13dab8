#include "rtp/detail/session.hpp"

#include <sys/socket.h>

#include "rtp/detail/media_thread.hpp"
#include "rtp/packet.hpp"
#include "rtp/rtcp.hpp"

namespace hk::rtp::detail {
namespace {

std::optional<SockAddr> resolve(const std::optional<Endpoint>& e) {
  if (!e) return std::nullopt;
  auto a = toSockAddr(e->ip, e->port);  // checked by MediaEngine::updateLeg
  if (!a) return std::nullopt;
  return *a;
}

SockAddr withPort(SockAddr a, uint16_t port) {
  if (a.ipv6()) {
    reinterpret_cast<sockaddr_in6*>(&a.ss)->sin6_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in*>(&a.ss)->sin_port = htons(port);
  }
  return a;
}

// Arrival time in timestamp units, for the jitter estimate.
uint32_t arrivalUnits(MonoTime now, uint32_t clock_rate) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  return static_cast<uint32_t>(static_cast<uint64_t>(us) * clock_rate / 1'000'000);
}

}  // namespace

Session::Session(MediaThread& thread, SessionSetup setup)
    : thread_(thread),
      id_(setup.id),
      tag_(std::move(setup.tag)),
      events_(std::move(setup.events)),
      legs_{Leg(setup.seeds[0]), Leg(setup.seeds[1])} {
  MonoTime now = setup.created;
  for (int i = 0; i < 2; ++i) {
    Leg& l = legs_[i];
    l.ports = std::move(setup.ports[i]);
    configure(l, setup.params[i], now);
    l.next_rtcp = thread_.nextRtcp(now);
  }
}

bool Session::start() {
  bool ok = true;
  for (int tag = 0; tag < 4; ++tag) {
    Watch& w = watches_[static_cast<size_t>(tag)];
    w.ready = &Session::onReady;
    w.owner = this;
    w.tag = tag;
    const PortPair& p = legs_[tag & 1].ports;
    ok = thread_.poller().add((tag & 2) ? p.rtcpFd() : p.rtpFd(), &w) && ok;
  }
  started_ = true;
  return ok;
}

void Session::onReady(Watch& w) {
  auto* s = static_cast<Session*>(w.owner);
  if (s->closed_) return;
  if (w.tag & 2) {
    s->onRtcp(w.tag & 1);
  } else {
    s->onRtp(w.tag & 1);
  }
}

void Session::configure(Leg& l, const LegParams& p, MonoTime now) {
  l.params = p;
  l.format = {p.codec, p.payload_type, p.telephone_event};
  l.remote = resolve(p.remote);
  l.remote_rtcp =
      p.remote_rtcp ? resolve(p.remote_rtcp)
      : l.remote ? std::optional(withPort(*l.remote, static_cast<uint16_t>(l.remote->port() + 1)))
                 : std::nullopt;
  l.latched = false;
  l.rtcp_latched = false;
  l.watch_since = now;
  l.timeout_sent = false;
}

void Session::update(LegSide side, const LegParams& params, MonoTime when) {
  configure(legs_[static_cast<int>(side)], params, when);
}

bool Session::acceptSource(Leg& l, const SockAddr& from) {
  if (l.params.latch) {
    if (!l.latched) {
      l.remote = from;
      l.latched = true;
      if (!l.rtcp_latched) l.remote_rtcp = withPort(from, static_cast<uint16_t>(from.port() + 1));
      return true;
    }
    return sameIpAndPort(from, *l.remote);
  }
  if (!l.params.strict_source) return true;
  return l.remote && sameIp(from, *l.remote);
}

void Session::event(int side, MediaEvent::Type type, char digit, HookId hook) {
  MediaEvent ev;
  ev.leg = static_cast<LegSide>(side);
  ev.type = type;
  ev.digit = digit;
  ev.hook = hook;
  EventTarget::post(events_, ev);
}

void Session::onRtp(int side) {
  Leg& in = legs_[side];
  Leg& out = legs_[1 - side];
  RecvBatch& batch = thread_.recvBatch();
  SendBatch& send = thread_.sendBatch();
  MonoTime now = thread_.clock().mono();
  uint32_t arrival = arrivalUnits(now, in.rx.clockRate());
  bool can_send = out.params.send && out.remote.has_value();
  // The audio hooks, looked at once per batch: a plain relay pays two tests.
  bool heard = in.audio && !in.audio->sinks.empty();
  bool held = out.audio && out.audio->holdsRelay();
  for (;;) {
    size_t n = batch.receive(in.ports.rtpFd());
    for (size_t i = 0; i < n; ++i) {
      std::span<uint8_t> data = batch.data(i);
      auto view =
          batch.truncated(i) ? Result<RtpPacketView>(Error::invalid("truncated")) : parseRtp(data);
      if (!view || !acceptSource(in, batch.from(i))) {
        ++in.stats.packets_dropped;
        continue;
      }
      const RtpHeader& h = view->header;
      in.rx.onPacket(h.ssrc, h.sequence, h.timestamp, arrival);
      ++in.stats.packets_in;
      in.stats.bytes_in += view->payload.size();
      if (!in.last_rx) event(side, MediaEvent::Type::FirstPacket);
      in.last_rx = now;
      in.timeout_sent = false;
      PayloadKind kind = classify(h.payload_type, in.format);
      if (kind == PayloadKind::Event) {
        if (auto digit = in.digits.onPacket(h.ssrc, h.timestamp, view->payload)) {
          event(side, MediaEvent::Type::Digit, *digit);
        }
      }
      if (heard) hear(side, *view, kind, now);
      if (!can_send) {
        ++in.stats.packets_dropped;
        continue;
      }
      if (held) {  // a source or a digit of Hankyo's own has the other leg
        hold(out, in, *view, kind);
        continue;
      }
      auto packet = translate(data, *view, kind, in.format, out.format, out.out, now);
      if (packet.empty()) {
        ++in.stats.packets_dropped;
        continue;
      }
      send.add(packet);
      out.out.sent(packet.size() - kRtpHeaderSize);
    }
    if (send.size() > 0) {
      size_t queued = send.size();
      uint64_t bytes = 0;
      size_t sent = send.flush(out.ports.rtpFd(), *out.remote, bytes);
      out.stats.packets_out += sent;
      out.stats.bytes_out += bytes - sent * kRtpHeaderSize;  // payload bytes, as bytes_in
      out.stats.send_errors += queued - sent;
    }
    if (n < kBatch) break;  // the socket is empty
  }
}

void Session::onRtcp(int side) {
  Leg& l = legs_[side];
  RecvBatch& batch = thread_.recvBatch();
  MonoTime now = thread_.clock().mono();
  for (;;) {
    size_t n = batch.receive(l.ports.rtcpFd());
    for (size_t i = 0; i < n; ++i) {
      SockAddr from = batch.from(i);
      if (!l.params.latch && l.params.strict_source && !(l.remote && sameIp(from, *l.remote))) {
        continue;
      }
      auto report = parseRtcp(batch.data(i));
      if (!report) continue;
      ++l.stats.rtcp_in;
      if (l.params.latch && !l.rtcp_latched) {
        l.remote_rtcp = from;
        l.rtcp_latched = true;
      }
      if (report->sender) {
        l.lsr = ntpMiddle(report->sender->ntp);
        l.lsr_arrival = now;
      }
    }
    if (n < kBatch) break;  // the socket is empty (the poller is edge-triggered)
  }
}

void Session::sendRtcp(Leg& l, MonoTime now) {
  if (!l.remote_rtcp || (!l.out.hasSent() && !l.rx.any())) return;
  RtcpReport r;
  r.ssrc = l.out.ssrc();
  r.cname = thread_.config().cname;
  if (l.out.hasSent()) {
    auto since = std::chrono::duration_cast<std::chrono::microseconds>(now - l.out.lastSendTime());
    auto ts = l.out.lastTimestamp() +
              static_cast<uint32_t>(since.count() * int64_t{l.out.clockRate()} / 1'000'000);
    r.sender =
        SenderInfo{toNtp(thread_.clock().now()), ts, l.out.packetsSent(), l.out.octetsSent()};
  }
  if (l.rx.any()) {
    uint32_t dlsr = 0;
    if (l.lsr_arrival) {
      auto d = std::chrono::duration_cast<std::chrono::microseconds>(now - *l.lsr_arrival);
      dlsr = static_cast<uint32_t>(d.count() * 65536 / 1'000'000);
    }
    r.blocks.push_back(l.rx.report(l.lsr_arrival ? l.lsr : 0, dlsr));
  }
  auto bytes = buildRtcp(r);
  ssize_t s = ::sendto(l.ports.rtcpFd(), bytes.data(), bytes.size(), MSG_DONTWAIT,
                       reinterpret_cast<const sockaddr*>(&l.remote_rtcp->ss), l.remote_rtcp->len);
  if (s == static_cast<ssize_t>(bytes.size())) ++l.stats.rtcp_out;
}

void Session::tick(MonoTime now) {
  if (closed_) return;
  for (int side = 0; side < 2; ++side) {
    Leg& l = legs_[side];
    const auto timeout = l.params.media_timeout;
    if (timeout.count() > 0 && !l.params.on_hold && !l.timeout_sent) {
      MonoTime ref = l.last_rx && *l.last_rx > l.watch_since ? *l.last_rx : l.watch_since;
      if (now - ref >= timeout) {
        l.timeout_sent = true;
        event(side, MediaEvent::Type::MediaTimeout);
      }
    }
    if (now >= l.next_rtcp) {
      sendRtcp(l, now);
      l.next_rtcp = thread_.nextRtcp(now);
    }
  }
}

SessionStats Session::stats() const {
  MonoTime mono = thread_.clock().mono();
  WallTime wall = thread_.clock().now();
  auto leg = [&](const Leg& l) {
    LegStats s = l.stats;
    s.packets_lost = l.rx.any() ? l.rx.lost() : 0;
    s.jitter = l.rx.jitter();
    if (l.last_rx) {
      s.last_packet =
          wall - std::chrono::duration_cast<std::chrono::milliseconds>(mono - *l.last_rx);
    }
    if (l.remote) s.remote = toEndpoint(*l.remote);
    return s;
  };
  return {leg(legs_[0]), leg(legs_[1])};
}

void Session::close() {
  if (closed_) return;
  // What already waits in the RTP sockets is relayed first (the poller may have left it
  // there for up to its window): the call's last packets are not dropped by the close.
  if (started_) {
    onRtp(0);
    onRtp(1);
  }
  closed_ = true;
  detachAll();
  if (started_) {
    for (int tag = 0; tag < 4; ++tag) {
      const PortPair& p = legs_[tag & 1].ports;
      thread_.poller().remove((tag & 2) ? p.rtcpFd() : p.rtpFd(),
                              &watches_[static_cast<size_t>(tag)]);
    }
  }
  for (Leg& l : legs_) l.ports.reset();
}

}  // namespace hk::rtp::detail
