#include "tracking/lease_book.hpp"

#include <gtest/gtest.h>

#include <set>

#include "support/fake_clock.hpp"

namespace hk::tracking {
namespace {

using domain::NumberState;
using std::chrono::seconds;

store::TrackingPool pooled(int n) {
  store::TrackingPool p;
  p.id = 7;
  p.key = "pk_test";
  p.mode = store::PoolMode::Pooled;
  for (int i = 0; i < n; ++i) {
    p.numbers.push_back({100 + i, "0501000000" + std::to_string(i)});
  }
  p.idle_release_sec = 60;
  p.max_lease_sec = 600;
  p.cooldown_sec = 30;
  p.match_window_sec = 120;
  p.default_number = "0312345678";
  p.overflow_number = "0120999999";
  return p;
}

struct LeaseBookTest : ::testing::Test {
  test::FakeClock clock;
};

TEST_F(LeaseBookTest, SameVisitorGetsTheSameNumberWhileTheLeaseLives) {
  LeaseBook book(pooled(3), clock, 1);
  auto a = book.issue("v1", {{"utm_source", "google"}});
  ASSERT_EQ(a.outcome, IssueOutcome::New);
  ASSERT_TRUE(a.lease);
  EXPECT_EQ(a.confidence, 1.0);
  clock.advance(seconds(30));
  auto b = book.issue("v1", {{"utm_source", "yahoo"}});
  EXPECT_EQ(b.outcome, IssueOutcome::Reused);
  EXPECT_EQ(b.number, a.number);
  EXPECT_EQ(b.lease->id, a.lease->id);
  EXPECT_EQ(b.lease->params.at(0).second, "yahoo");  // last touch
  auto c = book.issue("v2", {});
  EXPECT_NE(c.number, a.number);
  EXPECT_EQ(book.stateOf(a.number), NumberState::Leased);
}

TEST_F(LeaseBookTest, RenewalKeepsTheLeaseAndIdleReleaseEndsIt) {
  LeaseBook book(pooled(1), clock, 1);
  auto a = book.issue("v1", {});
  for (int i = 0; i < 5; ++i) {
    clock.advance(seconds(50));
    auto r = book.renew(a.lease->id);
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->expires_at, clock.now() + seconds(60));
  }
  clock.advance(seconds(61));  // no renewal for longer than the idle release time
  EXPECT_FALSE(book.renew(a.lease->id));
  EXPECT_EQ(book.stateOf(a.number), NumberState::Cooldown);
  EXPECT_EQ(book.liveLeases(), 0u);
}

TEST_F(LeaseBookTest, MaximumLeaseEndsEvenARenewedLease) {
  LeaseBook book(pooled(1), clock, 1);
  auto a = book.issue("v1", {});
  for (int i = 0; i < 10; ++i) {
    clock.advance(seconds(55));
    ASSERT_TRUE(book.renew(a.lease->id)) << i;
  }
  auto r = book.renew(a.lease->id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->expires_at, r->issued_at + seconds(600));
  clock.advance(seconds(51));  // 601 s after issue
  EXPECT_FALSE(book.renew(a.lease->id));
  auto j = book.takeJournal();
  ASSERT_FALSE(j.leases.empty());
  EXPECT_EQ(j.leases.back().end_cause, "max_lease");
}

TEST_F(LeaseBookTest, ReleasedNumberCoolsDownBeforeReuse) {
  LeaseBook book(pooled(1), clock, 1);
  auto a = book.issue("v1", {});
  ASSERT_TRUE(book.release(a.lease->id));
  EXPECT_EQ(book.stateOf(a.number), NumberState::Cooldown);
  auto b = book.issue("v2", {});
  EXPECT_EQ(b.outcome, IssueOutcome::DefaultNumber);  // the only number is resting
  clock.advance(seconds(30));
  auto c = book.issue("v3", {});
  EXPECT_EQ(c.outcome, IssueOutcome::New);
  EXPECT_EQ(c.number, a.number);
}

TEST_F(LeaseBookTest, ExhaustionDefaultNumber) {
  auto p = pooled(2);
  p.exhaustion = store::PoolExhaustion::DefaultNumber;
  LeaseBook book(p, clock, 1);
  book.issue("v1", {});
  book.issue("v2", {});
  auto c = book.issue("v3", {});
  EXPECT_EQ(c.outcome, IssueOutcome::DefaultNumber);
  EXPECT_EQ(c.number, "0312345678");
  EXPECT_FALSE(c.lease);
  EXPECT_EQ(c.confidence, 0);
  auto j = book.takeJournal();
  ASSERT_EQ(j.monthly.size(), 1u);
  EXPECT_EQ(j.monthly[0].month, "2026-01");
  EXPECT_EQ(j.monthly[0].issued, 2);
  EXPECT_EQ(j.monthly[0].exhausted, 1);
}

TEST_F(LeaseBookTest, ExhaustionOverflowNumber) {
  auto p = pooled(1);
  p.exhaustion = store::PoolExhaustion::Overflow;
  LeaseBook book(p, clock, 1);
  book.issue("v1", {});
  auto c = book.issue("v2", {});
  EXPECT_EQ(c.outcome, IssueOutcome::Overflow);
  EXPECT_EQ(c.number, "0120999999");
}

TEST_F(LeaseBookTest, ExhaustionSharesTheLeastRecentlyIssuedNumberWithLowerConfidence) {
  auto p = pooled(2);
  p.exhaustion = store::PoolExhaustion::ShareLru;
  LeaseBook book(p, clock, 1);
  auto a = book.issue("v1", {});
  clock.advance(seconds(1));
  auto b = book.issue("v2", {});
  clock.advance(seconds(1));
  auto c = book.issue("v3", {});
  EXPECT_EQ(c.outcome, IssueOutcome::Shared);
  EXPECT_EQ(c.number, a.number);  // issued first: least recently
  EXPECT_LT(c.confidence, 1.0);
  EXPECT_TRUE(c.lease->shared);
  auto holders = book.holdersAt(a.number, clock.now());
  EXPECT_EQ(holders.size(), 2u);
  // The first holder leaving does not free a number the second still holds.
  ASSERT_TRUE(book.release(a.lease->id));
  EXPECT_EQ(book.stateOf(a.number), NumberState::Leased);
  (void)b;
}

TEST_F(LeaseBookTest, LruPrefersNeverUsedThenOldest) {
  auto p = pooled(3);
  p.cooldown_sec = 0;
  LeaseBook book(p, clock, 1);
  auto a = book.issue("v1", {});
  clock.advance(seconds(1));
  ASSERT_TRUE(book.release(a.lease->id));
  auto b = book.issue("v2", {});
  EXPECT_NE(b.number, a.number);  // a never-used number before the one just released
}

TEST_F(LeaseBookTest, OneTimeIsRoundRobinAndRenewalDoesNotExtendTheHold) {
  auto p = pooled(3);
  p.mode = store::PoolMode::OneTime;
  p.max_lease_sec = 100;
  p.cooldown_sec = 0;
  LeaseBook book(p, clock, 1);
  std::vector<std::string> got;
  for (int i = 0; i < 3; ++i) got.push_back(book.issue("v" + std::to_string(i), {}).number);
  EXPECT_EQ(got, (std::vector<std::string>{"05010000000", "05010000001", "05010000002"}));
  auto first = book.leaseOfVisitor("v0");
  ASSERT_TRUE(first);
  const std::string id = first->id;
  clock.advance(seconds(90));
  auto r = book.renew(id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->expires_at, r->issued_at + seconds(100));
  clock.advance(seconds(11));  // the hold time is over: recycled, next in the round
  EXPECT_FALSE(book.renew(id));
  EXPECT_EQ(book.issue("v9", {}).number, "05010000000");
}

TEST_F(LeaseBookTest, DynamicNumbersAreTheBasePlusUniqueSuffixes) {
  store::TrackingPool p;
  p.id = 3;
  p.mode = store::PoolMode::Dynamic;
  p.base_number = "00781234";
  p.suffix_digits = 2;
  p.cooldown_sec = 10;
  p.default_number = "0312345678";
  LeaseBook book(p, clock, 42);
  std::set<std::string> seen;
  int leased = 0;
  for (int i = 0; i < 150; ++i) {
    auto r = book.issue("v" + std::to_string(i), {});
    if (r.outcome != IssueOutcome::New) continue;
    ++leased;
    ASSERT_EQ(r.number.size(), 10u);
    ASSERT_TRUE(r.number.starts_with("00781234"));
    EXPECT_EQ(r.lease->suffix, r.number.substr(8));
    EXPECT_TRUE(seen.insert(r.number).second) << r.number;  // never two holders
  }
  EXPECT_GT(leased, 50);  // 100 suffixes: random picks fill most before giving up
}

TEST_F(LeaseBookTest, EveryTransitionIsRecordedWithTimeAndCause) {
  LeaseBook book(pooled(1), clock, 1);
  auto a = book.issue("v1", {});
  clock.advance(seconds(61));
  book.sweep();
  clock.advance(seconds(30));
  book.sweep();
  auto j = book.takeJournal();
  ASSERT_EQ(j.transitions.size(), 3u);
  EXPECT_EQ(j.transitions[0].to_state, "leased");
  EXPECT_EQ(j.transitions[0].cause, "issued");
  EXPECT_EQ(j.transitions[1].to_state, "cooldown");
  EXPECT_EQ(j.transitions[1].cause, "idle");
  EXPECT_EQ(j.transitions[2].to_state, "pooled");
  EXPECT_EQ(j.transitions[2].cause, "cooldown_over");
  EXPECT_EQ(j.transitions[2].at - j.transitions[0].at, std::chrono::milliseconds(91'000));
  EXPECT_EQ(j.transitions[0].lease_id, a.lease->id);
}

TEST_F(LeaseBookTest, ReconfigureEndsLeasesOnNumbersThatLeftThePool) {
  LeaseBook book(pooled(2), clock, 1);
  auto a = book.issue("v1", {});
  auto p = pooled(2);
  std::erase_if(p.numbers, [&](const store::PoolNumber& n) { return n.number == a.number; });
  book.reconfigure(p);
  EXPECT_FALSE(book.lease(a.lease->id));
  EXPECT_EQ(book.stateOf(a.number), NumberState::Available);
}

TEST_F(LeaseBookTest, RestoreBringsBackLiveLeases) {
  LeaseBook book(pooled(2), clock, 1);
  auto a = book.issue("v1", {{"gclid", "x"}});
  auto j = book.takeJournal();
  LeaseBook again(pooled(2), clock, 2);
  again.restore(j.leases);
  auto b = again.issue("v1", {});
  EXPECT_EQ(b.outcome, IssueOutcome::Reused);
  EXPECT_EQ(b.number, a.number);
  auto c = again.issue("v2", {});
  EXPECT_NE(c.number, a.number);
}

}  // namespace
}  // namespace hk::tracking
