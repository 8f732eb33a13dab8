// Loopback relay: a "caller" and a "callee" UDP socket on 127.0.0.1 exchange RTP through a
// MediaSession, both ways.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <vector>

#include "rtp/g711.hpp"
#include "rtp/media_engine.hpp"
#include "rtp/packet.hpp"
#include "rtp/telephone_event.hpp"
#include "unit/rtp/media_test_util.hpp"

namespace hk::rtp {
namespace {

using test::UdpPeer;

std::vector<uint8_t> rtp(uint32_t ssrc, uint16_t seq, uint32_t ts, uint8_t pt,
                         std::vector<uint8_t> payload) {
  RtpHeader h;
  h.ssrc = ssrc;
  h.sequence = seq;
  h.timestamp = ts;
  h.payload_type = pt;
  return buildRtp(h, payload);
}

std::vector<uint8_t> tone(uint8_t seed) {
  std::vector<uint8_t> p(160);
  for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<uint8_t>(seed + i);
  return p;
}

struct Got {
  RtpHeader h;
  std::vector<uint8_t> payload;
};

std::optional<Got> receiveRtp(const UdpPeer& peer) {
  auto bytes = peer.receive();
  if (!bytes) return std::nullopt;
  auto v = parseRtp(*bytes);
  if (!v) return std::nullopt;
  return Got{v->header, {v->payload.begin(), v->payload.end()}};
}

class MediaRelay : public testing::Test {
 protected:
  void SetUp() override {
    auto p = PortPool::create(test::freeRange(8));
    ASSERT_TRUE(p) << p.error().message;
    pool = std::move(*p);
    MediaEngine::Config cfg;
    cfg.threads = 2;
    cfg.seed = 7;
    engine = std::make_unique<MediaEngine>(cfg, *pool, clock);
  }
  void TearDown() override {
    engine.reset();
    EXPECT_EQ(pool->inUse(), 0u);
  }

  LegParams leg(const UdpPeer& peer, Codec codec = Codec::Pcmu, uint8_t pt = 0,
                std::optional<uint8_t> te = std::nullopt) {
    LegParams p;
    p.remote = peer.endpoint();
    p.codec = codec;
    p.payload_type = pt;
    p.telephone_event = te;
    return p;
  }

  SessionInfo start(const LegParams& a, const LegParams& b) {
    SessionParams sp{"127.0.0.1", "127.0.0.1", a, b, "trn-test"};
    auto info =
        engine->createSession(sp, owner, [this](const MediaEvent& e) { events.push_back(e); });
    EXPECT_TRUE(info) << info.error().message;
    return info ? *info : SessionInfo{};
  }

  SessionStats stats(SessionId id) {
    std::optional<SessionStats> out;
    bool done = false;
    engine->requestStats(id, owner, [&](std::optional<SessionStats> s) {
      out = s;
      done = true;
    });
    EXPECT_TRUE(owner.runUntil([&] { return done; }));
    EXPECT_TRUE(out);
    return out.value_or(SessionStats{});
  }

  // Asks again until `pred` holds: the media thread may not have read the socket yet.
  SessionStats statsUntil(SessionId id, const std::function<bool(const SessionStats&)>& pred) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    SessionStats st = stats(id);
    while (!pred(st) && std::chrono::steady_clock::now() < deadline) st = stats(id);
    EXPECT_TRUE(pred(st));
    return st;
  }

  size_t count(MediaEvent::Type type, LegSide leg) const {
    size_t n = 0;
    for (const auto& e : events) n += e.type == type && e.leg == leg;
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

TEST_F(MediaRelay, RelaysBothWaysWithEachLegsOwnSsrcAndNumbering) {
  SessionInfo s = start(leg(caller), leg(callee));
  EXPECT_NE(s.port_a, s.port_b);
  std::optional<uint32_t> ssrc_to_callee;
  for (uint16_t i = 0; i < 5; ++i) {
    caller.sendTo(s.port_a, rtp(0x1111, static_cast<uint16_t>(100 + i), 1000 + 160u * i, 0,
                                tone(static_cast<uint8_t>(i))));
    auto got = receiveRtp(callee);
    ASSERT_TRUE(got) << "packet " << i << " not relayed to the callee";
    EXPECT_EQ(got->payload, tone(static_cast<uint8_t>(i)));
    EXPECT_EQ(got->h.payload_type, 0);
    EXPECT_NE(got->h.ssrc, 0x1111u);
    if (ssrc_to_callee) {
      EXPECT_EQ(got->h.ssrc, *ssrc_to_callee);
    }
    ssrc_to_callee = got->h.ssrc;
  }
  std::optional<Got> prev;
  for (uint16_t i = 0; i < 5; ++i) {
    callee.sendTo(s.port_b, rtp(0x2222, static_cast<uint16_t>(9 + i), 77 + 160u * i, 0,
                                tone(static_cast<uint8_t>(50 + i))));
    auto got = receiveRtp(caller);
    ASSERT_TRUE(got) << "packet " << i << " not relayed to the caller";
    EXPECT_EQ(got->payload, tone(static_cast<uint8_t>(50 + i)));
    EXPECT_NE(got->h.ssrc, 0x2222u);
    EXPECT_NE(got->h.ssrc, *ssrc_to_callee);  // each leg is its own endpoint
    if (prev) {
      EXPECT_EQ(got->h.ssrc, prev->h.ssrc);
      EXPECT_EQ(got->h.sequence, static_cast<uint16_t>(prev->h.sequence + 1));
      EXPECT_EQ(got->h.timestamp, prev->h.timestamp + 160);
    }
    prev = got;
  }
  SessionStats st = stats(s.id);
  EXPECT_EQ(st.a.packets_in, 5u);
  EXPECT_EQ(st.a.bytes_in, 800u);
  EXPECT_EQ(st.a.packets_out, 5u);
  EXPECT_EQ(st.b.packets_in, 5u);
  EXPECT_EQ(st.b.packets_out, 5u);
  EXPECT_EQ(st.b.bytes_out, 800u);
  EXPECT_EQ(st.a.packets_lost, 0);
  EXPECT_EQ(st.a.packets_dropped, 0u);
  EXPECT_EQ(st.a.send_errors, 0u);
  EXPECT_EQ(st.a.last_packet, clock.now());
  EXPECT_EQ(st.b.remote, callee.endpoint());
  EXPECT_EQ(count(MediaEvent::Type::FirstPacket, LegSide::A), 1u);
  EXPECT_EQ(count(MediaEvent::Type::FirstPacket, LegSide::B), 1u);
}

TEST_F(MediaRelay, TranscodesPcmuPcmaAndRemapsTelephoneEvents) {
  SessionInfo s = start(leg(caller, Codec::Pcmu, 0, 101), leg(callee, Codec::Pcma, 8, 96));
  caller.sendTo(s.port_a, rtp(0x1111, 1, 160, 0, tone(3)));
  auto got = receiveRtp(callee);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->h.payload_type, 8);
  std::vector<uint8_t> expect = tone(3);
  for (auto& b : expect) b = g711::linearToAlaw(g711::ulawToLinear(b));
  EXPECT_EQ(got->payload, expect);

  auto ev = buildTelephoneEvent({7, false, 10, 160});
  caller.sendTo(s.port_a, rtp(0x1111, 2, 320, 101, {ev.begin(), ev.end()}));
  got = receiveRtp(callee);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->h.payload_type, 96);
  EXPECT_EQ(got->payload, std::vector<uint8_t>(ev.begin(), ev.end()));
  ASSERT_TRUE(owner.runUntil([&] { return count(MediaEvent::Type::Digit, LegSide::A) == 1; }));
  for (const auto& e : events) {
    if (e.type == MediaEvent::Type::Digit) {
      EXPECT_EQ(e.digit, '7');
      EXPECT_EQ(e.session, s.id);
    }
  }

  callee.sendTo(s.port_b, rtp(0x2222, 1, 160, 8, tone(9)));
  got = receiveRtp(caller);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->h.payload_type, 0);
  expect = tone(9);
  for (auto& b : expect) b = g711::linearToUlaw(g711::alawToLinear(b));
  EXPECT_EQ(got->payload, expect);
}

TEST_F(MediaRelay, SourceSsrcChangeKeepsTheOtherLegsStreamContinuous) {
  SessionInfo s = start(leg(caller), leg(callee));
  std::vector<Got> seen;
  for (uint16_t i = 0; i < 6; ++i) {
    uint32_t ssrc = i < 3 ? 0xaaaa : 0xbbbb;
    auto seq = static_cast<uint16_t>(i < 3 ? 40000 + i : 7 + i);
    uint32_t ts = i < 3 ? 123456 + 160u * i : 9 + 160u * i;
    clock.advance(std::chrono::milliseconds(20));
    caller.sendTo(s.port_a, rtp(ssrc, seq, ts, 0, tone(1)));
    auto got = receiveRtp(callee);
    ASSERT_TRUE(got);
    seen.push_back(*got);
  }
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].h.ssrc, seen[0].h.ssrc);
    EXPECT_EQ(seen[i].h.sequence, static_cast<uint16_t>(seen[i - 1].h.sequence + 1)) << i;
    EXPECT_EQ(seen[i].h.timestamp, seen[i - 1].h.timestamp + 160) << i;
  }
  EXPECT_TRUE(seen[3].h.marker);  // the new source starts a talkspurt
  EXPECT_FALSE(seen[4].h.marker);
}

TEST_F(MediaRelay, PacketsFromAnotherAddressAreDropped) {
  SessionInfo s = start(leg(caller), leg(callee));
  UdpPeer stranger(2);  // 127.0.0.2: another host
  stranger.sendTo(s.port_a, rtp(0x6666, 1, 1, 0, tone(66)));
  caller.sendTo(s.port_a, rtp(0x1111, 1, 1, 0, tone(1)));
  auto got = receiveRtp(callee);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload, tone(1));  // the stranger's packet, sent first, never arrives
  SessionStats st = stats(s.id);
  EXPECT_EQ(st.a.packets_dropped, 1u);
  EXPECT_EQ(st.a.packets_in, 1u);
  EXPECT_EQ(st.b.packets_out, 1u);
}

TEST_F(MediaRelay, LatchingSendsToWhereTheLegsMediaComesFrom) {
  LegParams a;  // behind NAT: no usable address in its SDP
  a.latch = true;
  SessionInfo s = start(a, leg(callee));
  callee.sendTo(s.port_b, rtp(0x2222, 1, 1, 0, tone(2)));  // nowhere to send yet
  statsUntil(s.id, [](const SessionStats& st) { return st.b.packets_dropped == 1; });
  caller.sendTo(s.port_a, rtp(0x1111, 1, 1, 0, tone(1)));
  ASSERT_TRUE(receiveRtp(callee));
  callee.sendTo(s.port_b, rtp(0x2222, 2, 161, 0, tone(3)));
  auto got = receiveRtp(caller);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload, tone(3));
  UdpPeer stranger;  // after latching, another source (here: another port) is refused
  stranger.sendTo(s.port_a, rtp(0x6666, 1, 1, 0, tone(66)));
  caller.sendTo(s.port_a, rtp(0x1111, 2, 161, 0, tone(4)));
  got = receiveRtp(callee);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload, tone(4));
  SessionStats st = stats(s.id);
  EXPECT_EQ(st.a.remote, caller.endpoint());
  EXPECT_EQ(st.a.packets_dropped, 1u);
  EXPECT_EQ(st.b.packets_dropped, 1u);  // the callee's first packet: leg A had no address
}

TEST_F(MediaRelay, NothingIsSentToALegThatDoesNotReceive) {
  LegParams b = leg(callee);
  b.send = false;  // the callee answered sendonly / is on hold
  SessionInfo s = start(leg(caller), b);
  caller.sendTo(s.port_a, rtp(0x1111, 1, 1, 0, tone(1)));
  callee.sendTo(s.port_b, rtp(0x2222, 1, 1, 0, tone(2)));
  ASSERT_TRUE(receiveRtp(caller));  // the other way still flows
  SessionStats st = statsUntil(s.id, [](const SessionStats& x) { return x.a.packets_in == 1; });
  EXPECT_EQ(st.a.packets_dropped, 1u);
  EXPECT_FALSE(callee.receive(std::chrono::milliseconds(0)));  // loopback: it would be there
  EXPECT_EQ(st.b.packets_out, 0u);
  // Resumed: media goes through again.
  ASSERT_TRUE(engine->updateLeg(s.id, LegSide::B, leg(callee)));
  caller.sendTo(s.port_a, rtp(0x1111, 2, 161, 0, tone(5)));
  auto got = receiveRtp(callee);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload, tone(5));
}

TEST_F(MediaRelay, UpdateLegChecksTheAddress) {
  SessionInfo s = start(leg(caller), LegParams{});
  LegParams bad;
  bad.remote = Endpoint{"::1", 4000};  // IPv6 on an IPv4 leg
  Status st = engine->updateLeg(s.id, LegSide::B, bad);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::Invalid);
  bad.remote = Endpoint{"callee.example.com", 4000};
  EXPECT_FALSE(engine->updateLeg(s.id, LegSide::B, bad));
  engine->destroySession(s.id);
  st = engine->updateLeg(s.id, LegSide::B, leg(callee));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::NotFound);
  SessionParams sp{"127.0.0.1", "::1", {}, bad, ""};
  auto refused = engine->createSession(sp, owner, {});
  EXPECT_FALSE(refused);
}

}  // namespace
}  // namespace hk::rtp
