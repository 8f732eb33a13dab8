// hankyo_sip_udp_drops_total: datagrams the kernel drops because a SIP UDP listener's
// receive queue is full (the loop fell behind) show on /metrics, per listener.
#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>

#include "base/metrics.hpp"
#include "net_test_util.hpp"
#include "sip/transport.hpp"

namespace hk::sip::test {
namespace {

// The value /metrics shows for the listener, nullopt when the series is missing.
std::optional<uint64_t> dropsOnMetrics(const metrics::Registry& reg, const ListenerInfo& l) {
  std::string prefix =
      "hankyo_sip_udp_drops_total{listener=\"" + l.address + ":" + std::to_string(l.port) + "\"} ";
  std::istringstream text(reg.render());
  for (std::string line; std::getline(text, line);) {
    if (line.rfind(prefix, 0) == 0) return std::stoull(line.substr(prefix.size()));
  }
  return std::nullopt;
}

std::string options(int i) {
  return rawRequest("OPTIONS", "SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKflood" + std::to_string(i),
                    {}, "flood-" + std::to_string(i));
}

TEST(TransportUdpDrops, AFullReceiveQueueIsCountedForItsListener) {
  EventLoop loop("drops");
  metrics::Registry reg;
  TransportConfig config;
  config.metrics = &reg;
  config.udp_receive_buffer = 1;  // the kernel's minimum: a few datagrams
  config.udp_drops_interval = 10ms;
  Transport transport(loop, config);
  ListenerInfo small = transport.listen({TransportKind::Udp, "127.0.0.1", 0, {}, 0}).value();
  config.udp_receive_buffer = 4u << 20;
  ListenerInfo other = transport.listen({TransportKind::Udp, "127.0.0.1", 0, {}, 0}).value();

  // The loop does not run while the burst arrives: only the queue can hold it.
  constexpr uint64_t kSent = 200;
  RawUdp peer;
  for (uint64_t i = 0; i < kSent; ++i) peer.sendTo(small.port, options(static_cast<int>(i)));

  // Every datagram was either handed on or counted as dropped, by the loop's own timer.
  ASSERT_TRUE(runUntil(loop, [&] {
    TransportStats s = transport.stats();
    return s.messages_in + s.udp_drops == kSent;
  }));
  TransportStats s = transport.stats();
  EXPECT_GT(s.udp_drops, 0u);
  EXPECT_GT(s.messages_in, 0u);
  EXPECT_EQ(dropsOnMetrics(reg, small), s.udp_drops);
  EXPECT_EQ(dropsOnMetrics(reg, other), 0u);

  // A counter: a later update adds only new drops.
  transport.updateUdpDrops();
  EXPECT_EQ(dropsOnMetrics(reg, small), s.udp_drops);
}

TEST(TransportUdpDrops, StaysZeroWhenTheQueueKeepsUp) {
  EventLoop loop("drops");
  metrics::Registry reg;
  TransportConfig config;
  config.metrics = &reg;
  config.udp_drops_interval = 0ms;  // updated only when asked
  Transport transport(loop, config);
  ListenerInfo l = transport.listen({TransportKind::Udp, "127.0.0.1", 0, {}, 0}).value();
  EXPECT_EQ(dropsOnMetrics(reg, l), 0u);  // the series exists from the start
  EXPECT_EQ(loop.timerCount(), 0u);

  constexpr size_t kSent = 20;
  RawUdp peer;
  for (size_t i = 0; i < kSent; ++i) peer.sendTo(l.port, options(static_cast<int>(i)));
  ASSERT_TRUE(runUntil(loop, [&] { return transport.stats().messages_in == kSent; }));
  transport.updateUdpDrops();
  EXPECT_EQ(dropsOnMetrics(reg, l), 0u);
  EXPECT_EQ(transport.stats().udp_drops, 0u);
}

}  // namespace
}  // namespace hk::sip::test
