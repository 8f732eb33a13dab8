#include "rtp/detail/sock_addr.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace hk::rtp::detail {

uint16_t SockAddr::port() const {
  if (ss.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&ss)->sin_port);
  }
  return ntohs(reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_port);
}

Result<SockAddr> toSockAddr(const std::string& ip, uint16_t port) {
  SockAddr a;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.ss);
  if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    a.len = sizeof(sockaddr_in);
    return a;
  }
  if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    a.len = sizeof(sockaddr_in6);
    return a;
  }
  return fail(Code::Invalid, "not a numeric IP address: '" + ip + "'");
}

Endpoint toEndpoint(const SockAddr& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (a.ss.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&a.ss)->sin_addr, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&a.ss)->sin6_addr, buf, sizeof buf);
  }
  return {buf, a.port()};
}

bool sameIp(const SockAddr& a, const SockAddr& b) {
  if (a.ss.ss_family != b.ss.ss_family) return false;
  if (a.ss.ss_family == AF_INET) {
    return reinterpret_cast<const sockaddr_in*>(&a.ss)->sin_addr.s_addr ==
           reinterpret_cast<const sockaddr_in*>(&b.ss)->sin_addr.s_addr;
  }
  return std::memcmp(&reinterpret_cast<const sockaddr_in6*>(&a.ss)->sin6_addr,
                     &reinterpret_cast<const sockaddr_in6*>(&b.ss)->sin6_addr,
                     sizeof(in6_addr)) == 0;
}

bool sameIpAndPort(const SockAddr& a, const SockAddr& b) {
  return sameIp(a, b) && a.port() == b.port();
}

}  // namespace hk::rtp::detail
