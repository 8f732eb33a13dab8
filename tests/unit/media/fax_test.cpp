#include <gtest/gtest.h>

#include <chrono>
#include <numbers>
#include <string>
#include <vector>

#include "media/fax_detector.hpp"
#include "media/goertzel.hpp"
#include "support/fake_clock.hpp"
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

// The detector skips its Goertzel pass on blocks with too few sign changes to be a fax tone:
// a tone over a loud mains hum (a low frequency at -6 dB from it) must still be found.
TEST(FaxToneDetector, ToneOverALowHumIsStillFound) {
  auto cng = cadence(1070, 500, 3000, 1, -15);
  test::mixInto(cng, 0, test::tone(100, -21, cng.size()));
  EXPECT_EQ(run(cng).tones, std::vector<FaxTone>{FaxTone::Cng});
  auto ced = test::tone(2090, -15, ms(3000));
  test::mixInto(ced, 0, test::tone(150, -21, ced.size()));
  EXPECT_EQ(run(ced).tones, std::vector<FaxTone>{FaxTone::Ced});
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

TEST(FaxToneDetector, DtmfIsNotFax) {
  // Every key, in CNG-like 500 ms bursts and held for 3 s.
  for (char key : std::string("0123456789*#ABCD")) {
    auto v = test::silence(ms(300));
    for (int i = 0; i < 2; ++i) {
      test::mixInto(v, v.size(), test::dtmf(key, ms(500)));
      test::mixInto(v, v.size(), test::silence(ms(3000)));
    }
    test::mixInto(v, v.size(), test::dtmf(key, ms(3000)));
    EXPECT_TRUE(run(v).tones.empty()) << key;
  }
}

TEST(GoertzelBank, OnePassGivesEachFrequencysPowerAndTheMeanPower) {
  auto v = test::speechLike(220, -10, 160, 5);
  test::mixInto(v, 0, test::tone(1100, -10, 160));
  auto pcm = test::toPcm(v);
  const double freqs[] = {1080, 1100, 1120, 2080, 2100, 2120};
  GoertzelBank bank(freqs);
  ASSERT_EQ(bank.size(), 6u);
  double powers[6] = {};
  EXPECT_NEAR(bank.run(pcm, powers), meanPower(pcm), 1e-12);
  for (size_t i = 0; i < 6; ++i) EXPECT_NEAR(powers[i], goertzelPower(pcm, freqs[i]), 1e-9) << i;
  EXPECT_GT(powers[1], 10 * powers[4]);  // the tone is there, not at 2100 Hz
}

// FaxCallWatch, fed 20 ms packets stamped by an injected clock.
class Watch : public ::testing::Test {
 protected:
  Watch()
      : watch_(
            std::chrono::seconds(30), [this](FaxTone t) { tones_.push_back(t); },
            [this](int leg) { done_.push_back(leg); }) {}
  // `signal` on `leg` (the other leg sends silence alongside), 20 ms a packet.
  void send(int leg, const std::vector<double>& signal) {
    auto pcm = test::toPcm(signal);
    const std::vector<int16_t> quiet(160, 0);
    for (size_t off = 0; off + 160 <= pcm.size(); off += 160) {
      watch_.process(leg, clock_.mono(), std::span(pcm).subspan(off, 160));
      watch_.process(1 - leg, clock_.mono(), quiet);
      clock_.advance(std::chrono::milliseconds(20));
    }
  }
  hk::test::FakeClock clock_;
  FaxCallWatch watch_;
  std::vector<FaxTone> tones_;
  std::vector<int> done_;
};

TEST_F(Watch, ToneWithinTheWindowIsReportedAndEndsTheWatchOnBothLegs) {
  send(0, test::silence(ms(20'000)));
  EXPECT_TRUE(watch_.watching(0));
  send(1, cadence(2100, 3300, 500, 1));  // CED on B, 20 s into the call
  EXPECT_EQ(tones_, std::vector<FaxTone>{FaxTone::Ced});
  EXPECT_EQ(done_, (std::vector<int>{0, 1}));
  EXPECT_FALSE(watch_.watching(0));
  EXPECT_FALSE(watch_.watching(1));
  send(0, cadence(1100, 500, 3000, 2));  // nothing more
  EXPECT_EQ(tones_.size(), 1u);
  EXPECT_EQ(done_.size(), 2u);
}

TEST_F(Watch, AfterTheWindowEachLegIsLeftAloneAndToldOnce) {
  send(0, cadence(440, 500, 500, 29));  // 29.3 s of something else
  EXPECT_TRUE(done_.empty());
  send(0, test::silence(ms(1000)));  // the window (30 s from the first packet) ends
  EXPECT_EQ(done_, (std::vector<int>{0, 1}));
  EXPECT_FALSE(watch_.watching(0));
  EXPECT_FALSE(watch_.watching(1));
  send(0, cadence(1100, 500, 3000, 2));  // a CNG after the window: not looked at
  send(1, cadence(2100, 3300, 500, 1));
  EXPECT_TRUE(tones_.empty());
  EXPECT_EQ(done_.size(), 2u);
}

TEST(FaxCallWatch, EachLegsWindowStartsWithItsOwnFirstPacket) {
  hk::test::FakeClock clock;
  std::vector<FaxTone> tones;
  std::vector<int> done;
  FaxCallWatch w(
      std::chrono::seconds(5), [&](FaxTone t) { tones.push_back(t); },
      [&](int leg) { done.push_back(leg); });
  auto quiet = test::toPcm(test::silence(160));
  for (int i = 0; i < 300; ++i) {  // 6 s of A alone
    w.process(0, clock.mono(), quiet);
    clock.advance(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(done, std::vector<int>{0});
  auto cng = test::toPcm(cadence(1100, 500, 3000, 1));  // B answers now, with a CNG
  for (size_t off = 0; off + 160 <= cng.size(); off += 160) {
    w.process(1, clock.mono(), std::span(cng).subspan(off, 160));
    clock.advance(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(tones, std::vector<FaxTone>{FaxTone::Cng});
  EXPECT_EQ(done, (std::vector<int>{0, 1}));
}

}  // namespace
}  // namespace hk::media
