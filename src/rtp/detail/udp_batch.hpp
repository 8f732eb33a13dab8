#pragma once
// Batched UDP I/O on non-blocking sockets: recvmmsg into fixed buffers, sendmmsg of
// several packets to one destination.
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "rtp/detail/sock_addr.hpp"

namespace hk::rtp::detail {

constexpr size_t kBatch = 32;
constexpr size_t kBufferSize = 2048;

class RecvBatch {
 public:
  RecvBatch();
  // Reads up to kBatch datagrams; 0 when none is waiting (or on a repeated error). Fewer
  // than kBatch: the socket was empty at that moment.
  size_t receive(int fd);
  std::span<uint8_t> data(size_t i) { return {buffers_[i].data(), msgs_[i].msg_len}; }
  bool truncated(size_t i) const { return (msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0; }
  SockAddr from(size_t i) const;

 private:
  std::array<std::array<uint8_t, kBufferSize>, kBatch> buffers_;
  std::array<mmsghdr, kBatch> msgs_{};
  std::array<iovec, kBatch> iov_{};
  std::array<sockaddr_storage, kBatch> from_{};
};

class SendBatch {
 public:
  void add(std::span<const uint8_t> packet);
  size_t size() const { return n_; }
  // Sends everything to `to`; returns how many went out, and adds their bytes to `bytes`.
  size_t flush(int fd, const SockAddr& to, uint64_t& bytes);

 private:
  std::array<mmsghdr, kBatch> msgs_{};
  std::array<iovec, kBatch> iov_{};
  size_t n_ = 0;
};

}  // namespace hk::rtp::detail
