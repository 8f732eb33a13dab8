#include "rtp/rtcp.hpp"

#include <gtest/gtest.h>

#include "rtp/receive_stats.hpp"

namespace hk::rtp {
namespace {

TEST(Rtcp, SenderReportRoundTrip) {
  RtcpReport r;
  r.ssrc = 0x11223344;
  r.sender = SenderInfo{0x83aa7e80'80000000ull, 123456, 50, 8000};
  ReportBlock b;
  b.ssrc = 0x55667788;
  b.fraction_lost = 25;
  b.cumulative_lost = -3;  // duplicates: negative on the wire (24-bit)
  b.highest_seq = 0x00010005;
  b.jitter = 12;
  b.lsr = 0x7e808000;
  b.dlsr = 65536;
  r.blocks.push_back(b);
  r.cname = "hankyo@media";
  auto bytes = buildRtcp(r);
  ASSERT_EQ(bytes.size() % 4, 0u);
  EXPECT_EQ(bytes[0], 0x81);  // V=2, one report block
  EXPECT_EQ(bytes[1], 200);   // SR
  EXPECT_EQ(bytes[3], 12);    // (52 bytes / 4) - 1
  EXPECT_EQ(bytes[53], 202);  // SDES follows
  auto back = parseRtcp(bytes);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, r);
}

TEST(Rtcp, ReceiverReportBeforeSendingAnything) {
  RtcpReport r;
  r.ssrc = 1;
  r.cname = "x";
  auto bytes = buildRtcp(r);
  EXPECT_EQ(bytes[1], 201);
  EXPECT_EQ(bytes.size(), 8u + 12u);  // RR without blocks + SDES (4 + 4 + 3 + pad)
  auto back = parseRtcp(bytes);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->sender);
  EXPECT_TRUE(back->blocks.empty());
  EXPECT_EQ(back->cname, "x");
}

TEST(Rtcp, RefusesBrokenPackets) {
  RtcpReport r;
  r.ssrc = 1;
  r.sender = SenderInfo{};
  r.blocks.resize(1);
  auto good = buildRtcp(r);
  for (size_t n = 0; n < good.size(); ++n) {
    auto p = parseRtcp(std::span(good).first(n));
    if (n < 52) {
      EXPECT_FALSE(p) << n;  // the SR with its block is 52 bytes
    }
  }
  auto v1 = good;
  v1[0] = 0x41;
  EXPECT_FALSE(parseRtcp(v1));
  auto sdes_first = good;
  sdes_first[1] = 202;
  EXPECT_FALSE(parseRtcp(sdes_first));
  auto long_len = good;
  long_len[3] = 200;
  EXPECT_FALSE(parseRtcp(long_len));
  auto blocks = good;
  blocks[0] = 0x85;  // five blocks announced, one present
  EXPECT_FALSE(parseRtcp(blocks));
}

TEST(Rtcp, NtpTime) {
  // 2026-01-01T00:00:00.500Z: 3976214400 s since 1900, half a second.
  uint64_t ntp = toNtp(fromMillis(1'767'225'600'500));
  EXPECT_EQ(ntp >> 32, 3976214400ull);
  EXPECT_EQ(static_cast<uint32_t>(ntp), 0x80000000u);
  EXPECT_EQ(ntpMiddle(ntp), static_cast<uint32_t>((3976214400ull & 0xffff) << 16 | 0x8000));
}

TEST(ReceiveStats, LossWrapAndFraction) {
  ReceiveStats s;
  uint32_t t = 0;
  // 65530..65535, 0..9 without 2 and 3: 16 expected, 14 received.
  for (uint32_t i = 65530; i < 65536 + 10; ++i) {
    auto seq = static_cast<uint16_t>(i);
    t += 160;
    if (seq == 2 || seq == 3) continue;
    s.onPacket(42, seq, i * 160, t);
  }
  EXPECT_EQ(s.received(), 14u);
  EXPECT_EQ(s.expected(), 16u);
  EXPECT_EQ(s.lost(), 2);
  EXPECT_EQ(s.extendedHighest(), 0x10000u + 9);
  ReportBlock b = s.report(0, 0);
  EXPECT_EQ(b.ssrc, 42u);
  EXPECT_EQ(b.cumulative_lost, 2);
  EXPECT_EQ(b.fraction_lost, 2 * 256 / 16);
  EXPECT_EQ(b.highest_seq, 0x10009u);
  EXPECT_EQ(s.jitter(), 0u);  // perfectly paced
  // Next interval: no loss, a duplicate.
  s.onPacket(42, 10, 0, 0);
  s.onPacket(42, 10, 0, 0);
  b = s.report(0, 0);
  EXPECT_EQ(b.fraction_lost, 0);
  EXPECT_EQ(b.cumulative_lost, 1);  // 17 expected, 16 received
}

TEST(ReceiveStats, JitterGrowsWithUnevenArrival) {
  ReceiveStats s;
  for (uint16_t i = 0; i < 50; ++i) {
    uint32_t arrival = i * 160 + (i % 2 ? 80 : 0);  // every other packet 10 ms late
    s.onPacket(1, i, i * 160u, arrival);
  }
  EXPECT_GT(s.jitter(), 40u);
  EXPECT_LT(s.jitter(), 90u);
}

TEST(ReceiveStats, NewSsrcStartsOver) {
  ReceiveStats s;
  s.onPacket(1, 100, 0, 0);
  s.onPacket(1, 105, 0, 0);
  EXPECT_EQ(s.lost(), 4);
  s.onPacket(2, 9, 0, 0);
  EXPECT_EQ(s.ssrc(), 2u);
  EXPECT_EQ(s.lost(), 0);
  EXPECT_EQ(s.received(), 1u);
}

}  // namespace
}  // namespace hk::rtp
