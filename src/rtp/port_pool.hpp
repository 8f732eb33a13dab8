#pragma once
// RTP ports: pairs (even RTP port, RTCP = RTP + 1) from a configured range, bound as
// non-blocking UDP sockets on the address given (IPv4 or IPv6). Pairs are handed out in
// turn through the range, so a port just freed is not reused at once (late packets of the
// previous call). inUse() is what the leak check reads: it returns to zero once every
// call has ended. Thread-safe.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "base/result.hpp"

namespace hk::rtp {

class PortPool;

// Two bound sockets; closes them and gives the pair back when destroyed.
class PortPair {
 public:
  PortPair() = default;
  PortPair(PortPair&& o) noexcept;
  PortPair& operator=(PortPair&& o) noexcept;
  PortPair(const PortPair&) = delete;
  PortPair& operator=(const PortPair&) = delete;
  ~PortPair();

  uint16_t port() const { return port_; }  // the RTP port; RTCP is port() + 1
  int rtpFd() const { return rtp_fd_; }
  int rtcpFd() const { return rtcp_fd_; }
  bool ipv6() const { return ipv6_; }
  const std::string& address() const { return address_; }
  explicit operator bool() const { return rtp_fd_ >= 0; }
  void reset();

 private:
  friend class PortPool;
  struct State;
  std::shared_ptr<State> pool_;
  int rtp_fd_ = -1;
  int rtcp_fd_ = -1;
  uint16_t port_ = 0;
  bool ipv6_ = false;
  std::string address_;
};

class PortPool {
 public:
  struct Config {
    uint16_t min_port = 30000;  // rounded up to even
    uint16_t max_port = 39999;
    int receive_buffer = 256 * 1024;  // SO_RCVBUF per RTP socket, bytes (0: system default)
  };
  // Code::Invalid for an empty or inverted range.
  static Result<std::unique_ptr<PortPool>> create(const Config& cfg);
  ~PortPool();

  // Binds a free pair on `address` (numeric IPv4 or IPv6; 0.0.0.0 or :: for any).
  // Code::Unavailable when every pair is taken; Code::Invalid for a bad address.
  Result<PortPair> allocate(const std::string& address);

  size_t inUse() const;
  size_t capacity() const;

 private:
  explicit PortPool(std::shared_ptr<PortPair::State> state);
  std::shared_ptr<PortPair::State> state_;
};

}  // namespace hk::rtp
