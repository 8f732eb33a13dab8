#pragma once
// SIP over UDP and TCP for the B2BUA, on the call loop's thread. Inbound messages are
// parsed here (a bad request that can be answered gets its 400 here) and handed over with
// where they came from; responses and requests go out to a Peer. TCP connections are
// reused in both directions (keyed by the peer's address). Asio stays in the .cpp.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/executor.hpp"
#include "base/result.hpp"
#include "sip/message.hpp"

namespace hk::b2bua {

enum class Proto { Udp, Tcp };
const char* protoName(Proto p);  // "UDP", "TCP"

struct Peer {
  Proto proto = Proto::Udp;
  std::string ip;
  uint16_t port = 0;
  bool operator==(const Peer&) const = default;
};

class Transport {
 public:
  using OnMessage = std::function<void(sip::Message, const Peer&)>;
  // `udp_listen`/`tcp_listen`: "ip:port" (port 0: any free); an empty tcp_listen: no TCP.
  static Result<std::unique_ptr<Transport>> open(EventLoop& loop, const std::string& udp_listen,
                                                 const std::string& tcp_listen, OnMessage cb);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // From the loop's thread. Errors are logged and counted, never thrown.
  void send(const sip::Message& m, const Peer& to);
  uint16_t udpPort() const;
  uint16_t tcpPort() const;  // 0 without TCP
  size_t tcpConnections() const;
  void close();

  struct Impl;

 private:
  explicit Transport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hk::b2bua
