#include "media/tones.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <numeric>
#include <vector>

#include "media/goertzel.hpp"

namespace hk::media {
namespace {

using namespace std::chrono_literals;

// Pulls up to `frames` frames; stops at the first false.
std::vector<int16_t> pull(rtp::AudioSource& s, size_t frames, size_t* got = nullptr) {
  std::vector<int16_t> out;
  std::vector<int16_t> frame(rtp::kFrameSamples);
  size_t n = 0;
  for (; n < frames; ++n) {
    std::fill(frame.begin(), frame.end(), int16_t{12345});
    if (!s.fill(frame)) break;
    out.insert(out.end(), frame.begin(), frame.end());
  }
  if (got) *got = n;
  return out;
}

// "1" for each 20 ms frame with sound, "0" for a silent one.
std::string cadenceOf(const std::vector<int16_t>& pcm) {
  std::string s;
  for (size_t off = 0; off + 160 <= pcm.size(); off += 160)
    s += meanPower(std::span(pcm).subspan(off, 160)) > 1e-4 ? '1' : '0';
  return s;
}

std::string repeatStr(const std::string& unit, int times) {
  std::string s;
  for (int i = 0; i < times; ++i) s += unit;
  return s;
}

TEST(Tones, JapaneseRingbackIs400HzBy16HzOneOnTwoOff) {
  ToneSource s(ringbackJp());
  auto pcm = pull(s, 300);  // 6 s
  ASSERT_EQ(pcm.size(), 300u * 160);
  EXPECT_EQ(cadenceOf(pcm), repeatStr(std::string(50, '1') + std::string(100, '0'), 2));
  auto on = std::span(pcm).first(8000);  // the first second, 1 Hz resolution
  EXPECT_GT(goertzelPower(on, 400), 0.005);
  // 16 Hz amplitude modulation: sidebands at 384 and 416 Hz.
  EXPECT_GT(goertzelPower(on, 384), 0.1 * goertzelPower(on, 400));
  EXPECT_GT(goertzelPower(on, 416), 0.1 * goertzelPower(on, 400));
  EXPECT_LT(goertzelPower(on, 1000), 1e-4);
  EXPECT_LT(goertzelPower(on, 450), 1e-4);
}

TEST(Tones, JapaneseBusyIs400HzHalfSecondOnOff) {
  ToneSource s(busyJp());
  auto pcm = pull(s, 200);
  EXPECT_EQ(cadenceOf(pcm), repeatStr(std::string(25, '1') + std::string(25, '0'), 4));
  auto on = std::span(pcm).first(4000);
  EXPECT_GT(goertzelPower(on, 400), 0.02);
  EXPECT_LT(goertzelPower(on, 384), 1e-3 * goertzelPower(on, 400));  // not modulated
}

TEST(Tones, BeepPlaysOnceForItsLength) {
  size_t frames = 0;
  ToneSource s(beep());
  auto pcm = pull(s, 100, &frames);
  EXPECT_EQ(frames, 10u);  // 200 ms
  EXPECT_NEAR(goertzelPower(pcm, 1000), 2 * meanPower(pcm), 0.01);
  EXPECT_NEAR(meanPower(pcm), 0.024, 0.002);  // -10 dBm0
  std::vector<int16_t> f(160);
  EXPECT_FALSE(s.fill(f));

  ToneSource custom(beep(2000, 110ms));  // 5.5 frames: the last one padded
  auto pcm2 = pull(custom, 100, &frames);
  EXPECT_EQ(frames, 6u);
  EXPECT_NEAR(goertzelPower(std::span(pcm2).first(800), 2000), 0.048, 0.004);
  EXPECT_TRUE(std::all_of(pcm2.end() - 80, pcm2.end(), [](int16_t v) { return v == 0; }));
}

TEST(Tones, SilenceForALengthOrForEver) {
  size_t frames = 0;
  SilenceSource s(100ms);
  auto pcm = pull(s, 100, &frames);
  EXPECT_EQ(frames, 5u);
  EXPECT_TRUE(std::all_of(pcm.begin(), pcm.end(), [](int16_t v) { return v == 0; }));
  SilenceSource forever;
  pull(forever, 1000, &frames);
  EXPECT_EQ(frames, 1000u);
}

SharedPcm ramp(size_t n, int16_t base) {
  std::vector<int16_t> v(n);
  std::iota(v.begin(), v.end(), base);
  return std::make_shared<const std::vector<int16_t>>(std::move(v));
}

TEST(Tones, PcmSourceLoopsAndSharesItsBuffer) {
  auto music = ramp(250, 1);
  PcmSource a(music);
  PcmSource b(music);
  auto first = pull(a, 3);
  pull(b, 1);  // b's position does not move a's
  auto more = pull(a, 2);
  first.insert(first.end(), more.begin(), more.end());
  ASSERT_EQ(first.size(), 800u);
  for (size_t i = 0; i < first.size(); ++i) ASSERT_EQ(first[i], (*music)[i % 250]) << i;
  EXPECT_EQ(a.samplesPlayed(), 800u);

  size_t frames = 0;
  PcmSource once(music, false);
  auto pcm = pull(once, 10, &frames);
  EXPECT_EQ(frames, 2u);
  EXPECT_EQ(pcm[249], 250);
  EXPECT_EQ(pcm[250], 0);
}

TEST(Tones, PlaylistPlaysItsBuffersInOrder) {
  auto one = std::make_shared<const std::vector<int16_t>>(200, int16_t{1});
  auto two = std::make_shared<const std::vector<int16_t>>(100, int16_t{2});
  size_t frames = 0;
  PlaylistSource list({one, nullptr, std::make_shared<const std::vector<int16_t>>(), two}, 2);
  auto pcm = pull(list, 10, &frames);
  EXPECT_EQ(frames, 4u);  // 600 samples, the last frame padded
  ASSERT_EQ(pcm.size(), 640u);
  std::vector<int16_t> want;
  for (int loop = 0; loop < 2; ++loop) {
    want.insert(want.end(), 200, 1);
    want.insert(want.end(), 100, 2);
  }
  want.insert(want.end(), 40, 0);
  EXPECT_EQ(pcm, want);
  EXPECT_TRUE(list.done());

  PlaylistSource empty({});
  std::vector<int16_t> f(160);
  EXPECT_FALSE(empty.fill(f));
}

}  // namespace
}  // namespace hk::media
