#include "rtp/packet.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace hk::rtp {
namespace {

TEST(RtpPacket, PlainHeaderRoundTrip) {
  RtpHeader h;
  h.marker = true;
  h.payload_type = 8;
  h.sequence = 65535;
  h.timestamp = 0xdeadbeef;
  h.ssrc = 0x01020304;
  std::vector<uint8_t> payload(160, 0xd5);
  auto bytes = buildRtp(h, payload);
  ASSERT_EQ(bytes.size(), 172u);
  EXPECT_EQ(bytes[0], 0x80);
  EXPECT_EQ(bytes[1], 0x88);
  auto v = parseRtp(bytes);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->header.marker);
  EXPECT_EQ(v->header.payload_type, 8);
  EXPECT_EQ(v->header.sequence, 65535);
  EXPECT_EQ(v->header.timestamp, 0xdeadbeefu);
  EXPECT_EQ(v->header.ssrc, 0x01020304u);
  EXPECT_EQ(v->payload_offset, 12u);
  EXPECT_EQ(std::vector<uint8_t>(v->payload.begin(), v->payload.end()), payload);
}

TEST(RtpPacket, CsrcExtensionAndPadding) {
  RtpHeader h;
  h.payload_type = 0;
  h.csrc_count = 2;
  h.csrcs[0] = 11;
  h.csrcs[1] = 22;
  std::vector<uint8_t> ext = {1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<uint8_t> payload = {9, 9, 9};
  auto bytes = buildRtp(h, payload, 5, 0xbede, ext, true);
  ASSERT_EQ(bytes.size(), 12u + 8 + 4 + 8 + 3 + 5);
  auto v = parseRtp(bytes);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->header.csrc_count, 2);
  EXPECT_EQ(v->header.csrcs[1], 22u);
  EXPECT_TRUE(v->has_extension);
  EXPECT_EQ(v->extension_profile, 0xbede);
  EXPECT_EQ(std::vector<uint8_t>(v->extension.begin(), v->extension.end()), ext);
  EXPECT_EQ(v->padding, 5);
  EXPECT_EQ(v->payload_offset, 32u);
  EXPECT_EQ(std::vector<uint8_t>(v->payload.begin(), v->payload.end()), payload);
}

TEST(RtpPacket, RefusesBrokenPackets) {
  RtpHeader h;
  auto good = buildRtp(h, std::vector<uint8_t>(4, 0));
  EXPECT_FALSE(parseRtp(std::span(good).first(11)));  // short
  auto v1 = good;
  v1[0] = 0x40;  // version 1
  EXPECT_FALSE(parseRtp(v1));
  auto csrc = good;
  csrc[0] = 0x8f;  // 15 CSRCs announced, none there
  EXPECT_FALSE(parseRtp(csrc));
  auto ext = good;
  ext[0] = 0x90;  // extension of 4 bytes header... plus words beyond the end
  ext[14] = 0x00;
  ext[15] = 0x10;
  EXPECT_FALSE(parseRtp(ext));
  auto pad = good;
  pad[0] = 0xa0;
  pad.back() = 0;  // padding count 0
  EXPECT_FALSE(parseRtp(pad));
  pad.back() = 200;  // more padding than payload
  EXPECT_FALSE(parseRtp(pad));
  // Every prefix of a valid packet with everything in it is refused or parsed safely.
  RtpHeader full;
  full.csrc_count = 1;
  std::vector<uint8_t> e4 = {1, 2, 3, 4};
  auto all = buildRtp(full, std::vector<uint8_t>(10, 1), 3, 1, e4, true);
  for (size_t n = 0; n < all.size(); ++n) (void)parseRtp(std::span(all).first(n));
}

TEST(RtpPacket, WriteHeaderNeedsRoom) {
  RtpHeader h;
  h.csrc_count = 1;
  std::vector<uint8_t> out(15);
  EXPECT_EQ(writeRtpHeader(h, out), 0u);
  out.resize(16);
  EXPECT_EQ(writeRtpHeader(h, out), 16u);
}

}  // namespace
}  // namespace hk::rtp
