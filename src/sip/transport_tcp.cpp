// sip::Transport over TCP: the listener, outbound connections reused by remote address,
// framing by Content-Length, write queues, idle close and the caps on connections and
// buffered bytes.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/write.hpp>

#include "base/log.hpp"
#include "sip/detail/transport_impl.hpp"

namespace hk::sip {
namespace {

constexpr std::chrono::milliseconds kAcceptRetry{100};

bool wouldBlock(const boost::system::error_code& ec) {
  return ec == asio::error::would_block || ec == asio::error::try_again;
}

}  // namespace

hk::Status Transport::Impl::listenTcp(ListenerInfo& info, const tcp::endpoint& ep) {
  auto l = std::make_shared<TcpListener>(this, info.id, io);
  boost::system::error_code ec;
  l->acceptor.open(ep.protocol(), ec);
  if (!ec) l->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec && info.v6) l->acceptor.set_option(asio::ip::v6_only(true), ec);
  if (!ec) l->acceptor.bind(ep, ec);
  if (!ec) l->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return hk::fail(hk::Code::Unavailable, "cannot listen on TCP " + ep.address().to_string() +
                                               ":" + std::to_string(ep.port()) + ": " +
                                               ec.message());
  }
  info.port = l->acceptor.local_endpoint(ec).port();
  tcp_listeners.push_back(l);
  udp_sockets.push_back(nullptr);
  startAccept(l);
  return hk::ok();
}

std::shared_ptr<TcpConn> Transport::Impl::newConn(uint32_t listener) {
  auto c = std::make_shared<TcpConn>(this, io, config.limits, config.max_tcp_buffered);
  c->listener = listener;
  c->last_activity = clock.mono();
  return c;
}

void Transport::Impl::startAccept(const std::shared_ptr<TcpListener>& l) {
  auto c = newConn(l->listener);
  l->acceptor.async_accept(c->sock, [l, c](const boost::system::error_code& ec) {
    Impl* self = l->owner;
    if (self == nullptr || ec == asio::error::operation_aborted) return;
    if (ec) {  // out of descriptors and the like: try again a little later
      self->loop.runAfter(kAcceptRetry, [l] {
        if (l->owner != nullptr) l->owner->startAccept(l);
      });
      return;
    }
    boost::system::error_code ec2;
    c->remote = c->sock.remote_endpoint(ec2);
    if (ec2 || self->conns.size() >= self->config.max_tcp_connections) {
      self->counters.refused->inc();
      c->sock.close(ec2);
    } else {
      c->connected = true;
      c->sock.set_option(tcp::no_delay(true), ec2);
      c->sock.non_blocking(true, ec2);
      self->counters.accepted->inc();
      self->registerConn(c);
      self->startRead(c);
      self->armIdle(c, self->config.tcp_idle_timeout);
    }
    self->startAccept(l);
  });
}

void Transport::Impl::registerConn(const std::shared_ptr<TcpConn>& c) {
  c->id = next_conn_id++;
  c->key = remoteKey(c->remote.address(), c->remote.port());
  conns[c->id] = c;
  conn_by_remote[c->key] = c->id;
  counters.connections->add(1);
}

void Transport::Impl::sendTcp(std::string_view bytes, const tcp::endpoint& to, uint32_t listener,
                              const std::string& local_bind, SendErrorHandler on_error) {
  auto found = conn_by_remote.find(remoteKey(to.address(), to.port()));
  if (found != conn_by_remote.end()) {
    auto it = conns.find(found->second);
    if (it != conns.end()) {
      enqueue(it->second, bytes, std::move(on_error));
      return;
    }
  }
  if (conns.size() >= config.max_tcp_connections) {
    counters.refused->inc();
    fail(on_error, hk::Error::unavailable("too many TCP connections"));
    return;
  }
  auto c = newConn(listener);
  c->remote = to;
  boost::system::error_code ec;
  c->sock.open(to.protocol(), ec);
  if (!ec && !local_bind.empty()) {
    c->sock.bind(tcp::endpoint(asio::ip::make_address(local_bind, ec), 0), ec);
  }
  if (ec) {
    fail(on_error, hk::Error::unavailable("cannot open a TCP socket: " + ec.message()));
    return;
  }
  registerConn(c);
  enqueue(c, bytes, std::move(on_error));
  std::weak_ptr<TcpConn> weak = c;
  c->connect_timer = loop.runAfter(config.tcp_connect_timeout, [weak] {
    auto conn = weak.lock();
    if (!conn || conn->owner == nullptr || conn->closed) return;
    conn->connect_timer = 0;
    if (!conn->connected) conn->owner->closeConn(conn, "connect timeout");
  });
  c->sock.async_connect(to, [c](const boost::system::error_code& err) {
    Impl* self = c->owner;
    if (self == nullptr || c->closed) return;
    if (c->connect_timer) self->loop.cancelTimer(c->connect_timer);
    c->connect_timer = 0;
    if (err) {
      self->closeConn(c, "connect failed: " + err.message());
      return;
    }
    boost::system::error_code ec2;
    c->connected = true;
    c->sock.set_option(tcp::no_delay(true), ec2);
    c->sock.non_blocking(true, ec2);
    c->last_activity = self->clock.mono();
    self->counters.connected->inc();
    self->startRead(c);
    self->armIdle(c, self->config.tcp_idle_timeout);
    self->startWrite(c);
  });
}

bool Transport::Impl::sendOnConn(uint64_t id, std::string_view bytes, SendErrorHandler& on_error) {
  auto it = conns.find(id);
  if (it == conns.end() || it->second->closed) return false;
  enqueue(it->second, bytes, std::move(on_error));
  return true;
}

void Transport::Impl::enqueue(const std::shared_ptr<TcpConn>& c, std::string_view bytes,
                              SendErrorHandler on_error) {
  if (c->closed) {
    fail(on_error, hk::Error::unavailable("TCP connection closed"));
    return;
  }
  if (c->connected && !c->writing && c->queue.empty()) {
    // Fast path: write at once; only what the socket does not take is queued.
    boost::system::error_code ec;
    size_t n = c->sock.write_some(asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec && !wouldBlock(ec)) {
      fail(on_error, hk::Error::unavailable("TCP write failed: " + ec.message()));
      closeConn(c, "write failed: " + ec.message());
      return;
    }
    if (ec) n = 0;
    c->last_activity = clock.mono();
    if (n == bytes.size()) {
      counters.out->inc();
      return;
    }
    bytes.remove_prefix(n);
  }
  if (c->queued_bytes + bytes.size() > config.max_tcp_write_queue) {
    fail(on_error, hk::fail(hk::Code::TooLarge, "TCP write queue full").error);
    return;
  }
  c->queue.push_back(PendingWrite{std::string(bytes), std::move(on_error)});
  c->queued_bytes += bytes.size();
  counters.out->inc();
  startWrite(c);
}

void Transport::Impl::startWrite(const std::shared_ptr<TcpConn>& c) {
  if (c->writing || c->queue.empty() || !c->connected || c->closed) return;
  c->writing = true;
  const std::string& front = c->queue.front().bytes;
  asio::async_write(c->sock, asio::buffer(front.data(), front.size()),
                    [c](const boost::system::error_code& ec, size_t) {
                      Impl* self = c->owner;
                      if (self == nullptr || c->closed) return;
                      c->writing = false;
                      if (ec) {
                        self->closeConn(c, "write failed: " + ec.message());
                        return;
                      }
                      c->queued_bytes -= c->queue.front().bytes.size();
                      c->queue.pop_front();
                      c->last_activity = self->clock.mono();
                      self->startWrite(c);
                    });
}

void Transport::Impl::startRead(const std::shared_ptr<TcpConn>& c) {
  c->sock.async_read_some(
      asio::buffer(c->rbuf), [c](const boost::system::error_code& ec, size_t n) {
        Impl* self = c->owner;
        if (self == nullptr || c->closed) return;
        if (ec) {
          self->closeConn(c, ec == asio::error::eof ? "closed by peer" : ec.message());
          return;
        }
        c->last_activity = self->clock.mono();
        if (auto st = c->framer.feed(std::string_view(c->rbuf.data(), n)); !st) {
          self->counters.dropped->inc();
          self->closeConn(c, st.error().message);
          return;
        }
        Source src{TransportKind::Tcp, c->remote.address().to_string(), c->remote.port(), c->id,
                   c->listener};
        for (;;) {
          auto next = c->framer.next();
          if (!next) {  // cannot find the next message: the stream is lost
            self->counters.dropped->inc();
            self->closeConn(c, "framing: " + next.error().message);
            return;
          }
          if (!*next) break;
          self->onData(**next, src, true);
          if (c->owner == nullptr || c->closed) return;
        }
        for (size_t pings = c->framer.takePings(); pings > 0; --pings) {
          self->enqueue(c, "\r\n", {});  // RFC 5626 pong
        }
        if (!c->closed) self->startRead(c);
      });
}

void Transport::Impl::armIdle(const std::shared_ptr<TcpConn>& c, std::chrono::milliseconds after) {
  std::weak_ptr<TcpConn> weak = c;
  c->idle_timer = loop.runAfter(after, [weak] {
    auto conn = weak.lock();
    if (!conn || conn->owner == nullptr || conn->closed) return;
    Impl* self = conn->owner;
    conn->idle_timer = 0;
    auto idle = self->clock.mono() - conn->last_activity;
    auto limit = self->config.tcp_idle_timeout;
    if (idle >= limit && conn->queue.empty()) {
      self->closeConn(conn, "idle");
      return;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(limit - idle);
    self->armIdle(conn, std::max(left, std::chrono::milliseconds(1)));
  });
}

void Transport::Impl::closeConn(const std::shared_ptr<TcpConn>& c, const std::string& why) {
  if (c->closed) return;
  c->closed = true;
  static auto lg = hk::log::get("sip");
  HK_LOG_DEBUG(lg, "TCP connection {} to {}:{} closed: {}", c->id, c->remote.address().to_string(),
               c->remote.port(), why);
  boost::system::error_code ec;
  c->sock.close(ec);
  if (c->idle_timer) loop.cancelTimer(c->idle_timer);
  if (c->connect_timer) loop.cancelTimer(c->connect_timer);
  c->idle_timer = 0;
  c->connect_timer = 0;
  if (conns.erase(c->id) > 0) counters.connections->add(-1);
  auto it = conn_by_remote.find(c->key);
  if (it != conn_by_remote.end() && it->second == c->id) conn_by_remote.erase(it);
  counters.closed->inc();
  std::deque<PendingWrite> pending = std::move(c->queue);
  c->queue.clear();
  c->queued_bytes = 0;
  for (PendingWrite& w : pending) {
    fail(w.on_error, hk::Error::unavailable("TCP connection closed: " + why));
  }
}

}  // namespace hk::sip
