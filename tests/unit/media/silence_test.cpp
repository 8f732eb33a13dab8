#include "media/silence.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "unit/media/test_signals.hpp"

namespace hk::media {
namespace {

using namespace std::chrono_literals;
using test::ms;

// Feeds `v` in `chunk`-sample pieces; returns inVoice() after each 20 ms, as a string.
std::string feed(SilenceDetector& d, const std::vector<double>& v, size_t chunk = 160) {
  auto pcm = test::toPcm(v);
  std::string s;
  size_t fed = 0;
  for (size_t off = 0; off < pcm.size(); off += chunk) {
    auto part = std::span(pcm).subspan(off, std::min(chunk, pcm.size() - off));
    d.process(part);
    for (size_t k = fed / 160; k < (fed + part.size()) / 160; ++k) s += d.inVoice() ? 'v' : '.';
    fed += part.size();
  }
  return s;
}

std::vector<double> withFloor(std::vector<double> v, double noise_dbm0 = -60, unsigned seed = 1) {
  test::mixInto(v, 0, test::noise(noise_dbm0, v.size(), seed));
  return v;
}

TEST(SilenceDetector, SpeechThenSilence) {
  SilenceDetector d;
  auto v = test::silence(ms(500));
  test::mixInto(v, v.size(), test::speechLike(140, -15, ms(2000), 3));
  test::mixInto(v, v.size(), test::silence(ms(3000)));
  auto s = feed(d, withFloor(v));
  // Quiet for the first 0.5 s, voice through the speech (its short pauses included), then
  // silence after the hangover.
  EXPECT_EQ(s.substr(0, 25), std::string(25, '.'));
  EXPECT_EQ(s.substr(30, 95), std::string(95, 'v')) << s;
  EXPECT_EQ(s.substr(150), std::string(125, '.')) << s;
  EXPECT_TRUE(d.heardVoice());
  EXPECT_FALSE(d.inVoice());
  EXPECT_NEAR(static_cast<double>(d.silence().count()), 3000, 100);
  EXPECT_NEAR(static_cast<double>(d.voice().count()), 2400, 150);  // 2 s + the hangover
  EXPECT_EQ(d.elapsed(), 5500ms);
}

TEST(SilenceDetector, QuietNoiseAndClicksAreNotVoice) {
  SilenceDetector d;
  auto v = withFloor(test::silence(ms(3000)), -55);
  for (int k = 0; k < 5; ++k) test::mixInto(v, ms(400 + 500 * k), test::tone(1000, -10, ms(20)));
  EXPECT_EQ(feed(d, v), std::string(150, '.'));
  EXPECT_FALSE(d.heardVoice());
  EXPECT_EQ(d.silence(), 3000ms);
}

TEST(SilenceDetector, PausesShorterThanTheHangoverAreNotSilence) {
  SilenceDetector d(SilenceOptions{.hangover = 400ms});
  std::vector<double> v;
  for (int k = 0; k < 3; ++k) {
    test::mixInto(v, v.size(), test::tone(300, -15, ms(500)));
    test::mixInto(v, v.size(), test::silence(ms(300)));
  }
  test::mixInto(v, v.size(), test::silence(ms(1000)));
  auto s = feed(d, withFloor(v));
  const size_t first = s.find('v');
  EXPECT_LE(first, 3u);
  // The first quiet frame: after the third tone (2 x 40 + 25 frames) and the hangover.
  EXPECT_EQ(s.find('.', first), 2u * 40 + 25 + 20) << s;
}

TEST(SilenceDetector, SteadyBackgroundNoiseStopsCounting) {
  SilenceDetector d;
  auto noisy = test::noise(-30, ms(8000), 9);
  auto s = feed(d, noisy);
  EXPECT_EQ(s.substr(250), std::string(150, '.')) << s;  // adapted within 5 s
  EXPECT_GT(d.noiseFloorDbm0(), -35);
  // Speech over that noise is still voice.
  auto talk = test::speechLike(200, -8, ms(1500), 4);
  test::mixInto(talk, 0, test::noise(-30, talk.size(), 10));
  auto s2 = feed(d, talk);
  EXPECT_GT(std::count(s2.begin(), s2.end(), 'v'), 60) << s2;
}

TEST(SilenceDetector, ChunkSizeDoesNotMatter) {
  auto v = test::silence(ms(300));
  test::mixInto(v, v.size(), test::speechLike(120, -20, ms(1000), 5));
  test::mixInto(v, v.size(), test::silence(ms(1000)));
  v = withFloor(v);
  SilenceDetector a, b;
  EXPECT_EQ(feed(a, v, 160), feed(b, v, 37));
  EXPECT_EQ(a.silence(), b.silence());
  a.reset();
  EXPECT_FALSE(a.heardVoice());
  EXPECT_EQ(a.elapsed(), 0ms);
}

}  // namespace
}  // namespace hk::media
