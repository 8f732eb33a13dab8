#pragma once
// Socket addresses for the media code (.cpp files and detail/ only).
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>

#include "base/result.hpp"
#include "rtp/media_types.hpp"

namespace hk::rtp::detail {

struct SockAddr {
  sockaddr_storage ss{};
  socklen_t len = 0;
  bool ipv6() const { return ss.ss_family == AF_INET6; }
  uint16_t port() const;
};

// A numeric IPv4 or IPv6 address (no names: nothing blocks on DNS here).
Result<SockAddr> toSockAddr(const std::string& ip, uint16_t port);
Endpoint toEndpoint(const SockAddr& a);
bool sameIp(const SockAddr& a, const SockAddr& b);
bool sameIpAndPort(const SockAddr& a, const SockAddr& b);

}  // namespace hk::rtp::detail
