// RFC 4733 key presses Hankyo sends to a leg ("press 1 to accept"), on the leg's own stream.
#include <gtest/gtest.h>

#include "rtp/telephone_event.hpp"
#include "unit/rtp/audio_test_util.hpp"

namespace hk::rtp {
namespace {

using std::chrono::milliseconds;
using test::AudioHooks;
using test::Received;
using test::receiveRtp;
using test::rtpPacket;

std::vector<Received> drain(const test::UdpPeer& peer) {
  std::vector<Received> got;
  while (auto r = receiveRtp(peer, milliseconds(100))) got.push_back(*r);
  return got;
}

TEST_F(AudioHooks, DigitGoesAsRfc4733EventsOnTheLegsStream) {
  SessionInfo s = start(leg(caller, Codec::Pcmu, 101), leg(callee, Codec::Pcmu, 96));
  caller.sendTo(s.port_a, rtpPacket(0x1111, 1, 160, 0, std::vector<uint8_t>(160, 0x10)));
  auto relayed = receiveRtp(callee);
  ASSERT_TRUE(relayed);
  ASSERT_TRUE(engine->sendDigit(s.id, LegSide::B, '1', milliseconds(100)));
  engine->paceForTest();
  paceFrames(8);
  auto got = drain(callee);
  ASSERT_EQ(got.size(), 7u);  // 4 updates (20..80 ms), the end at 100 ms, 2 retransmissions
  uint16_t durations[] = {160, 320, 480, 640, 800, 800, 800};
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].h.payload_type, 96) << i;  // the callee's telephone-event type
    EXPECT_EQ(got[i].h.ssrc, relayed->h.ssrc);
    EXPECT_EQ(got[i].h.sequence, static_cast<uint16_t>(relayed->h.sequence + 1 + i));
    EXPECT_EQ(got[i].h.timestamp, got[0].h.timestamp);  // the event's start, every packet
    EXPECT_EQ(got[i].h.marker, i == 0);
    auto ev = parseTelephoneEvent(got[i].payload);
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->event, 1);
    EXPECT_EQ(ev->duration, durations[i]);
    EXPECT_EQ(ev->end, i >= 4) << i;
  }
  EXPECT_GE(got[0].h.timestamp - relayed->h.timestamp, 160u);

  // The caller's audio flows again after the event, its timestamps past the event's end.
  caller.sendTo(s.port_a, rtpPacket(0x1111, 2, 320, 0, std::vector<uint8_t>(160, 0x11)));
  auto after = receiveRtp(callee);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->h.payload_type, 0);
  EXPECT_EQ(after->h.sequence, static_cast<uint16_t>(got.back().h.sequence + 1));
  EXPECT_GE(after->h.timestamp - got[0].h.timestamp, 800u);
}

TEST_F(AudioHooks, QueuedDigitsAreSeparateEventsAndAudioDuringOneIsHeld) {
  SessionInfo s = start(leg(caller, Codec::Pcmu, 101), leg(callee, Codec::Pcmu, 101));
  ASSERT_TRUE(engine->sendDigit(s.id, LegSide::B, '#', milliseconds(40)));
  ASSERT_TRUE(engine->sendDigit(s.id, LegSide::B, '9', milliseconds(20)));
  engine->paceForTest();
  // The caller talks during the first event: not relayed over it.
  caller.sendTo(s.port_a, rtpPacket(0x1111, 1, 160, 0, std::vector<uint8_t>(160, 0x10)));
  statsUntil(s.id, [](const SessionStats& st) { return st.a.packets_in == 1; });
  paceFrames(12);
  auto got = drain(callee);
  ASSERT_EQ(got.size(), 4u + 3u);  // '#': 1 update + 3 ends; '9': 3 ends
  for (const auto& r : got) EXPECT_EQ(r.h.payload_type, 101);
  auto first = parseTelephoneEvent(got[0].payload);
  auto second = parseTelephoneEvent(got[4].payload);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->event, 11);
  EXPECT_EQ(second->event, 9);
  EXPECT_TRUE(second->end);
  EXPECT_TRUE(got[4].h.marker);
  // 4 ticks of '#', then a 40 ms pause: the second event starts 6 ticks later.
  EXPECT_EQ(got[4].h.timestamp - got[0].h.timestamp, 6u * 160);
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT_EQ(got[i].h.sequence, static_cast<uint16_t>(got[i - 1].h.sequence + 1));
  }
  EXPECT_EQ(stats(s.id).a.packets_dropped, 1u);
}

TEST_F(AudioHooks, BadDigitsAreRefused) {
  SessionInfo s = start(leg(caller, Codec::Pcmu, 101), LegParams{});
  auto st = engine->sendDigit(s.id, LegSide::A, 'x', milliseconds(100));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::Invalid);
  EXPECT_FALSE(engine->sendDigit(s.id, LegSide::A, '1', milliseconds(5)));
  EXPECT_FALSE(engine->sendDigit(s.id, LegSide::A, '1', milliseconds(9000)));
  // Leg B negotiated no telephone-event: accepted, nothing sent (logged).
  ASSERT_TRUE(engine->updateLeg(s.id, LegSide::B, leg(callee)));
  EXPECT_TRUE(engine->sendDigit(s.id, LegSide::B, '1', milliseconds(100)));
  engine->paceForTest();
  paceFrames(8);
  EXPECT_FALSE(callee.receive(milliseconds(50)));
  engine->destroySession(s.id);
  st = engine->sendDigit(s.id, LegSide::A, '1', milliseconds(100));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::NotFound);
}

}  // namespace
}  // namespace hk::rtp
