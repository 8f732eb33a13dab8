#pragma once
// Inside of sip::Transport (Asio-facing; included by src/sip/transport*.cpp only).
#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/detail/asio.hpp"
#include "sip/framer.hpp"
#include "sip/transport.hpp"

namespace hk::sip {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using tcp = asio::ip::tcp;

struct UdpSocket {
  UdpSocket(Transport::Impl* o, uint32_t id, asio::io_context& io)
      : owner(o), listener(id), sock(io) {}
  Transport::Impl* owner;  // nullptr once the Transport is gone
  uint32_t listener;
  udp::socket sock;
  udp::endpoint from;
  std::unique_ptr<char[]> buf;
  size_t buf_size = 0;
  metrics::Counter* drops = nullptr;  // hankyo_sip_udp_drops_total of this listener
  uint32_t drops_seen = 0;            // the kernel's count at the last update (it wraps)
};

struct TcpListener {
  TcpListener(Transport::Impl* o, uint32_t id, asio::io_context& io)
      : owner(o), listener(id), acceptor(io) {}
  Transport::Impl* owner;
  uint32_t listener;
  tcp::acceptor acceptor;
};

struct PendingWrite {
  std::string bytes;
  SendErrorHandler on_error;
};

struct TcpConn {
  TcpConn(Transport::Impl* o, asio::io_context& io, const Limits& limits, size_t max_buffered)
      : owner(o), sock(io), framer(limits, max_buffered) {}
  Transport::Impl* owner;
  uint64_t id = 0;
  uint32_t listener = 0;  // accepting listener, or the TCP listener outbound ones announce
  tcp::socket sock;
  tcp::endpoint remote;
  std::string key;  // remote "address|port"
  Framer framer;
  std::array<char, 16 * 1024> rbuf{};
  std::deque<PendingWrite> queue;
  size_t queued_bytes = 0;
  bool writing = false;
  bool connected = false;
  bool closed = false;
  MonoTime last_activity{};
  TimerId idle_timer = 0;
  TimerId connect_timer = 0;
};

struct Transport::Impl {
  Impl(EventLoop& l, TransportConfig c, Executor* workers, const Clock& clk);
  ~Impl();

  // ---- transport.cpp
  hk::Result<ListenerInfo> listen(const ListenSpec& spec);
  void startUdpReceive(const std::shared_ptr<UdpSocket>& s);
  void onData(std::string_view data, const Source& src, bool stream);
  void answerParseFailure(const Message& response, const Source& src);
  const ListenerInfo* pickListener(TransportKind t, bool v6, std::string_view local) const;
  void sendBytes(std::string_view bytes, const Target& target, SendErrorHandler on_error,
                 int listener_hint);
  void sendPicked(std::string_view bytes, const Target& target, const Resolver::Addresses& addrs,
                  SendErrorHandler on_error, int listener_hint);
  void sendResolved(std::string_view bytes, TransportKind t, const std::string& address,
                    uint16_t port, std::string_view local, SendErrorHandler on_error,
                    int listener_hint);
  void sendUdp(std::string_view bytes, const udp::endpoint& to, uint32_t listener,
               SendErrorHandler& on_error);
  void fail(SendErrorHandler& on_error, hk::Error error);

  // ---- transport_drops.cpp
  void watchUdpDrops(UdpSocket& s, const std::string& where);
  void updateUdpDrops();
  void armUdpDropsTimer();

  // ---- transport_tcp.cpp
  hk::Status listenTcp(ListenerInfo& info, const tcp::endpoint& ep);
  void startAccept(const std::shared_ptr<TcpListener>& l);
  std::shared_ptr<TcpConn> newConn(uint32_t listener);
  void registerConn(const std::shared_ptr<TcpConn>& c);
  void sendTcp(std::string_view bytes, const tcp::endpoint& to, uint32_t listener,
               const std::string& local_bind, SendErrorHandler on_error);
  bool sendOnConn(uint64_t id, std::string_view bytes, SendErrorHandler& on_error);
  void enqueue(const std::shared_ptr<TcpConn>& c, std::string_view bytes,
               SendErrorHandler on_error);
  void startRead(const std::shared_ptr<TcpConn>& c);
  void startWrite(const std::shared_ptr<TcpConn>& c);
  void armIdle(const std::shared_ptr<TcpConn>& c, std::chrono::milliseconds after);
  void closeConn(const std::shared_ptr<TcpConn>& c, const std::string& why);

  EventLoop& loop;
  asio::io_context& io;
  TransportConfig config;
  const Clock& clock;
  std::unique_ptr<WorkerPool> own_workers;
  std::unique_ptr<Resolver> resolver;
  std::unique_ptr<metrics::Registry> own_metrics;
  MessageHandler handler;

  std::vector<ListenerInfo> listeners;
  std::vector<std::shared_ptr<UdpSocket>> udp_sockets;  // by listener id (nullptr for TCP)
  std::vector<std::shared_ptr<TcpListener>> tcp_listeners;
  std::unordered_map<uint64_t, std::shared_ptr<TcpConn>> conns;
  std::unordered_map<std::string, uint64_t> conn_by_remote;
  uint64_t next_conn_id = 1;
  TimerId udp_drops_timer = 0;

  struct Counters {
    metrics::Counter* in;
    metrics::Counter* out;
    metrics::Counter* answered;
    metrics::Counter* dropped;
    metrics::Counter* send_errors;
    metrics::Counter* accepted;
    metrics::Counter* connected;
    metrics::Counter* refused;
    metrics::Counter* closed;
    metrics::Gauge* connections;
  } counters{};
};

// "address|port" of a TCP peer, the key of connection reuse.
std::string remoteKey(const asio::ip::address& a, uint16_t port);

}  // namespace hk::sip
