// The pure parts behind the audio hooks: G.711 buffers, the saturating mix, the mix queue,
// presses from RFC 4733 packets, the digit sender's packets, local packets in a leg's stream.
#include <gtest/gtest.h>

#include <vector>

#include "rtp/digit_sender.hpp"
#include "rtp/g711.hpp"
#include "rtp/outbound_stream.hpp"
#include "rtp/pcm.hpp"
#include "rtp/press_tracker.hpp"
#include "rtp/telephone_event.hpp"

namespace hk::rtp {
namespace {

std::vector<uint8_t> ev(uint8_t event, bool end, uint16_t duration) {
  auto b = buildTelephoneEvent({event, end, 10, duration});
  return {b.begin(), b.end()};
}

TEST(Pcm, BuffersMatchTheSampleCodecs) {
  std::vector<uint8_t> codes(256);
  for (int i = 0; i < 256; ++i) codes[i] = static_cast<uint8_t>(i);
  std::vector<int16_t> lin(256);
  decodePcm(Codec::Pcmu, codes, lin.data());
  for (int i = 0; i < 256; ++i) ASSERT_EQ(lin[i], g711::ulawToLinear(codes[i]));
  decodePcm(Codec::Pcma, codes, lin.data());
  for (int i = 0; i < 256; ++i) ASSERT_EQ(lin[i], g711::alawToLinear(codes[i]));
  std::vector<int16_t> pcm = {0, 1, -1, 1000, -1000, 32767, -32768, 12345};
  std::vector<uint8_t> out(pcm.size());
  encodePcm(Codec::Pcmu, pcm, out.data());
  for (size_t i = 0; i < pcm.size(); ++i) EXPECT_EQ(out[i], g711::linearToUlaw(pcm[i]));
  encodePcm(Codec::Pcma, pcm, out.data());
  for (size_t i = 0; i < pcm.size(); ++i) EXPECT_EQ(out[i], g711::linearToAlaw(pcm[i]));
}

TEST(Pcm, MixSaturates) {
  std::vector<int16_t> a = {1000, 30000, -30000, -5, 7};
  std::vector<int16_t> b = {2000, 20000, -20000, 5};  // shorter: the last sample stays
  mixSaturating(a, b);
  EXPECT_EQ(a, (std::vector<int16_t>{3000, 32767, -32768, 0, 7}));
}

TEST(Pcm, FifoKeepsOrderAcrossTheWrapAndDropsTheOldestWhenFull) {
  PcmFifo f(8);
  std::vector<int16_t> out(8);
  EXPECT_EQ(f.pop(out), 0u);
  f.push(std::vector<int16_t>{1, 2, 3, 4, 5, 6});
  EXPECT_EQ(f.pop(std::span<int16_t>(out).first(4)), 4u);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[3], 4);
  f.push(std::vector<int16_t>{7, 8, 9, 10, 11});  // wraps: 5..11
  EXPECT_EQ(f.size(), 7u);
  f.push(std::vector<int16_t>{12, 13, 14});  // over by 2: 5 and 6 go
  EXPECT_EQ(f.overflowed(), 2u);
  ASSERT_EQ(f.pop(out), 8u);
  EXPECT_EQ(out, (std::vector<int16_t>{7, 8, 9, 10, 11, 12, 13, 14}));
  f.push(std::vector<int16_t>(20, 3));  // more than it holds: the newest 8
  EXPECT_EQ(f.size(), 8u);
  f.clear();
  EXPECT_EQ(f.pop(out), 0u);
}

TEST(PressTracker, OncePerPressAtItsEnd) {
  PressTracker t;
  EXPECT_FALSE(t.onPacket(7, 1000, ev(1, false, 160)).second);
  EXPECT_FALSE(t.onPacket(7, 1000, ev(1, false, 320)).second);
  auto end = t.onPacket(7, 1000, ev(1, true, 480));
  ASSERT_TRUE(end.second);
  EXPECT_EQ(*end.second, (Press{'1', 480}));
  EXPECT_FALSE(end.first);
  for (int i = 0; i < 2; ++i) {  // retransmitted ends
    auto again = t.onPacket(7, 1000, ev(1, true, 480));
    EXPECT_FALSE(again.first || again.second);
  }
  // The same key again is a new press (new timestamp).
  t.onPacket(7, 2000, ev(1, false, 160));
  EXPECT_EQ(t.onPacket(7, 2000, ev(1, true, 800)).second, (Press{'1', 800}));
  // A late end of the earlier press: nothing.
  auto late = t.onPacket(7, 1000, ev(1, true, 480));
  EXPECT_FALSE(late.first || late.second);
  // Every end packet of '#' lost: reported when the next event starts; that one's start
  // packets were lost too, its end gives it at once.
  EXPECT_FALSE(t.onPacket(7, 3000, ev(11, false, 320)).second);
  auto both = t.onPacket(7, 4000, ev(2, true, 640));
  EXPECT_EQ(both.first, (Press{'#', 320}));
  EXPECT_EQ(both.second, (Press{'2', 640}));
  // Flash is not a press; garbage is ignored.
  EXPECT_FALSE(t.onPacket(7, 5000, ev(16, true, 160)).second);
  auto junk = t.onPacket(7, 6000, std::vector<uint8_t>{1, 2});
  EXPECT_FALSE(junk.first || junk.second);
}

TEST(DigitSender, UpdatesThenThreeEndsThenAPause) {
  DigitSender d;
  EXPECT_FALSE(d.busy());
  EXPECT_FALSE(d.tick());
  ASSERT_TRUE(d.queue(5, 480));
  ASSERT_TRUE(d.queue(12, 100));  // shorter than a tick: one tick
  std::vector<TelephoneEvent> sent;
  std::vector<bool> firsts;
  int idle = 0;
  for (int i = 0; i < 20; ++i) {
    auto p = d.tick();
    if (!p) {
      ++idle;
      continue;
    }
    auto e = parseTelephoneEvent(p->payload);
    ASSERT_TRUE(e);
    sent.push_back(*e);
    firsts.push_back(p->first);
  }
  // '5': 160, 320, 480 (end) x3; pause 2 ticks; 'A': 160 (end) x3.
  ASSERT_EQ(sent.size(), 8u);
  EXPECT_EQ(sent[0], (TelephoneEvent{5, false, 10, 160}));
  EXPECT_EQ(sent[1], (TelephoneEvent{5, false, 10, 320}));
  for (int i = 2; i < 5; ++i) EXPECT_EQ(sent[i], (TelephoneEvent{5, true, 10, 480}));
  for (int i = 5; i < 8; ++i) EXPECT_EQ(sent[i], (TelephoneEvent{12, true, 10, 160}));
  EXPECT_EQ(firsts, (std::vector<bool>{true, false, false, false, false, true, false, false}));
  EXPECT_EQ(idle, 12);
  EXPECT_FALSE(d.busy());
  for (size_t i = 0; i < DigitSender::kMaxQueued; ++i) EXPECT_TRUE(d.queue(1, 160));
  EXPECT_FALSE(d.queue(1, 160));
}

TEST(OutboundStreamLocal, LocalPacketsContinueTheRelayedStream) {
  OutboundStream s(0xabc, 100, 5000);
  MonoTime t{};
  auto relayed = s.map(0x1111, 40, 9000, false, t);
  EXPECT_EQ(relayed.sequence, 100);
  // Hankyo's own frames 10 ms later: next sequence, one frame on, marker.
  auto l1 = s.mapLocal(0, 0, false, t + std::chrono::milliseconds(10));
  EXPECT_EQ(l1.sequence, 101);
  EXPECT_EQ(l1.timestamp, 5160u);
  EXPECT_TRUE(l1.marker);
  auto l2 = s.mapLocal(1, 160, false, t + std::chrono::milliseconds(30));
  EXPECT_EQ(l2.sequence, 102);
  EXPECT_EQ(l2.timestamp, 5320u);
  EXPECT_FALSE(l2.marker);
  // A relayed SSRC equal to the local numbering's placeholder is still another source.
  auto r0 = s.map(0, 2, 160, false, t + std::chrono::milliseconds(50));
  EXPECT_EQ(r0.sequence, 103);
  EXPECT_EQ(r0.timestamp, 5480u);
  EXPECT_TRUE(r0.marker);
  // After a pause, resync() makes the local numbering count the time it lasted.
  s.mapLocal(2, 320, false, t + std::chrono::milliseconds(70));
  s.resync();
  auto l3 = s.mapLocal(3, 480, false, t + std::chrono::milliseconds(1070));
  EXPECT_EQ(l3.sequence, 105);
  EXPECT_EQ(l3.timestamp, 5640u + 8000u);
  EXPECT_TRUE(l3.marker);
}

}  // namespace
}  // namespace hk::rtp
