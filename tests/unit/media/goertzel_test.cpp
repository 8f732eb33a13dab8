#include "media/goertzel.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace hk::media {
namespace {

std::vector<int16_t> sine(double hz, double amplitude, size_t n) {
  std::vector<int16_t> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<int16_t>(amplitude * 32767 * std::sin(2 * std::numbers::pi * hz * i / 8000));
  return v;
}

TEST(Goertzel, FindsTheToneAndNotItsNeighbours) {
  auto tone = sine(1000, 1.0, 800);
  EXPECT_NEAR(goertzelPower(tone, 1000), 1.0, 0.05);
  EXPECT_LT(goertzelPower(tone, 1400), 0.01);
  EXPECT_LT(goertzelPower(tone, 440), 0.01);
}

TEST(Goertzel, ScalesWithAmplitudeSquared) {
  auto half = sine(440, 0.5, 800);
  EXPECT_NEAR(goertzelPower(half, 440), 0.25, 0.02);
  EXPECT_NEAR(meanPower(half), 0.125, 0.01);
}

TEST(Goertzel, SilenceAndEmptyAreZero) {
  std::vector<int16_t> silence(160, 0);
  EXPECT_EQ(goertzelPower(silence, 1000), 0.0);
  EXPECT_EQ(goertzelPower({}, 1000), 0.0);
  EXPECT_EQ(meanPower({}), 0.0);
}

}  // namespace
}  // namespace hk::media
