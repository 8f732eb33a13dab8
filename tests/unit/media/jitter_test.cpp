#include "media/jitter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace hk::media {
namespace {

using namespace std::chrono_literals;
using Kind = Released::Kind;

// The output of a buffer, as one stream plus what came with it.
struct Sink {
  std::vector<int16_t> pcm;
  std::vector<Kind> kinds;          // per sample
  std::vector<uint64_t> resync_at;  // offsets in pcm
  std::optional<uint64_t> start;
  bool contiguous = true;
  ReorderBuffer::Out fn() {
    return [this](const Released& r) {
      if (!start) start = r.position;
      if (r.position != *start + pcm.size()) contiguous = false;
      if (r.resync) resync_at.push_back(pcm.size());
      pcm.insert(pcm.end(), r.pcm.begin(), r.pcm.end());
      kinds.insert(kinds.end(), r.pcm.size(), r.kind);
    };
  }
  size_t count(Kind k) const {
    return static_cast<size_t>(std::count(kinds.begin(), kinds.end(), k));
  }
};

// Packet i carries samples i*160 .. i*160+159 of a sequence whose value identifies the
// sample (i*160 + j, mod 30000).
std::vector<int16_t> packet(uint32_t i) {
  std::vector<int16_t> p(160);
  for (uint32_t j = 0; j < 160; ++j) p[j] = static_cast<int16_t>((i * 160 + j) % 30000 + 1);
  return p;
}

struct Send {
  uint32_t index;
  MonoTime arrival;
};

TEST(ReorderBuffer, InOrderPassesStraightThroughAfterTheFirstWait) {
  ReorderBuffer rb;
  Sink s;
  MonoTime t{};
  std::vector<size_t> out_after;
  for (uint32_t i = 0; i < 10; ++i) {
    t += 20ms;
    auto p = packet(i);
    rb.push(1000 + i * 160, p, t);
    rb.drain(t, s.fn());
    out_after.push_back(s.pcm.size() / 160);
  }
  // The first packet waits `delay` (100 ms) for any that overtook it; then no delay.
  EXPECT_EQ(out_after, (std::vector<size_t>{0, 0, 0, 0, 0, 6, 7, 8, 9, 10}));
  ASSERT_EQ(s.pcm.size(), 1600u);
  for (size_t k = 0; k < s.pcm.size(); ++k) ASSERT_EQ(s.pcm[k], static_cast<int16_t>(k + 1));
  EXPECT_EQ(s.resync_at, std::vector<uint64_t>{0});
  EXPECT_TRUE(s.contiguous);
}

TEST(ReorderBuffer, LossReorderAndDuplicatesKeepTheSpan) {
  // 1000 packets: every 20th lost (5%), neighbours swapped every 7, every 11th sent twice,
  // random network delay 0-40 ms.
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> jitter(0, 40);
  std::vector<Send> sends;
  const uint32_t n = 1000;
  for (uint32_t i = 0; i < n; ++i) {
    if (i % 20 == 10) continue;
    auto at = MonoTime{} + std::chrono::milliseconds(20 * i + jitter(rng));
    sends.push_back({i, at});
    if (i % 11 == 0) sends.push_back({i, at + 5ms});
  }
  for (size_t k = 0; k + 1 < sends.size(); k += 7) std::swap(sends[k], sends[k + 1]);
  std::stable_sort(sends.begin(), sends.end(),
                   [](const Send& a, const Send& b) { return a.arrival < b.arrival; });

  ReorderBuffer rb(ReorderOptions{.delay = 80ms});
  Sink s;
  for (const auto& sd : sends) {
    auto p = packet(sd.index);
    rb.push(0x12345678u + sd.index * 160, p, sd.arrival);
    rb.drain(sd.arrival, s.fn());
  }
  rb.flush(s.fn());
  EXPECT_NEAR(static_cast<double>(s.pcm.size()), n * 160.0, 160.0);
  EXPECT_TRUE(s.contiguous);
  // Every packet that arrived is in its place; each lost one is concealed.
  for (uint32_t i = 0; i < n; ++i) {
    auto want = packet(i);
    if (i % 20 == 10) {
      EXPECT_EQ(s.kinds[i * 160], Kind::Concealed) << i;
      continue;
    }
    ASSERT_TRUE(std::equal(want.begin(), want.end(), s.pcm.begin() + i * 160)) << "packet " << i;
  }
  EXPECT_EQ(rb.stats().concealed_samples, 50u * 160);
  EXPECT_EQ(rb.stats().duplicates, 91u - 5u);  // 110, 330, 550, 770, 990 were lost
  EXPECT_EQ(rb.stats().late, 0u);
  EXPECT_EQ(rb.stats().resyncs, 0u);
}

TEST(ReorderBuffer, AMissingPacketIsWaitedForAtMostTheDelay) {
  ReorderBuffer rb(ReorderOptions{.delay = 60ms});
  Sink s;
  MonoTime t{};
  auto p0 = packet(0), p2 = packet(2), p3 = packet(3), p1 = packet(1);
  rb.push(0, p0, t);
  rb.drain(t + 60ms, s.fn());
  EXPECT_EQ(s.pcm.size(), 160u);
  rb.push(320, p2, t + 60ms);
  rb.push(480, p3, t + 70ms);
  rb.drain(t + 119ms, s.fn());
  EXPECT_EQ(s.pcm.size(), 160u);  // still waiting for packet 1
  rb.drain(t + 120ms, s.fn());
  EXPECT_EQ(s.pcm.size(), 640u);  // given up: concealed, then 2 and 3
  EXPECT_EQ(s.count(Kind::Concealed), 160u);
  // The fade: the concealment starts like packet 0 and ends near zero.
  EXPECT_NEAR(s.pcm[160], p0[0], 2);
  EXPECT_LE(std::abs(s.pcm[319]), 1);
  // Packet 1 now is far too late.
  rb.push(160, p1, t + 200ms);
  rb.push(320, p2, t + 200ms);
  rb.drain(t + 200ms, s.fn());
  EXPECT_EQ(s.pcm.size(), 640u);
  EXPECT_EQ(rb.stats().late, 1u);
  EXPECT_EQ(rb.stats().duplicates, 1u);
}

TEST(ReorderBuffer, LongerGapsAreSilence) {
  ReorderBuffer rb;
  Sink s;
  MonoTime t{};
  auto p = packet(0);
  rb.push(0, p, t);
  rb.push(160 * 4, p, t + 80ms);  // three packets lost
  rb.flush(s.fn());
  ASSERT_EQ(s.pcm.size(), 5u * 160);
  EXPECT_EQ(s.count(Kind::Silence), 3u * 160);
  EXPECT_TRUE(
      std::all_of(s.pcm.begin() + 160, s.pcm.begin() + 640, [](int16_t v) { return v == 0; }));
}

TEST(ReorderBuffer, TimestampWrapAround) {
  ReorderBuffer rb;
  Sink s;
  MonoTime t{};
  const uint32_t start = 0xFFFFFFFFu - 160 * 5 + 1;
  std::vector<uint32_t> order = {0, 1, 2, 3, 5, 4, 6, 7, 8, 9};  // 5 overtakes 4 at the wrap
  for (uint32_t i : order) {
    t += 20ms;
    auto p = packet(i);
    rb.push(start + i * 160, p, t);
    rb.drain(t, s.fn());
  }
  rb.flush(s.fn());
  ASSERT_EQ(s.pcm.size(), 1600u);
  for (size_t k = 0; k < s.pcm.size(); ++k) ASSERT_EQ(s.pcm[k], static_cast<int16_t>(k + 1));
  EXPECT_EQ(rb.stats().resyncs, 0u);
  EXPECT_EQ(s.resync_at.size(), 1u);
}

TEST(ReorderBuffer, ASenderJumpResyncsInsteadOfFillingTheGap) {
  ReorderBuffer rb;
  Sink s;
  MonoTime t{};
  auto a = packet(0);
  for (uint32_t i = 0; i < 5; ++i) rb.push(5000 + i * 160, a, t += 20ms);
  rb.drain(t + 100ms, s.fn());
  EXPECT_EQ(s.pcm.size(), 5u * 160);
  // New talk spurt 30 s later in timestamp terms, then an SSRC change going backwards.
  for (uint32_t i = 0; i < 5; ++i) rb.push(5000 + 240000 + i * 160, a, t += 20ms);
  for (uint32_t i = 0; i < 5; ++i) rb.push(0x90000007u + i * 160, a, t += 20ms);
  rb.flush(s.fn());
  EXPECT_EQ(s.pcm.size(), 15u * 160);  // no 30 s of silence
  EXPECT_EQ(s.resync_at, (std::vector<uint64_t>{0, 800, 1600}));
  EXPECT_EQ(rb.stats().resyncs, 2u);
  EXPECT_EQ(s.count(Kind::Silence), 0u);
  EXPECT_TRUE(s.contiguous);
}

TEST(ReorderBuffer, AStragglerFromBeforeAJumpStillFindsItsPlace) {
  ReorderBuffer rb;
  Sink s;
  MonoTime t{};
  for (uint32_t i : {0u, 1u, 3u}) {
    auto p = packet(i);
    rb.push(100 + i * 160, p, t += 20ms);
  }
  auto x = packet(50);
  rb.push(900000, x, t += 1ms);  // the jump
  auto p2 = packet(2);
  rb.push(100 + 2 * 160, p2, t += 1ms);  // packet 2 of the old stream, overtaken
  rb.flush(s.fn());
  ASSERT_EQ(s.pcm.size(), 5u * 160);
  for (size_t k = 0; k < 640; ++k) ASSERT_EQ(s.pcm[k], static_cast<int16_t>(k + 1));
  EXPECT_EQ(s.pcm[640], x[0]);
  EXPECT_EQ(s.resync_at, (std::vector<uint64_t>{0, 640}));
}

}  // namespace
}  // namespace hk::media
