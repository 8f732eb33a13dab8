#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "media/dtmf_detector.hpp"
#include "support/fake_clock.hpp"
#include "unit/media/test_signals.hpp"

namespace hk::media {
namespace {

using namespace std::chrono_literals;
using test::ms;

struct Collected {
  std::string digits;
  std::vector<std::chrono::milliseconds> durations;
  void operator()(const DigitPress& p) {
    digits += p.digit;
    durations.push_back(p.duration);
  }
};

// Keys of `on` ms separated by `off` ms of silence, plus `noise_dbm0` of white noise over
// all of it (none when >= 0), at `level` dBm0 per tone.
std::vector<int16_t> keys(const std::string& seq, int on, int off, double level = -10,
                          double twist = 0, double noise_dbm0 = 0, unsigned seed = 1) {
  std::vector<double> v = test::silence(ms(100));
  for (char k : seq) {
    test::mixInto(v, v.size(), test::dtmf(k, ms(on), level, twist));
    test::mixInto(v, v.size(), test::silence(ms(off)));
  }
  if (noise_dbm0 < 0) test::mixInto(v, 0, test::noise(noise_dbm0, v.size(), seed));
  return test::toPcm(v);
}

Collected detect(const std::vector<int16_t>& pcm, size_t chunk = 160) {
  Collected c;
  DtmfDetector d([&](const DigitPress& p) { c(p); });
  for (size_t off = 0; off < pcm.size(); off += chunk)
    d.process(std::span(pcm).subspan(off, std::min(chunk, pcm.size() - off)));
  return c;
}

TEST(DtmfDetector, AllSixteenKeysOnceEachWithTheirDuration) {
  const std::string all = "123A456B789C*0#D";
  auto c = detect(keys(all, 120, 80));
  EXPECT_EQ(c.digits, all);
  for (auto d : c.durations) {
    EXPECT_GE(d, 100ms);
    EXPECT_LE(d, 140ms);
  }
}

TEST(DtmfDetector, ALongPressIsOneDigitWithItsLength) {
  auto c = detect(keys("5", 1500, 200), 37);  // odd chunk sizes do not matter
  EXPECT_EQ(c.digits, "5");
  ASSERT_EQ(c.durations.size(), 1u);
  EXPECT_NEAR(static_cast<double>(c.durations[0].count()), 1500.0, 20.0);
}

TEST(DtmfDetector, NoiseAtSeveralSnrs) {
  const std::string seq = "0123456789*#";
  // Tones at -10 dBm0 each (-7 dBm0 together); noise 30, 20 and 15 dB below the pair.
  for (double snr : {30.0, 20.0, 15.0}) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
      auto c = detect(keys(seq, 80, 80, -10, 0, -7 - snr, seed));
      EXPECT_EQ(c.digits, seq) << "snr " << snr << " seed " << seed;
    }
  }
}

TEST(DtmfDetector, ShortPresses) {
  EXPECT_EQ(detect(keys("159#", 40, 60)).digits, "159#");
  EXPECT_EQ(detect(keys("159#", 20, 60)).digits, "");
}

TEST(DtmfDetector, TwistWithinLimitsIsAcceptedBeyondRejected) {
  EXPECT_EQ(detect(keys("1397", 80, 80, -10, +4)).digits, "1397");  // reverse twist 4 dB
  EXPECT_EQ(detect(keys("1397", 80, 80, -6, -8)).digits, "1397");   // normal twist 8 dB
  EXPECT_EQ(detect(keys("1397", 80, 80, -10, +8)).digits, "");
  EXPECT_EQ(detect(keys("1397", 80, 80, -4, -14)).digits, "");
}

TEST(DtmfDetector, SpeechAndNoiseInventNoDigits) {
  for (unsigned seed = 1; seed <= 4; ++seed) {
    for (double f0 : {95.0, 130.0, 180.0, 240.0}) {
      auto v = test::speechLike(f0, -8, ms(6000), seed);
      test::mixInto(v, 0, test::noise(-40, v.size(), seed));
      EXPECT_EQ(detect(test::toPcm(v)).digits, "") << "f0 " << f0 << " seed " << seed;
    }
    EXPECT_EQ(detect(test::toPcm(test::noise(-10, ms(6000), seed))).digits, "");
  }
}

TEST(DtmfDetector, ResetForgetsAPressInProgress) {
  Collected c;
  DtmfDetector d([&](const DigitPress& p) { c(p); });
  auto held = keys("7", 300, 0);
  d.process(std::span(held).first(ms(250)));
  d.reset();
  auto rest = test::toPcm(test::silence(ms(200)));
  d.process(rest);
  EXPECT_EQ(c.digits, "");
  auto next = keys("8", 100, 100);
  d.process(next);
  EXPECT_EQ(c.digits, "8");
}

// --- DigitMerger ---

DigitPress press(char d, DigitSource s, std::chrono::milliseconds dur = 100ms) {
  return DigitPress{d, dur, s};
}

TEST(DigitMerger, SamePressBothWaysIsOneDigit) {
  std::string out;
  DigitMerger m([&](const DigitPress& p) { out += p.digit; });
  MonoTime t0{};
  EXPECT_TRUE(m.add(press('5', DigitSource::Rfc4733), t0 + 1000ms));
  EXPECT_FALSE(m.add(press('5', DigitSource::InBand, 90ms), t0 + 1040ms));
  // The in-band report first, the RFC 4733 one late.
  EXPECT_TRUE(m.add(press('6', DigitSource::InBand), t0 + 2000ms));
  EXPECT_FALSE(m.add(press('6', DigitSource::Rfc4733, 120ms), t0 + 2090ms));
  EXPECT_EQ(out, "56");
  EXPECT_EQ(m.duplicates(), 2u);
}

TEST(DigitMerger, TwoRealPressesOfOneKeyAreTwo) {
  std::string out;
  DigitMerger m([&](const DigitPress& p) { out += p.digit; });
  MonoTime t0{};
  // 1 pressed 100 ms, released 60 ms, pressed again 100 ms; both sent both ways. In-band
  // reports come about 25 ms after a release, RFC 4733 ones after the network's delay.
  m.add(press('1', DigitSource::InBand), t0 + 125ms);
  m.add(press('1', DigitSource::Rfc4733), t0 + 140ms);
  m.add(press('1', DigitSource::Rfc4733), t0 + 300ms);  // this time RFC 4733 is first
  m.add(press('1', DigitSource::InBand), t0 + 285ms);
  EXPECT_EQ(out, "11");
  // Twice by one source only: two presses.
  m.add(press('2', DigitSource::Rfc4733), t0 + 1000ms);
  m.add(press('2', DigitSource::Rfc4733), t0 + 1160ms);
  EXPECT_EQ(out, "1122");
}

TEST(DigitMerger, DifferentKeysOrFarApartAreNotMerged) {
  std::string out;
  DigitMerger m([&](const DigitPress& p) { out += p.digit; });
  MonoTime t0{};
  m.add(press('3', DigitSource::InBand), t0 + 100ms);
  m.add(press('4', DigitSource::Rfc4733), t0 + 110ms);
  m.add(press('3', DigitSource::Rfc4733), t0 + 900ms);  // 700 ms after: another press
  EXPECT_EQ(out, "343");
}

// --- DtmfListener ---

struct ListenerFixture : ::testing::Test {
  hk::test::FakeClock clock;
  std::string out;
  DtmfListener listener{rtp::LegSide::A, clock, [this](const DigitPress& p) { out += p.digit; }};
  uint32_t ts = 12345;
  uint16_t seq = 1;

  void feed(const std::vector<int16_t>& pcm, rtp::LegSide from = rtp::LegSide::A) {
    for (size_t off = 0; off + 160 <= pcm.size(); off += 160) {
      clock.advance(20ms);
      rtp::AudioChunk c{from, ts, seq++, clock.mono(), std::span(pcm).subspan(off, 160)};
      ts += 160;
      listener.onAudio(c);
    }
  }
};

TEST_F(ListenerFixture, ReportsOnlyWhileEnabledAndOnlyItsLeg) {
  feed(keys("12", 100, 100));
  EXPECT_EQ(out, "");
  listener.enable();
  feed(keys("34", 100, 100));
  feed(keys("99", 100, 100), rtp::LegSide::B);
  listener.onTelephoneEvent(rtp::LegSide::B, '9', 800);
  EXPECT_EQ(out, "34");
  listener.disable();
  feed(keys("56", 100, 100));
  listener.onTelephoneEvent(rtp::LegSide::A, '7', 800);
  EXPECT_EQ(out, "34");
}

TEST_F(ListenerFixture, APressSentBothWaysIsOneDigit) {
  listener.enable();
  auto pcm = keys("8", 200, 0);
  feed(pcm);                                              // tone still on: nothing yet
  listener.onTelephoneEvent(rtp::LegSide::A, '8', 1600);  // the event ends with the tone
  feed(test::toPcm(test::silence(ms(200))));              // in-band reports the release
  EXPECT_EQ(out, "8");
  EXPECT_EQ(listener.duplicates(), 1u);
  listener.onTelephoneEvent(rtp::LegSide::A, '8', 1600);  // a second press, RFC 4733 only
  EXPECT_EQ(out, "88");
}

TEST_F(ListenerFixture, BridgesALostPacketAndIgnoresDuplicates) {
  listener.enable();
  auto pcm = keys("4", 200, 200);
  for (size_t off = 0; off + 160 <= pcm.size(); off += 160) {
    clock.advance(20ms);
    rtp::AudioChunk c{rtp::LegSide::A, ts + static_cast<uint32_t>(off), seq++, clock.mono(),
                      std::span(pcm).subspan(off, 160)};
    if (off == 160 * 10) continue;  // lost, inside the tone
    listener.onAudio(c);
    if (off == 160 * 6) listener.onAudio(c);  // duplicated
  }
  EXPECT_EQ(out, "4");
}

}  // namespace
}  // namespace hk::media
