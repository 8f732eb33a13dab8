// Ending a session: packets already waiting in its sockets (the media thread's poller
// leaves them there for up to its coalescing window) are relayed, not dropped, and the
// final counters include them.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "rtp/media_engine.hpp"
#include "rtp/packet.hpp"
#include "unit/rtp/media_test_util.hpp"

namespace hk::rtp {
namespace {

using test::UdpPeer;

std::vector<uint8_t> packet(uint16_t seq) {
  RtpHeader h;
  h.ssrc = 0x1234;
  h.sequence = seq;
  h.timestamp = seq * 160u;
  h.payload_type = 0;
  return buildRtp(h, std::vector<uint8_t>(160, static_cast<uint8_t>(seq)));
}

TEST(MediaClose, PacketsWaitingAtTheEndAreRelayedAndCounted) {
  auto pool = PortPool::create(test::freeRange(4));
  ASSERT_TRUE(pool) << pool.error().message;
  test::TestClock clock;
  test::OwnerQueue owner;
  MediaEngine::Config cfg;
  cfg.coalesce = std::chrono::seconds(30);  // after the first round, the next is far away
  auto engine = std::make_unique<MediaEngine>(cfg, **pool, clock);
  UdpPeer caller, callee;
  LegParams a, b;
  a.remote = caller.endpoint();
  b.remote = callee.endpoint();
  auto info = engine->createSession({"127.0.0.1", "127.0.0.1", a, b, "trn-close"}, owner,
                                    [](const MediaEvent&) {});
  ASSERT_TRUE(info) << info.error().message;

  caller.sendTo(info->port_a, packet(1));
  ASSERT_TRUE(callee.receive());  // a round ran: the next one is 30 s away
  for (uint16_t seq = 2; seq <= 5; ++seq) caller.sendTo(info->port_a, packet(seq));

  std::optional<SessionStats> final_stats;
  engine->destroySession(info->id, [&](const SessionStats& s) { final_stats = s; });
  ASSERT_TRUE(owner.runUntil([&] { return final_stats.has_value(); }));
  for (uint16_t seq = 2; seq <= 5; ++seq) {
    auto got = callee.receive(std::chrono::milliseconds(1000));
    ASSERT_TRUE(got) << "packet " << seq << " was dropped at the close";
    auto v = parseRtp(*got);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->payload[0], seq);
  }
  EXPECT_EQ(final_stats->a.packets_in, 5u);
  EXPECT_EQ(final_stats->b.packets_out, 5u);
  engine.reset();
  EXPECT_EQ((*pool)->inUse(), 0u);
}

}  // namespace
}  // namespace hk::rtp
