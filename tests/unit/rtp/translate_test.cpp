// Header rewriting of relayed packets: each leg gets Hankyo's own SSRC, a sequence without
// jumps and continuous timestamps, even when the source behind the other leg changes.
#include "rtp/translate.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "rtp/g711.hpp"
#include "rtp/telephone_event.hpp"

namespace hk::rtp {
namespace {

using std::chrono::milliseconds;

constexpr uint32_t kOurSsrc = 0xabcdef01;

struct Out {
  RtpHeader h;
  std::vector<uint8_t> payload;
};

class TranslateTest : public testing::Test {
 protected:
  // Sends one source packet through translate(); returns what would go on the wire.
  std::optional<Out> relay(uint32_t ssrc, uint16_t seq, uint32_t ts, uint8_t pt,
                           std::vector<uint8_t> payload, bool marker = false) {
    RtpHeader h;
    h.ssrc = ssrc;
    h.sequence = seq;
    h.timestamp = ts;
    h.payload_type = pt;
    h.marker = marker;
    std::vector<uint8_t> dgram = buildRtp(h, payload);
    auto view = parseRtp(dgram);
    EXPECT_TRUE(view);
    auto bytes = translate(dgram, *view, classify(pt, in), in, out, stream, now);
    if (bytes.empty()) return std::nullopt;
    auto back = parseRtp(bytes);
    EXPECT_TRUE(back);
    return Out{back->header, {back->payload.begin(), back->payload.end()}};
  }

  LegFormat in{Codec::Pcmu, 0, 101};
  LegFormat out{Codec::Pcmu, 0, 101};
  OutboundStream stream{kOurSsrc, 1000, 50000};
  MonoTime now{};
  std::vector<uint8_t> audio = std::vector<uint8_t>(160, 0x12);
};

TEST_F(TranslateTest, OwnSsrcAndNumberingKeepSpacing) {
  auto p1 = relay(0x1111, 7000, 90000, 0, audio, true);
  ASSERT_TRUE(p1);
  EXPECT_EQ(p1->h.ssrc, kOurSsrc);
  EXPECT_EQ(p1->h.sequence, 1000);
  EXPECT_EQ(p1->h.timestamp, 50000u);
  EXPECT_TRUE(p1->h.marker);
  EXPECT_EQ(p1->payload, audio);
  auto p2 = relay(0x1111, 7001, 90160, 0, audio);
  EXPECT_EQ(p2->h.sequence, 1001);
  EXPECT_EQ(p2->h.timestamp, 50160u);
  EXPECT_FALSE(p2->h.marker);
  // A loss in the source stays a gap (the far end's loss statistics stay right).
  auto p4 = relay(0x1111, 7003, 90480, 0, audio);
  EXPECT_EQ(p4->h.sequence, 1003);
  EXPECT_EQ(p4->h.timestamp, 50480u);
  // A late packet keeps its place.
  auto p3 = relay(0x1111, 7002, 90320, 0, audio);
  EXPECT_EQ(p3->h.sequence, 1002);
  EXPECT_EQ(p3->h.timestamp, 50320u);
}

TEST_F(TranslateTest, NewSourceContinuesOurStreamWithMarker) {
  ASSERT_TRUE(relay(0x1111, 65534, 0xfffffe00, 0, audio));
  now += milliseconds(20);
  ASSERT_TRUE(relay(0x1111, 65535, 0xffffff00 - 96, 0, audio));  // wraps next
  auto last = relay(0x1111, 0, 0xfffffe00 + 320, 0, audio);
  ASSERT_EQ(last->h.sequence, 1002);
  // The callee's early media ends; the answered call comes from another SSRC with its
  // own random numbering, 60 ms later.
  now += milliseconds(60);
  auto n1 = relay(0x2222, 12, 777, 0, audio);
  ASSERT_TRUE(n1);
  EXPECT_EQ(n1->h.ssrc, kOurSsrc);
  EXPECT_EQ(n1->h.sequence, 1003);
  EXPECT_EQ(n1->h.timestamp, last->h.timestamp + 480);  // 60 ms at 8 kHz
  EXPECT_TRUE(n1->h.marker);
  auto n2 = relay(0x2222, 13, 937, 0, audio);
  EXPECT_EQ(n2->h.sequence, 1004);
  EXPECT_EQ(n2->h.timestamp, n1->h.timestamp + 160);
  EXPECT_FALSE(n2->h.marker);
  // Back-to-back switch (no time elapsed): one 20 ms frame later, not the same timestamp.
  auto m1 = relay(0x3333, 500, 5, 0, audio);
  EXPECT_EQ(m1->h.sequence, 1005);
  EXPECT_EQ(m1->h.timestamp, n2->h.timestamp + 160);
}

TEST_F(TranslateTest, SequenceJumpOnSameSsrcResyncs) {
  ASSERT_TRUE(relay(0x1111, 100, 1000, 0, audio));
  now += milliseconds(20);
  auto j = relay(0x1111, 100 + 20000, 1000 + 160, 0, audio);
  EXPECT_EQ(j->h.sequence, 1001);
  EXPECT_TRUE(j->h.marker);
}

TEST_F(TranslateTest, TranscodesPcmuToPcmaWithTheOtherLegsPayloadType) {
  out = {Codec::Pcma, 8, 101};
  std::vector<uint8_t> ulaw;
  for (int i = 0; i < 160; ++i) ulaw.push_back(static_cast<uint8_t>(i));
  auto p = relay(0x1111, 1, 1, 0, ulaw);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->h.payload_type, 8);
  ASSERT_EQ(p->payload.size(), 160u);
  for (int i = 0; i < 160; ++i) {
    EXPECT_EQ(p->payload[i], g711::linearToAlaw(g711::ulawToLinear(ulaw[i]))) << i;
  }
  in = {Codec::Pcma, 8, std::nullopt};
  out = {Codec::Pcmu, 96, std::nullopt};  // PCMU on a dynamic payload type
  auto q = relay(0x1111, 2, 161, 8, p->payload);
  EXPECT_EQ(q->h.payload_type, 96);
  EXPECT_EQ(q->payload[100], g711::alawToUlaw(p->payload[100]));
}

TEST_F(TranslateTest, TelephoneEventPayloadTypeIsRemapped) {
  out = {Codec::Pcmu, 0, 96};
  auto ev = buildTelephoneEvent({5, false, 10, 160});
  auto p = relay(0x1111, 1, 1000, 101, {ev.begin(), ev.end()}, true);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->h.payload_type, 96);
  EXPECT_EQ(p->payload, std::vector<uint8_t>(ev.begin(), ev.end()));
}

TEST_F(TranslateTest, NotNegotiatedOnTheOtherLegIsDroppedWithoutAGap) {
  out = {Codec::Pcmu, 0, std::nullopt};  // the callee took no telephone-event
  ASSERT_TRUE(relay(0x1111, 1, 1000, 0, audio));
  auto ev = buildTelephoneEvent({5, false, 10, 160});
  EXPECT_FALSE(relay(0x1111, 2, 1160, 101, {ev.begin(), ev.end()}));
  EXPECT_FALSE(relay(0x1111, 3, 1160, 13, {0x40}));  // comfort noise: not negotiated
  auto p = relay(0x1111, 4, 1320, 0, audio);
  EXPECT_EQ(p->h.sequence, 1001);  // no hole where the two packets were
  EXPECT_EQ(p->h.timestamp, 50320u);
}

TEST_F(TranslateTest, CsrcExtensionAndPaddingOfTheSourceAreDropped) {
  RtpHeader h;
  h.ssrc = 0x1111;
  h.sequence = 9;
  h.timestamp = 99;
  h.csrc_count = 3;
  std::vector<uint8_t> ext(12, 7);
  auto dgram = buildRtp(h, audio, 4, 0xbede, ext, true);
  auto view = parseRtp(dgram);
  ASSERT_TRUE(view);
  auto bytes = translate(dgram, *view, PayloadKind::Audio, in, out, stream, now);
  ASSERT_EQ(bytes.size(), 12u + 160);
  auto back = parseRtp(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->header.csrc_count, 0);
  EXPECT_FALSE(back->has_extension);
  EXPECT_EQ(back->padding, 0);
  EXPECT_EQ(back->header.ssrc, kOurSsrc);
  EXPECT_EQ(std::vector<uint8_t>(back->payload.begin(), back->payload.end()), audio);
}

}  // namespace
}  // namespace hk::rtp
