// The line queue's bookkeeping: arrival order, places, who a freed line is offered to.
#include "b2bua/line_queue.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace hk::b2bua {
namespace {

using testing::ElementsAre;

// Lines per number with a limit, as the core counts them.
struct Lines {
  std::map<int64_t, int> used;
  std::map<int64_t, int> max;
  std::vector<uint64_t> asked;
  bool take(const LineQueue::Waiter& w) {
    asked.push_back(w.call);
    if (used[w.number] >= max[w.number]) return false;
    used[w.number]++;
    return true;
  }
};

TEST(LineQueue, PlacesCountTheCallsWaitingOnTheSameNumberInArrivalOrder) {
  LineQueue q;
  EXPECT_TRUE(q.add({1, 10, 0}));
  EXPECT_TRUE(q.add({2, 20, 0}));
  EXPECT_TRUE(q.add({3, 10, 0}));
  EXPECT_FALSE(q.add({3, 10, 0})) << "a call waits once";
  EXPECT_EQ(q.position(1), 1u);
  EXPECT_EQ(q.position(2), 1u) << "another number: its own queue";
  EXPECT_EQ(q.position(3), 2u);
  EXPECT_EQ(q.position(99), 0u);
  EXPECT_EQ(q.waitingOn(10), 2u);
  EXPECT_TRUE(q.remove(1));
  EXPECT_FALSE(q.remove(1));
  EXPECT_EQ(q.position(3), 1u) << "moves up when the one ahead leaves";
}

TEST(LineQueue, AnAdvertiserLimitMakesItsNumbersShareOneQueue) {
  LineQueue q;
  q.add({1, 10, 5});
  q.add({2, 20, 5});
  q.add({3, 30, 0});  // advertiser without a limit
  EXPECT_EQ(q.position(2), 2u);
  EXPECT_EQ(q.position(3), 1u);
}

TEST(LineQueue, AFreedLineGoesToTheFirstWaitingCallOfItsNumber) {
  LineQueue q;
  q.add({1, 10, 0});
  q.add({2, 20, 0});
  q.add({3, 10, 0});
  Lines lines;
  lines.max = {{10, 1}, {20, 1}};
  EXPECT_THAT(q.serve(10, 0, [&](const auto& w) { return lines.take(w); }), ElementsAre(1u));
  EXPECT_THAT(lines.asked, ElementsAre(1u, 3u)) << "the other number's call is not offered it";
  EXPECT_EQ(q.position(3), 1u);
  EXPECT_FALSE(q.contains(1));
  EXPECT_TRUE(q.contains(2));
}

TEST(LineQueue, SeveralFreeLinesServeSeveralCallsInOrder) {
  LineQueue q;
  for (uint64_t c = 1; c <= 4; ++c) q.add({c, 10, 0});
  Lines lines;
  lines.max = {{10, 2}};
  EXPECT_THAT(q.serve(10, 0, [&](const auto& w) { return lines.take(w); }), ElementsAre(1u, 2u));
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(q.position(3), 1u);
}

TEST(LineQueue, ALineFreedOnTheAdvertiserIsOfferedToItsOtherNumbers) {
  LineQueue q;
  q.add({1, 20, 5});
  q.add({2, 30, 0});
  std::vector<uint64_t> asked;
  auto served = q.serve(10, 5, [&](const auto& w) {
    asked.push_back(w.call);
    return true;
  });
  EXPECT_THAT(served, ElementsAre(1u));
  EXPECT_THAT(asked, ElementsAre(1u));
}

TEST(LineQueue, NothingFreeNothingServed) {
  LineQueue q;
  q.add({1, 10, 0});
  EXPECT_TRUE(q.serve(10, 0, [](const auto&) { return false; }).empty());
  EXPECT_TRUE(q.contains(1));
}

}  // namespace
}  // namespace hk::b2bua
