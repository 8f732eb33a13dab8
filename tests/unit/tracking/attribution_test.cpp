#include "tracking/attribution.hpp"

#include <gtest/gtest.h>

#include "support/fake_clock.hpp"

namespace hk::tracking {
namespace {

using std::chrono::seconds;

store::TrackingPool pool() {
  store::TrackingPool p;
  p.id = 9;
  p.numbers = {{1, "05030000001"}, {2, "05030000002"}};
  p.idle_release_sec = 60;
  p.cooldown_sec = 600;
  p.match_window_sec = 300;
  p.exhaustion = store::PoolExhaustion::ShareLru;
  return p;
}

class FakeHistory final : public CallerHistory {
 public:
  std::optional<Attribution> lastFor(const std::string& caller, WallTime before) override {
    asked = caller;
    asked_before = before;
    return prior;
  }
  std::optional<Attribution> prior;
  std::string asked;
  WallTime asked_before{};
};

struct AttributionTest : ::testing::Test {
  test::FakeClock clock;
};

TEST_F(AttributionTest, ActiveLeaseGivesTheHolderAndItsParameters) {
  LeaseBook book(pool(), clock, 1);
  auto a = book.issue("v1", {{"gclid", "abc"}});
  clock.advance(seconds(10));
  auto r = attribute(&book, {a.number, "", "idx", clock.now()}, nullptr);
  EXPECT_EQ(r.reason, Reason::ActiveLease);
  EXPECT_EQ(r.visitor_id, "v1");
  EXPECT_EQ(r.lease_id, a.lease->id);
  EXPECT_EQ(r.pool_id, 9);
  ASSERT_EQ(r.params.size(), 1u);
  EXPECT_EQ(r.params[0].second, "abc");
  EXPECT_EQ(r.confidence, 1.0);
  EXPECT_TRUE(r.others.empty());
}

TEST_F(AttributionTest, LateCallInsideTheMatchWindowGoesToTheLastHolder) {
  LeaseBook book(pool(), clock, 1);
  auto a = book.issue("v1", {{"utm_source", "x"}});
  clock.advance(seconds(61));  // idle: lease ended at +61
  book.sweep();
  clock.advance(seconds(200));
  auto r = attribute(&book, {a.number, "", "", clock.now()}, nullptr);
  EXPECT_EQ(r.reason, Reason::MatchWindow);
  EXPECT_EQ(r.visitor_id, "v1");
  EXPECT_LT(r.confidence, 1.0);
  clock.advance(seconds(101));  // 301 s after the end: outside the window
  r = attribute(&book, {a.number, "", "", clock.now()}, nullptr);
  EXPECT_EQ(r.reason, Reason::None);
  EXPECT_TRUE(r.visitor_id.empty());
}

TEST_F(AttributionTest, SharedNumberListsTheOtherCandidates) {
  LeaseBook book(pool(), clock, 1);
  auto a = book.issue("v1", {});
  clock.advance(seconds(1));
  book.issue("v2", {});
  clock.advance(seconds(1));
  auto c = book.issue("v3", {});
  ASSERT_EQ(c.outcome, IssueOutcome::Shared);
  ASSERT_EQ(c.number, a.number);
  auto r = attribute(&book, {a.number, "", "", clock.now()}, nullptr);
  EXPECT_EQ(r.reason, Reason::ActiveLease);
  EXPECT_EQ(r.visitor_id, "v3");  // the latest issue
  EXPECT_LT(r.confidence, 1.0);
  ASSERT_EQ(r.others.size(), 1u);
  EXPECT_EQ(r.others[0].visitor_id, "v1");
}

TEST_F(AttributionTest, DynamicSuffixIsPartOfTheNumber) {
  store::TrackingPool p;
  p.id = 2;
  p.mode = store::PoolMode::Dynamic;
  p.base_number = "0078123";
  p.suffix_digits = 3;
  LeaseBook book(p, clock, 7);
  auto a = book.issue("v1", {});
  ASSERT_TRUE(a.lease);
  auto r = attribute(&book, {"0078123", a.lease->suffix, "", clock.now()}, nullptr);
  EXPECT_EQ(r.reason, Reason::ActiveLease);
  EXPECT_EQ(r.visitor_id, "v1");
  // The base with another suffix belongs to nobody.
  std::string other = a.lease->suffix == "000" ? "001" : "000";
  EXPECT_EQ(attribute(&book, {"0078123", other, "", clock.now()}, nullptr).reason, Reason::None);
}

TEST_F(AttributionTest, CallerHistoryWhenTheNumberTellsNothing) {
  LeaseBook book(pool(), clock, 1);
  FakeHistory h;
  Attribution prior;
  prior.reason = Reason::ActiveLease;
  prior.visitor_id = "v7";
  prior.confidence = 1.0;
  prior.params = {{"fbclid", "f"}};
  h.prior = prior;
  auto r = attribute(&book, {"05030000002", "", "idx-1", clock.now()}, &h);
  EXPECT_EQ(h.asked, "idx-1");
  EXPECT_EQ(r.reason, Reason::CallerHistory);
  EXPECT_EQ(r.visitor_id, "v7");
  EXPECT_EQ(r.confidence, kHistoryFactor);
  EXPECT_EQ(r.params, prior.params);
}

TEST_F(AttributionTest, WithheldCallerAndUnknownNumberGetNone) {
  FakeHistory h;
  h.prior = Attribution{Reason::ActiveLease, 1, "v1", "l", {}, 1.0, {}};
  auto r = attribute(nullptr, {"0120000000", "", "", clock.now()}, &h);
  EXPECT_EQ(r.reason, Reason::None);
  EXPECT_TRUE(h.asked.empty());  // no caller index: history not asked
}

}  // namespace
}  // namespace hk::tracking
