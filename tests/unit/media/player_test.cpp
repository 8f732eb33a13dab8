#include "media/player.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

namespace hk::media {
namespace {

using namespace std::chrono_literals;

SharedPcm constant(size_t n, int16_t value) {
  return std::make_shared<const std::vector<int16_t>>(n, value);
}

// Frames until fill() says no (at most `max`).
std::vector<std::vector<int16_t>> playAll(PromptPlayer& p, size_t max = 1000) {
  std::vector<std::vector<int16_t>> out;
  std::vector<int16_t> f(rtp::kFrameSamples);
  while (out.size() < max && p.fill(f)) out.push_back(f);
  return out;
}

TEST(PromptPlayer, PlaysThePromptsInOrderAndCountsWhatWasPlayed) {
  PromptPlayer p({constant(400, 1), constant(160, 2)});
  auto frames = playAll(p);
  ASSERT_EQ(frames.size(), 4u);  // 560 samples: 3.5 frames
  EXPECT_EQ(frames[0][0], 1);
  EXPECT_EQ(frames[2][79], 1);
  EXPECT_EQ(frames[2][80], 2);
  EXPECT_EQ(frames[3][79], 2);
  EXPECT_EQ(frames[3][80], 0);  // padding
  EXPECT_TRUE(p.finished());
  EXPECT_FALSE(p.stopped());
  EXPECT_EQ(p.played(), 70ms);
}

TEST(PromptPlayer, LoopsAndForEver) {
  PromptPlayer twice({constant(320, 7)}, PlayerOptions{.loops = 2});
  EXPECT_EQ(playAll(twice).size(), 4u);
  EXPECT_EQ(twice.played(), 80ms);
  PromptPlayer forever({constant(320, 7)}, PlayerOptions{.loops = 0});
  EXPECT_EQ(playAll(forever, 500).size(), 500u);
  EXPECT_FALSE(forever.finished());
  EXPECT_EQ(forever.played(), 10000ms);
}

TEST(PromptPlayer, StopFromAnotherThread) {
  PromptPlayer p({constant(8000, 3)}, PlayerOptions{.loops = 0});
  std::vector<int16_t> f(160);
  ASSERT_TRUE(p.fill(f));
  std::thread([&] { p.stop(); }).join();
  EXPECT_FALSE(p.fill(f));
  EXPECT_TRUE(p.stopped());
  EXPECT_FALSE(p.finished());
  EXPECT_EQ(p.played(), 20ms);
}

TEST(PromptPlayer, BargeInStopsOnADigitOnlyWhenOn) {
  std::vector<int16_t> f(160);
  PromptPlayer interruptible({constant(8000, 3)});
  ASSERT_TRUE(interruptible.fill(f));
  EXPECT_TRUE(interruptible.bargeIn());
  EXPECT_TRUE(interruptible.onDigit());
  EXPECT_FALSE(interruptible.fill(f));

  PromptPlayer notice({constant(8000, 3)}, PlayerOptions{.barge_in = false});
  ASSERT_TRUE(notice.fill(f));
  EXPECT_FALSE(notice.onDigit());
  EXPECT_TRUE(notice.fill(f));
  EXPECT_FALSE(notice.stopped());
}

TEST(PromptPlayer, NothingToPlay) {
  PromptPlayer p({nullptr, constant(0, 0)});
  std::vector<int16_t> f(160);
  EXPECT_FALSE(p.fill(f));
  EXPECT_TRUE(p.finished());
  EXPECT_EQ(p.played(), 0ms);
}

}  // namespace
}  // namespace hk::media
