#pragma once
// SIP transports of RFC 3261 §18 on one hk::EventLoop: UDP sockets and TCP (listeners and
// outbound connections, framed by Content-Length, reused by remote address), IPv4 and IPv6,
// rport (RFC 3581). Incoming requests get `received`/`rport` on their top Via; responses
// are routed by §18.2.2. Unparsable input is answered 400/505 when a response can be
// formed and dropped otherwise, and counted either way. Everything runs on the loop's
// thread; no Asio type appears here.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/executor.hpp"
#include "base/metrics.hpp"
#include "base/result.hpp"
#include "sip/message.hpp"
#include "sip/parser.hpp"
#include "sip/transport_resolver.hpp"
#include "sip/transport_types.hpp"

namespace hk::sip {

struct TransportConfig {
  Limits limits;  // parser limits (`stream` is set per transport)
  size_t max_tcp_connections = 1024;
  size_t udp_receive_buffer = 4u << 20;   // SO_RCVBUF of each UDP listener, bytes; 0: default
                                          // (the kernel raises a tiny value to its minimum)
  size_t max_tcp_buffered = 0;            // unframed bytes per connection; 0: 2*max_message
  size_t max_tcp_write_queue = 1u << 20;  // bytes waiting to be written per connection
  std::chrono::milliseconds tcp_idle_timeout{300'000};
  std::chrono::milliseconds tcp_connect_timeout{5'000};
  // How often each UDP listener's kernel drop count (a full receive queue) is read into
  // hankyo_sip_udp_drops_total{listener="ip:port"}; 0: only by Transport::updateUdpDrops().
  std::chrono::milliseconds udp_drops_interval{1'000};
  ResolverConfig dns;
  // Counters go here (hankyo_sip_*); nullptr: a private registry.
  metrics::Registry* metrics = nullptr;
};

struct TransportStats {
  uint64_t messages_in = 0;            // parsed and handed on
  uint64_t messages_out = 0;           // sent (UDP) or queued (TCP)
  uint64_t parse_errors_answered = 0;  // 400/505 sent back
  uint64_t parse_errors_dropped = 0;   // dropped silently
  uint64_t send_errors = 0;
  uint64_t tcp_accepted = 0;
  uint64_t tcp_connected = 0;  // outbound connections established
  uint64_t tcp_refused = 0;    // over max_tcp_connections
  uint64_t tcp_closed = 0;
  uint64_t udp_drops = 0;  // datagrams the kernel dropped (receive queue full), last update
};

// A parsed message and where it came from. The handler may send from inside the call.
using MessageHandler = std::function<void(Message&& msg, const Source& source)>;
// A send that failed (Code::NotFound: no address for the name; Code::Unavailable: no
// listener, connect or write failure, connection closed; Code::TooLarge: write queue full).
using SendErrorHandler = std::function<void(const hk::Error& error)>;

class Transport {
 public:
  // `dns_workers` runs getaddrinfo(); nullptr: a private one-thread pool. The loop (and
  // the pool) must outlive the Transport.
  explicit Transport(EventLoop& loop, TransportConfig config = {}, Executor* dns_workers = nullptr,
                     const Clock& clock = SystemClock::instance());
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Binds a UDP socket or a TCP listener. Fails (Code::Unavailable) when the address
  // cannot be bound, Code::Invalid when it is not an IP address.
  hk::Result<ListenerInfo> listen(const ListenSpec& spec);
  const std::vector<ListenerInfo>& listeners() const;
  // The listener a message to `target` leaves from (its sent-by goes in Via and Contact).
  // Names count as IPv4 unless only IPv6 listeners exist.
  hk::Result<ListenerInfo> listenerFor(const Target& target) const;

  void setHandler(MessageHandler handler);

  // Sends to a target: UDP at once (IP literal or cached name), TCP over the connection to
  // that address when there is one, a new one otherwise. Errors reach `on_error` later on
  // the loop, never from inside the call.
  void send(const Message& msg, const Target& target, SendErrorHandler on_error = {});
  void sendBytes(std::string_view bytes, const Target& target, SendErrorHandler on_error = {});
  // A response routed by RFC 3261 §18.2.2 and RFC 3581 from its top Via: over the
  // request's TCP connection while it is open; UDP to `received` and `rport` (else the
  // sent-by), from the listener the request arrived on.
  void sendResponse(const Message& response, const Source& request_source,
                    SendErrorHandler on_error = {});

  TransportStats stats() const;
  // Reads the kernel's drop count of every UDP listener (SO_MEMINFO) into
  // hankyo_sip_udp_drops_total now; the loop does it every `udp_drops_interval`.
  void updateUdpDrops();
  size_t connectionCount() const;
  Resolver& resolver();
  // Closes a TCP connection (its queued writes fail). False when there is none.
  bool closeConnection(uint64_t id);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hk::sip
