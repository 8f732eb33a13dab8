#include <gtest/gtest.h>

#include <numbers>
#include <vector>

#include "media/fax_detector.hpp"
#include "unit/media/test_signals.hpp"

namespace hk::media {
namespace {

using test::ms;

struct Seen {
  std::vector<FaxTone> tones;
  std::vector<size_t> at;  // samples fed when reported
};

Seen run(const std::vector<double>& signal, size_t chunk = 160) {
  Seen s;
  auto pcm = test::toPcm(signal);
  size_t fed = 0;
  FaxToneDetector d([&](FaxTone t) {
    s.tones.push_back(t);
    s.at.push_back(fed);
  });
  for (size_t off = 0; off < pcm.size(); off += chunk) {
    auto part = std::span(pcm).subspan(off, std::min(chunk, pcm.size() - off));
    fed += part.size();
    d.process(part);
  }
  return s;
}

// `cycles` of `on` ms of `hz` then `off` ms of silence, after 300 ms of silence.
std::vector<double> cadence(double hz, int on, int off, int cycles, double dbm0 = -15) {
  auto v = test::silence(ms(300));
  for (int i = 0; i < cycles; ++i) {
    test::mixInto(v, v.size(), test::tone(hz, dbm0, ms(on)));
    test::mixInto(v, v.size(), test::silence(ms(off)));
  }
  return v;
}

TEST(FaxToneDetector, CngIsReportedOnceAfterItsFirstBurst) {
  auto s = run(cadence(1100, 500, 3000, 3), 80);
  ASSERT_EQ(s.tones, std::vector<FaxTone>{FaxTone::Cng});
  // Reported as the first burst ends (300 ms + 500 ms), not at the second.
  EXPECT_GE(s.at[0], ms(800));
  EXPECT_LE(s.at[0], ms(900));
}

TEST(FaxToneDetector, CngOffFrequencyWithinToleranceAndInNoise) {
  EXPECT_EQ(run(cadence(1135, 500, 3000, 1)).tones, std::vector<FaxTone>{FaxTone::Cng});
  EXPECT_EQ(run(cadence(1065, 500, 3000, 1)).tones, std::vector<FaxTone>{FaxTone::Cng});
  auto v = cadence(1100, 500, 3000, 1, -20);
  test::mixInto(v, 0, test::noise(-35, v.size(), 7));  // 15 dB SNR
  EXPECT_EQ(run(v).tones, std::vector<FaxTone>{FaxTone::Cng});
}

TEST(FaxToneDetector, WrongLengthOrFrequencyIsNotCng) {
  EXPECT_TRUE(run(cadence(1100, 200, 3000, 2)).tones.empty());       // too short
  EXPECT_TRUE(run(cadence(1100, 3000, 1000, 1)).tones.empty());      // continuous
  EXPECT_TRUE(run(cadence(1000, 500, 3000, 2)).tones.empty());       // 1 kHz beep
  EXPECT_TRUE(run(cadence(1100, 500, 3000, 2, -50)).tones.empty());  // too quiet
}

TEST(FaxToneDetector, CedAfterTwoPointSixSeconds) {
  auto s = run(cadence(2100, 3300, 500, 1));
  ASSERT_EQ(s.tones, std::vector<FaxTone>{FaxTone::Ced});
  EXPECT_NEAR(static_cast<double>(s.at[0]), static_cast<double>(ms(300 + 2600)), ms(40));
  EXPECT_TRUE(run(cadence(2100, 2000, 3000, 2)).tones.empty());  // 2 s bursts: not CED
  EXPECT_TRUE(run(cadence(2200, 3300, 500, 1)).tones.empty());
}

TEST(FaxToneDetector, CedWithPhaseReversalsAndNoise) {
  // V.25 ANS with a 180-degree phase reversal every 450 ms.
  auto v = test::silence(ms(300));
  for (int i = 0; i < 8; ++i)
    test::mixInto(v, v.size(), test::tone(2100, -12, ms(450), i % 2 ? std::numbers::pi : 0));
  test::mixInto(v, 0, test::noise(-30, v.size(), 3));
  EXPECT_EQ(run(v).tones, std::vector<FaxTone>{FaxTone::Ced});
}

TEST(FaxToneDetector, SpeechIsNotFax) {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    for (double f0 : {110.0, 220.0, 275.0}) {
      auto v = test::speechLike(f0, -10, ms(8000), seed);
      EXPECT_TRUE(run(v).tones.empty()) << f0 << " " << seed;
    }
  }
}

TEST(FaxToneDetector, ResetAllowsANewReport) {
  std::vector<FaxTone> got;
  FaxToneDetector d([&](FaxTone t) { got.push_back(t); });
  auto pcm = test::toPcm(cadence(1100, 500, 1000, 2));
  d.process(pcm);
  EXPECT_TRUE(d.cngSeen());
  d.reset();
  EXPECT_FALSE(d.cngSeen());
  d.process(pcm);
  EXPECT_EQ(got.size(), 2u);
}

}  // namespace
}  // namespace hk::media
