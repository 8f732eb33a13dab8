// MediaEngine events and lifetimes: media timeout (and hold), late events after the session
// ended, ports and sessions back to zero, RTCP per leg.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "rtp/media_engine.hpp"
#include "rtp/packet.hpp"
#include "rtp/rtcp.hpp"
#include "unit/rtp/media_test_util.hpp"

namespace hk::rtp {
namespace {

using std::chrono::milliseconds;
using test::UdpPeer;

std::vector<uint8_t> rtp(uint32_t ssrc, uint16_t seq, uint32_t ts) {
  RtpHeader h;
  h.ssrc = ssrc;
  h.sequence = seq;
  h.timestamp = ts;
  return buildRtp(h, std::vector<uint8_t>(160, 0xff));
}

class MediaEvents : public testing::Test {
 protected:
  void SetUp() override { make(clock); }
  void make(const Clock& clk, milliseconds tick = milliseconds(100000)) {
    engine.reset();
    if (!pool) {
      auto p = PortPool::create(test::freeRange(8));
      ASSERT_TRUE(p) << p.error().message;
      pool = std::move(*p);
    }
    MediaEngine::Config cfg;
    cfg.threads = 1;
    cfg.tick = tick;  // long by default: the tests call sweepForTest()
    cfg.rtcp_interval = milliseconds(1000);
    cfg.cname = "hankyo@test";
    engine = std::make_unique<MediaEngine>(cfg, *pool, clk);
  }
  void TearDown() override {
    engine.reset();
    EXPECT_EQ(pool->inUse(), 0u);
  }

  SessionInfo start(const LegParams& a, const LegParams& b) {
    SessionParams sp{"127.0.0.1", "127.0.0.1", a, b, "trn-test"};
    auto info =
        engine->createSession(sp, owner, [this](const MediaEvent& e) { events.push_back(e); });
    EXPECT_TRUE(info) << info.error().message;
    return info ? *info : SessionInfo{};
  }

  LegParams leg(const UdpPeer& peer, milliseconds timeout = milliseconds(0)) {
    LegParams p;
    p.remote = peer.endpoint();
    p.media_timeout = timeout;
    return p;
  }

  // Runs the periodic checks now and delivers what they posted.
  void sweep() {
    engine->sweepForTest();
    owner.runAll();
  }

  size_t timeouts(LegSide leg) const {
    size_t n = 0;
    for (const auto& e : events) n += e.type == MediaEvent::Type::MediaTimeout && e.leg == leg;
    return n;
  }

  test::TestClock clock;
  test::OwnerQueue owner;
  std::unique_ptr<PortPool> pool;
  std::unique_ptr<MediaEngine> engine;
  std::vector<MediaEvent> events;
  UdpPeer caller;
  UdpPeer callee;
};

TEST_F(MediaEvents, MediaTimeoutOncePerSilenceAndNotOnHold) {
  SessionInfo s = start(leg(caller, milliseconds(1000)), leg(callee));
  clock.advance(milliseconds(999));
  sweep();
  EXPECT_EQ(timeouts(LegSide::A), 0u);
  clock.advance(milliseconds(1));
  sweep();
  EXPECT_EQ(timeouts(LegSide::A), 1u);
  EXPECT_EQ(timeouts(LegSide::B), 0u);  // not watched
  clock.advance(milliseconds(5000));
  sweep();
  EXPECT_EQ(timeouts(LegSide::A), 1u);  // reported once

  // Media again: the clock restarts from that packet.
  caller.sendTo(s.port_a, rtp(1, 1, 1));
  ASSERT_TRUE(callee.receive());
  clock.advance(milliseconds(999));
  sweep();
  EXPECT_EQ(timeouts(LegSide::A), 1u);
  clock.advance(milliseconds(1));
  sweep();
  EXPECT_EQ(timeouts(LegSide::A), 2u);

  // On hold: no timeout however long the silence.
  LegParams held = leg(caller, milliseconds(1000));
  held.on_hold = true;
  ASSERT_TRUE(engine->updateLeg(s.id, LegSide::A, held));
  clock.advance(milliseconds(60000));
  sweep();
  EXPECT_EQ(timeouts(LegSide::A), 2u);
  // Resumed: counts from the resume.
  ASSERT_TRUE(engine->updateLeg(s.id, LegSide::A, leg(caller, milliseconds(1000))));
  sweep();
  EXPECT_EQ(timeouts(LegSide::A), 2u);
  clock.advance(milliseconds(1000));
  sweep();
  EXPECT_EQ(timeouts(LegSide::A), 3u);
  for (const auto& e : events) EXPECT_EQ(e.session, s.id);
}

TEST_F(MediaEvents, MediaTimeoutOnTheRealClock) {
  make(SystemClock::instance(), milliseconds(10));
  start(leg(caller, milliseconds(50)), leg(callee));
  EXPECT_TRUE(owner.runUntil([&] { return timeouts(LegSide::A) == 1; }));
}

TEST_F(MediaEvents, LateEventForAnEndedSessionIsDropped) {
  SessionInfo s = start(leg(caller), leg(callee));
  caller.sendTo(s.port_a, rtp(1, 1, 1));
  ASSERT_TRUE(callee.receive());
  ASSERT_TRUE(owner.waitQueued());  // FirstPacket posted, not delivered yet
  EXPECT_TRUE(engine->isLive(s.id));
  engine->destroySession(s.id);
  EXPECT_FALSE(engine->isLive(s.id));
  EXPECT_GE(owner.runAll(), 1u);
  EXPECT_TRUE(events.empty());
}

TEST_F(MediaEvents, PortsAndSessionsReturnToZero) {
  std::vector<SessionInfo> sessions;
  for (int i = 0; i < 3; ++i) sessions.push_back(start(leg(caller), leg(callee)));
  EXPECT_EQ(pool->inUse(), 6u);
  EXPECT_EQ(engine->activeSessions(), 3u);
  caller.sendTo(sessions[0].port_a, rtp(1, 1, 1));
  ASSERT_TRUE(callee.receive());
  int done = 0;
  SessionStats last;
  for (const auto& s : sessions) {
    engine->destroySession(s.id, [&](const SessionStats& st) {
      ++done;
      if (st.a.packets_in > 0) last = st;
    });
  }
  ASSERT_TRUE(owner.runUntil([&] { return done == 3; }));
  EXPECT_EQ(pool->inUse(), 0u);
  EXPECT_EQ(engine->activeSessions(), 0u);
  EXPECT_EQ(last.a.packets_in, 1u);  // final counters come with the end
  EXPECT_EQ(last.b.packets_out, 1u);
  engine->destroySession(sessions[0].id);  // twice: ignored
  std::optional<SessionStats> gone = SessionStats{};
  engine->requestStats(sessions[0].id, owner, [&](std::optional<SessionStats> st) { gone = st; });
  owner.runAll();
  EXPECT_FALSE(gone);
}

TEST_F(MediaEvents, EngineShutdownClosesLiveSessions) {
  start(leg(caller), leg(callee));
  start(leg(caller), leg(callee));
  EXPECT_EQ(pool->inUse(), 4u);
  engine.reset();
  EXPECT_EQ(pool->inUse(), 0u);
}

TEST_F(MediaEvents, RtcpReportsOnEachLeg) {
  UdpPeer caller_rtcp, callee_rtcp;
  LegParams a = leg(caller);
  a.remote_rtcp = caller_rtcp.endpoint();
  LegParams b = leg(callee);
  b.remote_rtcp = callee_rtcp.endpoint();
  SessionInfo s = start(a, b);
  uint32_t ssrc_to_callee = 0;
  for (uint16_t i = 0; i < 5; ++i) {
    caller.sendTo(s.port_a, rtp(0x1111, static_cast<uint16_t>(500 + i), 160u * i));
    auto got = callee.receive();
    ASSERT_TRUE(got);
    ssrc_to_callee = parseRtp(*got)->header.ssrc;
  }
  clock.advance(milliseconds(2000));  // past 1.5 x the interval
  sweep();
  // Toward the callee Hankyo is a sender: SR with what it sent.
  auto to_callee = callee_rtcp.receive();
  ASSERT_TRUE(to_callee);
  auto sr = parseRtcp(*to_callee);
  ASSERT_TRUE(sr) << sr.error().message;
  EXPECT_EQ(sr->ssrc, ssrc_to_callee);
  ASSERT_TRUE(sr->sender);
  EXPECT_EQ(sr->sender->packets, 5u);
  EXPECT_EQ(sr->sender->octets, 800u);
  EXPECT_EQ(sr->sender->ntp >> 32, toNtp(clock.now()) >> 32);
  EXPECT_TRUE(sr->blocks.empty());  // nothing received from the callee
  EXPECT_EQ(sr->cname, "hankyo@test");
  // Toward the caller Hankyo only received: RR about the caller's stream.
  auto to_caller = caller_rtcp.receive();
  ASSERT_TRUE(to_caller);
  auto rr = parseRtcp(*to_caller);
  ASSERT_TRUE(rr);
  EXPECT_FALSE(rr->sender);
  ASSERT_EQ(rr->blocks.size(), 1u);
  EXPECT_EQ(rr->blocks[0].ssrc, 0x1111u);
  EXPECT_EQ(rr->blocks[0].highest_seq, 504u);
  EXPECT_EQ(rr->blocks[0].cumulative_lost, 0);
  // The caller's SR is read: the next report about it carries LSR.
  RtcpReport caller_sr;
  caller_sr.ssrc = 0x1111;
  caller_sr.sender = SenderInfo{0x0000123456780000ull, 0, 5, 800};
  caller_sr.cname = "caller";
  caller_rtcp.sendTo(static_cast<uint16_t>(s.port_a + 1), buildRtcp(caller_sr));
  auto st = SessionStats{};
  for (int i = 0; i < 100 && st.a.rtcp_in == 0; ++i) {
    bool got = false;
    engine->requestStats(s.id, owner, [&](std::optional<SessionStats> x) {
      st = x.value_or(SessionStats{});
      got = true;
    });
    ASSERT_TRUE(owner.runUntil([&] { return got; }));
  }
  EXPECT_EQ(st.a.rtcp_in, 1u);
  EXPECT_GE(st.b.rtcp_out, 1u);
  clock.advance(milliseconds(2000));
  sweep();
  to_caller = caller_rtcp.receive();
  ASSERT_TRUE(to_caller);
  rr = parseRtcp(*to_caller);
  ASSERT_TRUE(rr);
  ASSERT_EQ(rr->blocks.size(), 1u);
  EXPECT_EQ(rr->blocks[0].lsr, 0x12345678u);  // the middle 32 bits of the caller's NTP time
  EXPECT_EQ(rr->blocks[0].dlsr, 2u * 65536);  // 2 s after it arrived
}

}  // namespace
}  // namespace hk::rtp
