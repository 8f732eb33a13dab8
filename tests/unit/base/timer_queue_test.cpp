#include "base/timer_queue.hpp"

#include <gtest/gtest.h>

namespace hk {
namespace {

using std::chrono::milliseconds;

TEST(TimerQueue, RunsInDeadlineOrderThenInsertionOrder) {
  TimerQueue q;
  MonoTime t0{};
  std::vector<int> order;
  q.add(t0 + milliseconds(30), [&] { order.push_back(3); });
  q.add(t0 + milliseconds(10), [&] { order.push_back(1); });
  q.add(t0 + milliseconds(10), [&] { order.push_back(2); });
  EXPECT_EQ(q.runDue(t0 + milliseconds(9)), 0u);
  EXPECT_EQ(q.runDue(t0 + milliseconds(10)), 2u);
  EXPECT_EQ(q.runDue(t0 + milliseconds(100)), 1u);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(q.size(), 0u);
}

TEST(TimerQueue, CancelledTimersNeverRun) {
  TimerQueue q;
  MonoTime t0{};
  bool ran = false;
  auto id = q.add(t0 + milliseconds(5), [&] { ran = true; });
  EXPECT_TRUE(q.cancel(id));
  EXPECT_FALSE(q.cancel(id));
  EXPECT_FALSE(q.nextDeadline().has_value());
  q.runDue(t0 + milliseconds(10));
  EXPECT_FALSE(ran);
}

TEST(TimerQueue, CallbackMayAddAndCancel) {
  TimerQueue q;
  MonoTime t0{};
  int runs = 0;
  TimerId victim = q.add(t0 + milliseconds(20), [&] { runs += 100; });
  q.add(t0 + milliseconds(10), [&] {
    ++runs;
    q.cancel(victim);
    q.add(t0 + milliseconds(15), [&] { ++runs; });
  });
  q.runDue(t0 + milliseconds(50));
  EXPECT_EQ(runs, 2);
}

TEST(TimerQueue, ManyTimersStayOrdered) {
  TimerQueue q;
  MonoTime t0{};
  int last = -1;
  bool ordered = true;
  for (int i = 0; i < 10000; ++i) {
    int d = (i * 7919) % 10000;
    q.add(t0 + milliseconds(d), [&, d] {
      if (d < last) ordered = false;
      last = d;
    });
  }
  EXPECT_EQ(q.runDue(t0 + milliseconds(10000)), 10000u);
  EXPECT_TRUE(ordered);
}

}  // namespace
}  // namespace hk
