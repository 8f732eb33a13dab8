#include "rtp/port_pool.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include "rtp/detail/sock_addr.hpp"

namespace hk::rtp {

struct PortPair::State {
  std::mutex mu;
  uint16_t first = 0;      // even
  std::vector<bool> used;  // per pair
  size_t next = 0;         // where the next search starts
  size_t in_use = 0;
  int receive_buffer = 0;

  void release(uint16_t port) {
    std::lock_guard lock(mu);
    size_t i = (port - first) / 2u;
    if (i < used.size() && used[i]) {
      used[i] = false;
      --in_use;
    }
  }
};

namespace {

int openBound(const detail::SockAddr& addr, uint16_t port, int rcvbuf, int& err) {
  int fd = ::socket(addr.ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    err = errno;
    return -1;
  }
  if (addr.ipv6()) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  }
  if (rcvbuf > 0) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  detail::SockAddr a = addr;
  if (a.ipv6()) {
    reinterpret_cast<sockaddr_in6*>(&a.ss)->sin6_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in*>(&a.ss)->sin_port = htons(port);
  }
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&a.ss), a.len) != 0) {
    err = errno;
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

PortPair::PortPair(PortPair&& o) noexcept { *this = std::move(o); }

PortPair& PortPair::operator=(PortPair&& o) noexcept {
  if (this != &o) {
    reset();
    pool_ = std::move(o.pool_);
    rtp_fd_ = std::exchange(o.rtp_fd_, -1);
    rtcp_fd_ = std::exchange(o.rtcp_fd_, -1);
    port_ = std::exchange(o.port_, 0);
    ipv6_ = o.ipv6_;
    address_ = std::move(o.address_);
  }
  return *this;
}

PortPair::~PortPair() { reset(); }

void PortPair::reset() {
  if (rtp_fd_ >= 0) ::close(rtp_fd_);
  if (rtcp_fd_ >= 0) ::close(rtcp_fd_);
  rtp_fd_ = rtcp_fd_ = -1;
  if (pool_) pool_->release(port_);
  pool_.reset();
  port_ = 0;
}

Result<std::unique_ptr<PortPool>> PortPool::create(const Config& cfg) {
  uint32_t first = cfg.min_port + (cfg.min_port % 2u);
  if (first == 0 || first + 1 > cfg.max_port) {
    return fail(Code::Invalid, "RTP port range must hold at least one even/odd pair",
                "rtp.port_min");
  }
  auto state = std::make_shared<PortPair::State>();
  state->first = static_cast<uint16_t>(first);
  state->used.assign((cfg.max_port - first + 1) / 2, false);
  state->receive_buffer = cfg.receive_buffer;
  return std::unique_ptr<PortPool>(new PortPool(std::move(state)));
}

PortPool::PortPool(std::shared_ptr<PortPair::State> state) : state_(std::move(state)) {}
PortPool::~PortPool() = default;

Result<PortPair> PortPool::allocate(const std::string& address) {
  auto addr = detail::toSockAddr(address, 0);
  if (!addr) return addr.error();
  std::lock_guard lock(state_->mu);
  size_t n = state_->used.size();
  for (size_t k = 0; k < n; ++k) {
    size_t i = (state_->next + k) % n;
    if (state_->used[i]) continue;
    auto port = static_cast<uint16_t>(state_->first + 2 * i);
    int err = 0;
    int rtp = openBound(*addr, port, state_->receive_buffer, err);
    int rtcp = rtp >= 0 ? openBound(*addr, static_cast<uint16_t>(port + 1), 0, err) : -1;
    if (rtcp < 0) {
      if (rtp >= 0) ::close(rtp);
      if (err == EADDRINUSE) continue;  // taken by another process: try the next pair
      return fail(Code::Invalid,
                  "cannot bind RTP socket on " + address + ": " + std::strerror(err));
    }
    state_->used[i] = true;
    ++state_->in_use;
    state_->next = (i + 1) % n;
    PortPair p;
    p.pool_ = state_;
    p.rtp_fd_ = rtp;
    p.rtcp_fd_ = rtcp;
    p.port_ = port;
    p.ipv6_ = addr->ipv6();
    p.address_ = address;
    return p;
  }
  return fail(Code::Unavailable, "no free RTP port pair");
}

size_t PortPool::inUse() const {
  std::lock_guard lock(state_->mu);
  return state_->in_use;
}

size_t PortPool::capacity() const { return state_->used.size(); }

}  // namespace hk::rtp
