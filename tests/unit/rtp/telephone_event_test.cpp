#include "rtp/telephone_event.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "rtp/translate.hpp"

namespace hk::rtp {
namespace {

TEST(TelephoneEvent, ParsesRfc4733Payload) {
  // Digit 9, end bit, volume 10, duration 1600 (RFC 4733 §2.3 layout).
  std::vector<uint8_t> p = {0x09, 0x8a, 0x06, 0x40};
  auto e = parseTelephoneEvent(p);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->event, 9);
  EXPECT_TRUE(e->end);
  EXPECT_EQ(e->volume, 10);
  EXPECT_EQ(e->duration, 1600);
  auto b = buildTelephoneEvent(*e);
  EXPECT_EQ(std::vector<uint8_t>(b.begin(), b.end()), p);
}

TEST(TelephoneEvent, ReservedBitIgnoredAndBadSizesRefused) {
  auto e = parseTelephoneEvent(std::vector<uint8_t>{11, 0x40 | 5, 0, 160});
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->end);
  EXPECT_EQ(e->volume, 5);
  EXPECT_FALSE(parseTelephoneEvent(std::vector<uint8_t>{1, 2, 3}));
  EXPECT_FALSE(parseTelephoneEvent(std::vector<uint8_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(parseTelephoneEvent(std::vector<uint8_t>(8, 0)));  // two events
}

TEST(TelephoneEvent, Digits) {
  EXPECT_EQ(eventDigit(0), '0');
  EXPECT_EQ(eventDigit(9), '9');
  EXPECT_EQ(eventDigit(10), '*');
  EXPECT_EQ(eventDigit(11), '#');
  EXPECT_EQ(eventDigit(15), 'D');
  EXPECT_FALSE(eventDigit(16));  // flash
  for (char c : std::string("0123456789*#ABCD")) EXPECT_EQ(eventDigit(*digitEvent(c)), c);
  EXPECT_FALSE(digitEvent('x'));
}

TEST(DigitTracker, OneDigitPerEvent) {
  DigitTracker t;
  auto pkt = [](uint8_t ev, bool end, uint16_t dur) {
    auto b = buildTelephoneEvent({ev, end, 10, dur});
    return std::vector<uint8_t>(b.begin(), b.end());
  };
  // "1": start, updates, three end packets (retransmitted), all with timestamp 1000.
  EXPECT_EQ(t.onPacket(7, 1000, pkt(1, false, 160)), '1');
  EXPECT_FALSE(t.onPacket(7, 1000, pkt(1, false, 320)));
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(t.onPacket(7, 1000, pkt(1, true, 480)));
  // "1" again: a new event has a new timestamp.
  EXPECT_EQ(t.onPacket(7, 2000, pkt(1, false, 160)), '1');
  // Start packets lost: the first end packet still gives the digit once.
  EXPECT_EQ(t.onPacket(7, 3000, pkt(11, true, 800)), '#');
  EXPECT_FALSE(t.onPacket(7, 3000, pkt(11, true, 800)));
  // A late end packet of the earlier "1": not a new press.
  EXPECT_FALSE(t.onPacket(7, 2000, pkt(1, true, 480)));
  // Flash is not a digit; garbage is ignored.
  EXPECT_FALSE(t.onPacket(7, 4000, pkt(16, false, 160)));
  EXPECT_FALSE(t.onPacket(7, 5000, std::vector<uint8_t>{1}));
}

}  // namespace
}  // namespace hk::rtp
