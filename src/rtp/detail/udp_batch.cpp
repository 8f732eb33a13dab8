#include "rtp/detail/udp_batch.hpp"

#include <cerrno>
#include <cstring>

namespace hk::rtp::detail {

RecvBatch::RecvBatch() {
  for (size_t i = 0; i < kBatch; ++i) {
    iov_[i] = {buffers_[i].data(), kBufferSize};
    msgs_[i].msg_hdr.msg_iov = &iov_[i];
    msgs_[i].msg_hdr.msg_iovlen = 1;
  }
}

size_t RecvBatch::receive(int fd) {
  for (size_t i = 0; i < kBatch; ++i) {
    msgs_[i].msg_hdr.msg_name = &from_[i];
    msgs_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    msgs_[i].msg_hdr.msg_flags = 0;
  }
  int n = -1;
  // A pending socket error (an ICMP port unreachable for an earlier send) is reported, and
  // cleared, before the datagrams behind it: read again once, so that with the
  // edge-triggered poller nothing stays unread until the next datagram.
  for (int errors = 0; errors < 2;) {
    n = ::recvmmsg(fd, msgs_.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK) break;
    if (errno != EINTR) ++errors;
  }
  return n > 0 ? static_cast<size_t>(n) : 0;
}

SockAddr RecvBatch::from(size_t i) const {
  SockAddr a;
  std::memcpy(&a.ss, &from_[i], sizeof(sockaddr_storage));
  a.len = msgs_[i].msg_hdr.msg_namelen;
  return a;
}

void SendBatch::add(std::span<const uint8_t> packet) {
  if (n_ == kBatch) return;
  iov_[n_] = {const_cast<uint8_t*>(packet.data()), packet.size()};
  msgs_[n_] = {};
  msgs_[n_].msg_hdr.msg_iov = &iov_[n_];
  msgs_[n_].msg_hdr.msg_iovlen = 1;
  ++n_;
}

size_t SendBatch::flush(int fd, const SockAddr& to, uint64_t& bytes) {
  size_t done = 0;
  size_t ok = 0;
  for (size_t i = 0; i < n_; ++i) {
    msgs_[i].msg_hdr.msg_name = const_cast<sockaddr_storage*>(&to.ss);
    msgs_[i].msg_hdr.msg_namelen = to.len;
  }
  while (done < n_) {
    int r = ::sendmmsg(fd, msgs_.data() + done, static_cast<unsigned>(n_ - done), MSG_DONTWAIT);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;  // buffer full: drop the rest
    if (r <= 0) {
      ++done;  // this one cannot go (too big, unreachable): skip it, try the others
      continue;
    }
    for (int i = 0; i < r; ++i) bytes += iov_[done + static_cast<size_t>(i)].iov_len;
    done += static_cast<size_t>(r);
    ok += static_cast<size_t>(r);
  }
  n_ = 0;
  return ok;
}

}  // namespace hk::rtp::detail
