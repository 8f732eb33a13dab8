// sip::Transport: the kernel's drop count of each UDP listener (datagrams lost to a full
// receive queue while the loop was busy) in hankyo_sip_udp_drops_total. Read with one
// getsockopt(SO_MEMINFO) per listener on a timer, never per datagram.
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>

#include "sip/detail/transport_impl.hpp"

namespace hk::sip {

void Transport::Impl::watchUdpDrops(UdpSocket& s, const std::string& where) {
  s.drops = &config.metrics->counter(
      "hankyo_sip_udp_drops_total",
      "SIP datagrams the kernel dropped because a UDP listener's receive queue was full",
      "listener=\"" + where + "\"");
  s.drops_seen = 0;  // a new socket has dropped nothing yet
  armUdpDropsTimer();
}

void Transport::Impl::updateUdpDrops() {
  for (auto& s : udp_sockets) {
    if (!s || !s->sock.is_open()) continue;
    std::array<uint32_t, SK_MEMINFO_VARS> info{};
    socklen_t len = sizeof info;
    if (::getsockopt(s->sock.native_handle(), SOL_SOCKET, SO_MEMINFO, info.data(), &len) != 0 ||
        len <= SK_MEMINFO_DROPS * sizeof(uint32_t)) {
      continue;  // not Linux >= 3.4: nothing to report
    }
    uint32_t now = info[SK_MEMINFO_DROPS];
    s->drops->inc(static_cast<uint32_t>(now - s->drops_seen));  // modulo 2^32, like the kernel
    s->drops_seen = now;
  }
}

void Transport::Impl::armUdpDropsTimer() {
  if (udp_drops_timer != 0 || config.udp_drops_interval.count() <= 0) return;
  udp_drops_timer = loop.runAfter(config.udp_drops_interval, [this] {
    udp_drops_timer = 0;
    updateUdpDrops();
    armUdpDropsTimer();
  });
}

}  // namespace hk::sip
