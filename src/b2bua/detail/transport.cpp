#include "b2bua/transport.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/asio.hpp>
#include <deque>
#include <map>

#include "base/detail/asio.hpp"
#include "base/log.hpp"
#include "sip/framer.hpp"
#include "sip/parser.hpp"
#include "sip/response.hpp"

namespace hk::b2bua {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

const char* protoName(Proto p) { return p == Proto::Udp ? "UDP" : "TCP"; }

namespace {

Result<std::pair<asio::ip::address, uint16_t>> splitListen(const std::string& s) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos) return fail(Code::Invalid, "listen address needs ip:port", s);
  std::string host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (ec) return fail(Code::Invalid, fmt::format("'{}' is not an IP address", host), s);
  int port = 0;
  try {
    port = std::stoi(s.substr(colon + 1));
  } catch (...) {
    port = -1;
  }
  if (port < 0 || port > 65535) return fail(Code::Invalid, "bad port", s);
  return std::make_pair(addr, static_cast<uint16_t>(port));
}

}  // namespace

struct Transport::Impl {
  struct Conn : std::enable_shared_from_this<Conn> {
    Impl* owner;
    tcp::socket sock;
    Peer peer;
    sip::Framer framer{sip::Limits{.stream = true}};
    std::array<char, 8192> buf{};
    std::deque<std::string> out;
    bool connected = false, closed = false;
    Conn(Impl* o, tcp::socket s) : owner(o), sock(std::move(s)) {}
  };

  EventLoop& loop;
  OnMessage cb;
  udp::socket udp_sock;
  std::optional<tcp::acceptor> acceptor;
  std::array<char, 65536> udp_buf{};
  udp::endpoint udp_from;
  std::map<std::string, std::shared_ptr<Conn>> conns;  // "ip:port"
  std::shared_ptr<spdlog::logger> lg = log::get("sip");
  bool closed = false;

  explicit Impl(EventLoop& l, OnMessage c)
      : loop(l), cb(std::move(c)), udp_sock(detail::ioContext(l)) {}

  static std::string key(const Peer& p) { return fmt::format("{}:{}", p.ip, p.port); }

  void deliver(std::string_view data, const Peer& from, bool stream) {
    sip::ParseFailure pf;
    sip::Limits lim;
    lim.stream = stream;
    auto m = sip::parseMessage(data, lim, &pf);
    if (!m) {
      HK_LOG_DEBUG(lg, "bad SIP message from {}:{}: {}", from.ip, from.port, m.error().message);
      if (pf.canRespond()) send(sip::makeResponse(*pf.request, pf.status, pf.reason), from);
      return;
    }
    cb(std::move(*m), from);
  }

  void readUdp() {
    udp_sock.async_receive_from(
        asio::buffer(udp_buf), udp_from, [this](const boost::system::error_code& ec, size_t n) {
          if (ec == asio::error::operation_aborted || closed) return;
          if (!ec && n > 4) {
            Peer p{Proto::Udp, udp_from.address().to_string(), udp_from.port()};
            deliver(std::string_view(udp_buf.data(), n), p, false);
          }
          readUdp();
        });
  }

  void accept() {
    acceptor->async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted || closed) return;
      if (!ec) {
        boost::system::error_code e2;
        auto ep = s.remote_endpoint(e2);
        if (!e2) {
          auto c = std::make_shared<Conn>(this, std::move(s));
          c->peer = Peer{Proto::Tcp, ep.address().to_string(), ep.port()};
          c->connected = true;
          conns[key(c->peer)] = c;
          readTcp(c);
        }
      }
      accept();
    });
  }

  void drop(const std::shared_ptr<Conn>& c) {
    if (c->closed) return;
    c->closed = true;
    boost::system::error_code ec;
    c->sock.close(ec);
    auto it = conns.find(key(c->peer));
    if (it != conns.end() && it->second == c) conns.erase(it);
  }

  void readTcp(const std::shared_ptr<Conn>& c) {
    c->sock.async_read_some(asio::buffer(c->buf),
                            [this, c](const boost::system::error_code& ec, size_t n) {
                              if (ec || closed) return drop(c);
                              if (!c->framer.feed(std::string_view(c->buf.data(), n)))
                                return drop(c);
                              while (true) {
                                auto next = c->framer.next();
                                if (!next) return drop(c);
                                if (!*next) break;
                                std::string copy(**next);
                                deliver(copy, c->peer, true);
                                if (c->closed) return;
                              }
                              c->framer.takePings();
                              readTcp(c);
                            });
  }

  void flush(const std::shared_ptr<Conn>& c) {
    if (!c->connected || c->out.empty() || c->closed) return;
    asio::async_write(c->sock, asio::buffer(c->out.front()),
                      [this, c](const boost::system::error_code& ec, size_t) {
                        if (ec) return drop(c);
                        c->out.pop_front();
                        flush(c);
                      });
  }

  void sendTcp(std::string data, const Peer& to) {
    auto it = conns.find(key(to));
    if (it != conns.end()) {
      bool idle = it->second->out.empty();
      it->second->out.push_back(std::move(data));
      if (idle) flush(it->second);
      return;
    }
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(to.ip, ec);
    if (ec) {
      HK_LOG_WARN(lg, "cannot send to {}: not an IP address", to.ip);
      return;
    }
    auto c = std::make_shared<Conn>(this, tcp::socket(detail::ioContext(loop)));
    c->peer = to;
    c->out.push_back(std::move(data));
    conns[key(to)] = c;
    c->sock.async_connect(tcp::endpoint(addr, to.port),
                          [this, c](const boost::system::error_code& e) {
                            if (e || closed) return drop(c);
                            c->connected = true;
                            readTcp(c);
                            flush(c);
                          });
  }

  void send(const sip::Message& m, const Peer& to) {
    if (closed) return;
    std::string data = m.toString();
    if (to.proto == Proto::Tcp) return sendTcp(std::move(data), to);
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(to.ip, ec);
    if (ec) {
      HK_LOG_WARN(lg, "cannot send to {}: not an IP address", to.ip);
      return;
    }
    udp_sock.send_to(asio::buffer(data), udp::endpoint(addr, to.port), 0, ec);
    if (ec) HK_LOG_DEBUG(lg, "UDP send to {}:{} failed: {}", to.ip, to.port, ec.message());
  }
};

Result<std::unique_ptr<Transport>> Transport::open(EventLoop& loop, const std::string& udp_listen,
                                                   const std::string& tcp_listen, OnMessage cb) {
  auto impl = std::make_unique<Impl>(loop, std::move(cb));
  auto u = splitListen(udp_listen);
  if (!u) return u.error();
  boost::system::error_code ec;
  udp::endpoint uep(u->first, u->second);
  impl->udp_sock.open(uep.protocol(), ec);
  if (!ec) impl->udp_sock.bind(uep, ec);
  if (ec) return fail(Code::Unavailable, fmt::format("SIP UDP {}: {}", udp_listen, ec.message()));
  if (!tcp_listen.empty()) {
    auto t = splitListen(tcp_listen);
    if (!t) return t.error();
    tcp::endpoint tep(t->first, t->second);
    impl->acceptor.emplace(detail::ioContext(loop));
    impl->acceptor->open(tep.protocol(), ec);
    if (!ec) impl->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) impl->acceptor->bind(tep, ec);
    if (!ec) impl->acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail(Code::Unavailable, fmt::format("SIP TCP {}: {}", tcp_listen, ec.message()));
  }
  auto* raw = impl.get();
  loop.post([raw] {
    raw->readUdp();
    if (raw->acceptor) raw->accept();
  });
  return std::unique_ptr<Transport>(new Transport(std::move(impl)));
}

Transport::Transport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transport::~Transport() { close(); }

void Transport::send(const sip::Message& m, const Peer& to) { impl_->send(m, to); }
uint16_t Transport::udpPort() const {
  boost::system::error_code ec;
  return impl_->udp_sock.local_endpoint(ec).port();
}
uint16_t Transport::tcpPort() const {
  if (!impl_->acceptor) return 0;
  boost::system::error_code ec;
  return impl_->acceptor->local_endpoint(ec).port();
}
size_t Transport::tcpConnections() const { return impl_->conns.size(); }

void Transport::close() {
  if (impl_->closed) return;
  impl_->closed = true;
  boost::system::error_code ec;
  impl_->udp_sock.close(ec);
  if (impl_->acceptor) impl_->acceptor->close(ec);
  for (auto& [k, c] : impl_->conns) c->sock.close(ec);
  impl_->conns.clear();
}

}  // namespace hk::b2bua
