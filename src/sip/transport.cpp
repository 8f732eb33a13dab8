// sip::Transport: listeners, UDP, parsing and dispatch, routing of sends and responses.
// TCP connections are in transport_tcp.cpp.
#include "sip/transport.hpp"

#include <sys/socket.h>

#include <boost/asio/ip/v6_only.hpp>

#include "base/log.hpp"
#include "sip/detail/transport_impl.hpp"
#include "sip/detail/transport_via.hpp"
#include "sip/response.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

constexpr size_t kUdpDrainBatch = 16;  // datagrams read per wake-up

bool onlyLineEnds(std::string_view data) {
  for (char c : data) {
    if (c != '\r' && c != '\n') return false;
  }
  return true;
}

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

std::string_view transportName(TransportKind t) { return t == TransportKind::Tcp ? "TCP" : "UDP"; }

std::optional<TransportKind> parseTransportName(std::string_view s) {
  if (iequals(s, "udp")) return TransportKind::Udp;
  if (iequals(s, "tcp")) return TransportKind::Tcp;
  return std::nullopt;
}

std::string ListenerInfo::hostForUri() const { return bracketed(advertised_host); }

std::string ListenerInfo::sentBy() const {
  return hostForUri() + ":" + std::to_string(advertised_port);
}

std::string remoteKey(const asio::ip::address& a, uint16_t port) {
  return a.to_string() + "|" + std::to_string(port);
}

Transport::Impl::Impl(EventLoop& l, TransportConfig c, Executor* workers, const Clock& clk)
    : loop(l), io(hk::detail::ioContext(l)), config(std::move(c)), clock(clk) {
  if (workers == nullptr) {
    own_workers = std::make_unique<WorkerPool>("sip-dns", 1);
    workers = own_workers.get();
  }
  resolver = std::make_unique<Resolver>(loop, *workers, clock, config.dns);
  if (config.metrics == nullptr) {
    own_metrics = std::make_unique<metrics::Registry>();
    config.metrics = own_metrics.get();
  }
  metrics::Registry& reg = *config.metrics;
  counters.in = &reg.counter("hankyo_sip_messages_received_total", "SIP messages received");
  counters.out = &reg.counter("hankyo_sip_messages_sent_total", "SIP messages sent");
  const std::string perr = "hankyo_sip_parse_errors_total";
  const std::string perr_help = "Unparsable SIP input, answered (400/505) or dropped";
  counters.answered = &reg.counter(perr, perr_help, "action=\"answered\"");
  counters.dropped = &reg.counter(perr, perr_help, "action=\"dropped\"");
  counters.send_errors = &reg.counter("hankyo_sip_send_errors_total", "SIP sends that failed");
  const std::string tcp_name = "hankyo_sip_tcp_connections_total";
  const std::string tcp_help = "SIP TCP connection events";
  counters.accepted = &reg.counter(tcp_name, tcp_help, "event=\"accepted\"");
  counters.connected = &reg.counter(tcp_name, tcp_help, "event=\"connected\"");
  counters.refused = &reg.counter(tcp_name, tcp_help, "event=\"refused\"");
  counters.closed = &reg.counter(tcp_name, tcp_help, "event=\"closed\"");
  counters.connections = &reg.gauge("hankyo_sip_tcp_connections", "Open SIP TCP connections");
}

Transport::Impl::~Impl() {
  if (udp_drops_timer) loop.cancelTimer(udp_drops_timer);
  updateUdpDrops();  // the last ones, for a registry that outlives this Transport
  boost::system::error_code ec;
  for (auto& s : udp_sockets) {
    if (!s) continue;
    s->owner = nullptr;
    s->sock.close(ec);
  }
  for (auto& l : tcp_listeners) {
    if (!l) continue;
    l->owner = nullptr;
    l->acceptor.close(ec);
  }
  for (auto& [id, c] : conns) {
    if (c->idle_timer) loop.cancelTimer(c->idle_timer);
    if (c->connect_timer) loop.cancelTimer(c->connect_timer);
    c->owner = nullptr;
    c->closed = true;
    c->sock.close(ec);
  }
  counters.connections->add(-static_cast<int64_t>(conns.size()));
}

hk::Result<ListenerInfo> Transport::Impl::listen(const ListenSpec& spec) {
  auto literal = Resolver::ipLiteral(spec.address);
  if (!literal) {
    return hk::Error::invalid("listen address is not an IP address: " + spec.address, "address");
  }
  boost::system::error_code ec;
  asio::ip::address addr = asio::ip::make_address(*literal, ec);
  if (ec) return hk::Error::invalid("bad listen address: " + spec.address, "address");

  ListenerInfo info;
  info.id = static_cast<uint32_t>(listeners.size());
  info.transport = spec.transport;
  info.address = addr.to_string();
  info.v6 = addr.is_v6();
  if (spec.transport == TransportKind::Udp) {
    auto s = std::make_shared<UdpSocket>(this, info.id, io);
    udp::endpoint ep(addr, spec.port);
    s->sock.open(ep.protocol(), ec);
    if (!ec && info.v6) s->sock.set_option(asio::ip::v6_only(true), ec);
    if (!ec) s->sock.bind(ep, ec);
    if (!ec) s->sock.non_blocking(true, ec);
    if (!ec && config.udp_receive_buffer > 0) {
      // A burst (a loop busy for some ms at 1,000 calls/s) must not overflow the default
      // ~200 KiB queue: lost requests cost retransmissions, lost 2xx cost calls. Above
      // net.core.rmem_max only with CAP_NET_ADMIN (FORCE); else the kernel caps it.
      int want = static_cast<int>(config.udp_receive_buffer);
      int fd = s->sock.native_handle();
      if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof want) != 0) {
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof want);
      }
    }
    if (ec) {
      return hk::fail(hk::Code::Unavailable, "cannot bind UDP " + bracketed(info.address) + ":" +
                                                 std::to_string(spec.port) + ": " + ec.message());
    }
    info.port = s->sock.local_endpoint(ec).port();
    s->buf_size = config.limits.max_message + 1;  // one byte more tells an oversized datagram
    s->buf = std::make_unique<char[]>(s->buf_size);
    udp_sockets.push_back(s);
    tcp_listeners.push_back(nullptr);
    watchUdpDrops(*s, bracketed(info.address) + ":" + std::to_string(info.port));
    startUdpReceive(s);
  } else {
    if (auto st = listenTcp(info, tcp::endpoint(addr, spec.port)); !st) return st.error();
  }
  info.advertised_host =
      spec.advertised_host.empty()
          ? info.address
          : Resolver::ipLiteral(spec.advertised_host).value_or(spec.advertised_host);
  info.advertised_port = spec.advertised_port ? spec.advertised_port : info.port;
  listeners.push_back(info);
  return info;
}

void Transport::Impl::startUdpReceive(const std::shared_ptr<UdpSocket>& s) {
  s->sock.async_receive_from(
      asio::buffer(s->buf.get(), s->buf_size), s->from,
      [s](const boost::system::error_code& ec, size_t n) {
        if (s->owner == nullptr || ec == asio::error::operation_aborted) return;
        size_t round = 0;
        boost::system::error_code rec = ec;
        while (s->owner != nullptr) {
          if (!rec) {
            if (n >= s->buf_size) {
              s->owner->counters.dropped->inc();  // larger than max_message
            } else {
              Source src{TransportKind::Udp, s->from.address().to_string(), s->from.port(), 0,
                         s->listener};
              s->owner->onData(std::string_view(s->buf.get(), n), src, false);
            }
          }
          // Drain what is already queued before waiting again.
          if (s->owner == nullptr || ++round >= kUdpDrainBatch) break;
          n = s->sock.receive_from(asio::buffer(s->buf.get(), s->buf_size), s->from, 0, rec);
          if (rec == asio::error::would_block || rec == asio::error::try_again) break;
        }
        if (s->owner != nullptr) s->owner->startUdpReceive(s);
      });
}

void Transport::Impl::onData(std::string_view data, const Source& src, bool stream) {
  if (onlyLineEnds(data)) return;  // keep-alive
  Limits limits = config.limits;
  limits.stream = stream;
  ParseFailure failure;
  auto msg = parseMessage(data, limits, &failure);
  if (!msg) {
    static auto lg = hk::log::get("sip");
    HK_LOG_DEBUG(lg, "bad SIP message from {}:{}: {}", src.address, src.port, msg.error().message);
    if (failure.canRespond()) {
      counters.answered->inc();
      answerParseFailure(makeResponse(*failure.request, failure.status, failure.reason), src);
    } else {
      counters.dropped->inc();
    }
    return;
  }
  if (msg->isRequest()) {
    auto via = msg->topVia();
    if (!via) {  // the parser checks the top Via; kept for safety
      counters.dropped->inc();
      return;
    }
    detail::stampReceived(*msg, *via, src.address, src.port);
  }
  counters.in->inc();
  if (handler) handler(std::move(*msg), src);
}

void Transport::Impl::answerParseFailure(const Message& response, const Source& src) {
  std::string bytes = response.toString();
  SendErrorHandler none;
  if (src.transport == TransportKind::Tcp) {
    sendOnConn(src.connection, bytes, none);
    return;
  }
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(src.address, ec);
  if (!ec) sendUdp(bytes, udp::endpoint(addr, src.port), src.listener, none);
}

const ListenerInfo* Transport::Impl::pickListener(TransportKind t, bool v6,
                                                  std::string_view local) const {
  std::optional<std::string> want;
  if (!local.empty()) want = Resolver::ipLiteral(local).value_or(std::string(local));
  for (const ListenerInfo& l : listeners) {
    if (l.transport != t || l.v6 != v6) continue;
    if (want && l.address != *want) continue;
    return &l;
  }
  return nullptr;
}

void Transport::Impl::fail(SendErrorHandler& on_error, hk::Error error) {
  counters.send_errors->inc();
  if (on_error) {
    loop.post([cb = std::move(on_error), e = std::move(error)] { cb(e); });
  }
}

void Transport::Impl::sendBytes(std::string_view bytes, const Target& target,
                                SendErrorHandler on_error, int listener_hint) {
  std::optional<Resolver::Addresses> addrs = resolver->cached(target.host);
  if (addrs) {
    sendPicked(bytes, target, *addrs, std::move(on_error), listener_hint);
    return;
  }
  resolver->resolve(target.host, [this, target, copy = std::string(bytes), cb = std::move(on_error),
                                  listener_hint](const hk::Result<Resolver::Addresses>& r) mutable {
    if (!r) {
      fail(cb, r.error());
      return;
    }
    sendPicked(copy, target, *r, std::move(cb), listener_hint);
  });
}

void Transport::Impl::sendPicked(std::string_view bytes, const Target& target,
                                 const Resolver::Addresses& addrs, SendErrorHandler on_error,
                                 int listener_hint) {
  for (const std::string& a : addrs) {
    if (pickListener(target.transport, a.find(':') != std::string::npos, target.local)) {
      sendResolved(bytes, target.transport, a, target.port, target.local, std::move(on_error),
                   listener_hint);
      return;
    }
  }
  fail(on_error, hk::Error::unavailable("no " + std::string(transportName(target.transport)) +
                                        " listener for " + target.host));
}

void Transport::Impl::sendResolved(std::string_view bytes, TransportKind t,
                                   const std::string& address, uint16_t port,
                                   std::string_view local, SendErrorHandler on_error,
                                   int listener_hint) {
  boost::system::error_code ec;
  asio::ip::address addr = asio::ip::make_address(address, ec);
  if (ec) {
    fail(on_error, hk::Error::invalid("bad address " + address));
    return;
  }
  const ListenerInfo* l = nullptr;
  if (listener_hint >= 0 && static_cast<size_t>(listener_hint) < listeners.size()) {
    const ListenerInfo& h = listeners[static_cast<size_t>(listener_hint)];
    if (h.transport == t && h.v6 == addr.is_v6()) l = &h;
  }
  if (l == nullptr) l = pickListener(t, addr.is_v6(), local);
  if (l == nullptr) {
    fail(on_error, hk::Error::unavailable("no " + std::string(transportName(t)) + " " +
                                          (addr.is_v6() ? "IPv6" : "IPv4") + " listener"));
    return;
  }
  if (t == TransportKind::Udp) {
    sendUdp(bytes, udp::endpoint(addr, port), l->id, on_error);
  } else {
    bool wildcard = asio::ip::make_address(l->address, ec).is_unspecified();
    sendTcp(bytes, tcp::endpoint(addr, port), l->id, wildcard ? std::string() : l->address,
            std::move(on_error));
  }
}

void Transport::Impl::sendUdp(std::string_view bytes, const udp::endpoint& to, uint32_t listener,
                              SendErrorHandler& on_error) {
  if (listener >= udp_sockets.size() || !udp_sockets[listener]) {
    fail(on_error, hk::Error::unavailable("no UDP socket"));
    return;
  }
  boost::system::error_code ec;
  udp_sockets[listener]->sock.send_to(asio::buffer(bytes.data(), bytes.size()), to, 0, ec);
  if (ec) {
    fail(on_error, hk::Error::unavailable("UDP send to " + to.address().to_string() + ":" +
                                          std::to_string(to.port()) + " failed: " + ec.message()));
    return;
  }
  counters.out->inc();
}

// ---- Transport

Transport::Transport(EventLoop& loop, TransportConfig config, Executor* dns_workers,
                     const Clock& clock)
    : impl_(std::make_shared<Impl>(loop, std::move(config), dns_workers, clock)) {}

Transport::~Transport() = default;

hk::Result<ListenerInfo> Transport::listen(const ListenSpec& spec) { return impl_->listen(spec); }

const std::vector<ListenerInfo>& Transport::listeners() const { return impl_->listeners; }

hk::Result<ListenerInfo> Transport::listenerFor(const Target& target) const {
  bool v6 = false;
  if (auto lit = Resolver::ipLiteral(target.host)) {
    v6 = lit->find(':') != std::string::npos;
  } else if (!impl_->pickListener(target.transport, false, target.local)) {
    v6 = true;
  }
  const ListenerInfo* l = impl_->pickListener(target.transport, v6, target.local);
  if (l == nullptr) {
    return hk::Error::unavailable("no " + std::string(transportName(target.transport)) +
                                  " listener for " + target.host);
  }
  return *l;
}

void Transport::setHandler(MessageHandler handler) { impl_->handler = std::move(handler); }

void Transport::send(const Message& msg, const Target& target, SendErrorHandler on_error) {
  impl_->sendBytes(msg.toString(), target, std::move(on_error), -1);
}

void Transport::sendBytes(std::string_view bytes, const Target& target, SendErrorHandler on_error) {
  impl_->sendBytes(bytes, target, std::move(on_error), -1);
}

void Transport::sendResponse(const Message& response, const Source& source,
                             SendErrorHandler on_error) {
  auto via = response.topVia();
  if (!via) {
    impl_->fail(on_error, hk::Error::invalid("response without a usable Via", "Via"));
    return;
  }
  auto kind = parseTransportName(via->transport);
  if (!kind) {
    impl_->fail(on_error,
                hk::Error::unavailable("unsupported transport " + std::string(via->transport)));
    return;
  }
  std::string bytes = response.toString();
  Target t;
  t.transport = *kind;
  t.host = std::string(via->received.empty() ? via->host : via->received);
  if (*kind == TransportKind::Tcp) {
    if (source.transport == TransportKind::Tcp && source.connection != 0 &&
        impl_->sendOnConn(source.connection, bytes, on_error)) {
      return;
    }
    t.port = via->port.value_or(5060);  // §18.2.2: the connection is gone, open a new one
    impl_->sendBytes(bytes, t, std::move(on_error), -1);
    return;
  }
  t.port = via->rport_value.value_or(via->port.value_or(5060));
  int hint = source.transport == TransportKind::Udp ? static_cast<int>(source.listener) : -1;
  impl_->sendBytes(bytes, t, std::move(on_error), hint);
}

TransportStats Transport::stats() const {
  const auto& c = impl_->counters;
  TransportStats s;
  s.messages_in = c.in->value();
  s.messages_out = c.out->value();
  s.parse_errors_answered = c.answered->value();
  s.parse_errors_dropped = c.dropped->value();
  s.send_errors = c.send_errors->value();
  s.tcp_accepted = c.accepted->value();
  s.tcp_connected = c.connected->value();
  s.tcp_refused = c.refused->value();
  s.tcp_closed = c.closed->value();
  for (const auto& u : impl_->udp_sockets) {
    if (u) s.udp_drops += u->drops->value();
  }
  return s;
}

void Transport::updateUdpDrops() { impl_->updateUdpDrops(); }

size_t Transport::connectionCount() const { return impl_->conns.size(); }

Resolver& Transport::resolver() { return *impl_->resolver; }

bool Transport::closeConnection(uint64_t id) {
  auto it = impl_->conns.find(id);
  if (it == impl_->conns.end()) return false;
  impl_->closeConn(it->second, "closed locally");
  return true;
}

}  // namespace hk::sip
