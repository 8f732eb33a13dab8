#include "rtp/g711.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace hk::rtp::g711 {
namespace {

TEST(G711, KnownCodes) {
  EXPECT_EQ(linearToUlaw(0), 0xff);
  EXPECT_EQ(ulawToLinear(0xff), 0);
  EXPECT_EQ(ulawToLinear(0x80), 32124);
  EXPECT_EQ(ulawToLinear(0x00), -32124);
  EXPECT_EQ(linearToAlaw(0), 0xd5);
  EXPECT_EQ(alawToLinear(0xd5), 8);
  EXPECT_EQ(alawToLinear(0x55), -8);
  EXPECT_EQ(alawToLinear(0xaa), 32256);
  EXPECT_EQ(alawToLinear(0x2a), -32256);
  EXPECT_EQ(linearToUlaw(32767), 0x80);
  EXPECT_EQ(linearToUlaw(-32768), 0x00);
  EXPECT_EQ(linearToAlaw(32767), 0xaa);
  EXPECT_EQ(linearToAlaw(-32768), 0x2a);
}

TEST(G711, DecodeThenEncodeGivesTheCodeBack) {
  for (int c = 0; c < 256; ++c) {
    auto code = static_cast<uint8_t>(c);
    // µ-law has two zeros: 0x7f (-0) reads as 0 and comes back as 0xff (+0).
    uint8_t expect_u = code == 0x7f ? 0xff : code;
    EXPECT_EQ(linearToUlaw(ulawToLinear(code)), expect_u) << c;
    EXPECT_EQ(linearToAlaw(alawToLinear(code)), code) << c;
  }
}

TEST(G711, EncodeErrorStaysWithinTheStep) {
  for (int x = -32768; x <= 32767; x += 7) {
    auto pcm = static_cast<int16_t>(x);
    int u = ulawToLinear(linearToUlaw(pcm));
    int a = alawToLinear(linearToAlaw(pcm));
    int mag = std::abs(x);
    // Quantization steps grow with the segment: 2^(segment+1) for µ-law (in 14-bit
    // units doubled), 2^(segment+4) for A-law (16-bit); at most 1/16 of the value plus
    // the smallest step, and the clip level at the top.
    int limit = mag / 16 + 16;
    if (mag <= 32124) {
      EXPECT_LE(std::abs(u - x), limit) << x;
    }
    if (mag <= 32256) {
      EXPECT_LE(std::abs(a - x), limit) << x;
    }
    EXPECT_EQ(u == 0 || (u > 0) == (x > 0), true) << x;
  }
}

TEST(G711, DirectConversionMatchesDecodeEncode) {
  for (int c = 0; c < 256; ++c) {
    auto code = static_cast<uint8_t>(c);
    EXPECT_EQ(ulawToAlaw(code), linearToAlaw(ulawToLinear(code))) << c;
    EXPECT_EQ(alawToUlaw(code), linearToUlaw(alawToLinear(code))) << c;
  }
  uint8_t buf[256];
  for (int c = 0; c < 256; ++c) buf[c] = static_cast<uint8_t>(c);
  ulawToAlaw(buf, buf, 256);
  for (int c = 0; c < 256; ++c) EXPECT_EQ(buf[c], ulawToAlaw(static_cast<uint8_t>(c)));
}

TEST(G711, TranscodingTwiceStaysClose) {
  // PCMU -> PCMA -> PCMU keeps the level within one A-law step.
  for (int c = 0; c < 256; ++c) {
    auto code = static_cast<uint8_t>(c);
    int before = ulawToLinear(code);
    int after = ulawToLinear(alawToUlaw(ulawToAlaw(code)));
    EXPECT_LE(std::abs(after - before), std::abs(before) / 16 + 16) << c;
  }
}

}  // namespace
}  // namespace hk::rtp::g711
