#pragma once
// Value types shared by the SIP transport and transaction layers: transports, where a
// message goes (Target), where one came from (Source), local listeners.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hk::sip {

enum class TransportKind : uint8_t { Udp, Tcp };

// "UDP", "TCP" (as written in Via).
std::string_view transportName(TransportKind t);
// Case-insensitive "udp"/"tcp"; nullopt for anything else.
std::optional<TransportKind> parseTransportName(std::string_view s);
inline bool isReliable(TransportKind t) { return t == TransportKind::Tcp; }

// Where to send a message. `host` is a name (resolved without blocking the loop), an IPv4
// address or an IPv6 address (brackets allowed).
struct Target {
  TransportKind transport = TransportKind::Udp;
  std::string host;
  uint16_t port = 5060;
  // Bind address of the local listener to send from (a trunk's interface). Empty: the
  // first listener of the transport and the address family.
  std::string local;
};

// Where a message came from.
struct Source {
  TransportKind transport = TransportKind::Udp;
  std::string address;      // IP literal; IPv6 without brackets
  uint16_t port = 0;        // source port
  uint64_t connection = 0;  // TCP connection id (0 for UDP)
  uint32_t listener = 0;    // id of the local listener it arrived on (TCP outbound: 0 too)
};

struct ListenSpec {
  TransportKind transport = TransportKind::Udp;
  std::string address = "127.0.0.1";  // "0.0.0.0", "::", "::1", an interface address
  uint16_t port = 0;                  // 0: any free port (ListenerInfo tells which)
  // What Via sent-by and Contact (and the SDP, for the B2BUA) announce: a public address
  // for a host behind NAT. Empty / 0: the bound address / port. A wildcard bind needs one.
  std::string advertised_host;
  uint16_t advertised_port = 0;
};

struct ListenerInfo {
  uint32_t id = 0;
  TransportKind transport = TransportKind::Udp;
  std::string address;  // bound address (IPv6 without brackets)
  uint16_t port = 0;    // bound port (the real one when 0 was asked)
  bool v6 = false;
  std::string advertised_host;  // IPv6 without brackets
  uint16_t advertised_port = 0;

  // "host:port" for Via sent-by and Contact, IPv6 in brackets.
  std::string sentBy() const;
  // advertised_host, IPv6 in brackets.
  std::string hostForUri() const;
};

}  // namespace hk::sip
