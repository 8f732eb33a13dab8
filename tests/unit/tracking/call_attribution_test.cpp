// The hook the B2BUA calls when a call arrives (wired in src/app): registry -> attribution ->
// call-log record, and the caller's history for a later call on a number with no lease.
#include "tracking/call_attribution.hpp"

#include <gtest/gtest.h>

#include "domain/call_record.hpp"
#include "support/fake_clock.hpp"

namespace hk::tracking {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

store::TrackingPool pooled() {
  store::TrackingPool p;
  p.id = 7;
  p.key = "pk_pooled_7";
  p.numbers = {{70, "05030000070"}, {71, "05030000071"}};
  p.allowed_origins = {"https://shop.example"};
  p.idle_release_sec = 60;
  p.cooldown_sec = 600;
  p.match_window_sec = 300;
  p.exhaustion = store::PoolExhaustion::ShareLru;
  return p;
}

store::TrackingPool dynamic() {
  store::TrackingPool p;
  p.id = 8;
  p.key = "pk_dynamic_8";
  p.mode = store::PoolMode::Dynamic;
  p.base_number = "007812345678";
  p.suffix_digits = 3;
  p.allowed_origins = {"https://shop.example"};
  return p;
}

struct CallAttributionTest : ::testing::Test {
  test::FakeClock clock;
  Registry reg{clock, 5};
  CallerHistoryIndex history;
  void SetUp() override {
    reg.setPool(pooled());
    reg.setPool(dynamic());
  }
  DniReply issue(const std::string& key, const std::string& visitor, TrackingParams params) {
    DniRequest r;
    r.pool_key = key;
    r.visitor_id = visitor;
    r.client = "192.0.2.1";
    r.params = std::move(params);
    auto got = reg.issue(r);
    EXPECT_TRUE(got);
    return *got;
  }
  domain::CallRecord call(std::string number, std::string suffix, std::string caller) {
    domain::CallRecord r;
    fillRecord(attributeCall(reg, &history, {number, suffix, caller, clock.now()}), r);
    return r;
  }
};

TEST_F(CallAttributionTest, ACallOnALeasedNumberCarriesTheVisitorAndItsParameters) {
  auto d = issue("pk_pooled_7", "visitor-0001", {{"utm_source", "google"}, {"gclid", "Cj0abc"}});
  clock.advance(seconds(5));
  auto r = call(d.number, "", "caller-a");
  EXPECT_EQ(r.attribution, "active_lease");
  EXPECT_EQ(r.visitor_id, "visitor-0001");
  EXPECT_EQ(r.lease_id, d.lease_id);
  EXPECT_EQ(r.pool_id, 7);
  EXPECT_DOUBLE_EQ(r.attribution_confidence, 1.0);
  EXPECT_TRUE(r.attribution_candidates.empty());
  EXPECT_EQ(r.params.at("utm_source"), "google");
  EXPECT_EQ(r.params.at("gclid"), "Cj0abc");
}

TEST_F(CallAttributionTest, TheLastTouchOfTheLeaseIsWhatTheCallCarries) {
  issue("pk_pooled_7", "visitor-0001", {{"utm_source", "google"}});
  auto d = issue("pk_pooled_7", "visitor-0001", {{"utm_source", "yahoo"}});
  auto r = call(d.number, "", "caller-a");
  EXPECT_EQ(r.params.at("utm_source"), "yahoo");
}

TEST_F(CallAttributionTest, ASharedNumberListsTheOtherCandidates) {
  auto a = issue("pk_pooled_7", "visitor-0001", {});
  issue("pk_pooled_7", "visitor-0002", {});
  clock.advance(seconds(1));
  auto c = issue("pk_pooled_7", "visitor-0003", {});  // exhausted: shares the LRU number
  ASSERT_EQ(c.outcome, IssueOutcome::Shared);
  auto r = call(c.number, "", "caller-a");
  EXPECT_EQ(r.attribution, "active_lease");
  EXPECT_EQ(r.visitor_id, "visitor-0003");
  EXPECT_LT(r.attribution_confidence, 1.0);
  ASSERT_EQ(r.attribution_candidates.size(), 1u);
  EXPECT_EQ(r.attribution_candidates[0], c.number == a.number ? "visitor-0001" : "visitor-0002");
}

TEST_F(CallAttributionTest, ADynamicNumberIsFoundByItsBaseAndSuffix) {
  auto d = issue("pk_dynamic_8", "visitor-dyn1", {{"fbclid", "f1"}});
  ASSERT_EQ(d.number.size(), 15u);
  auto r = call("007812345678", d.number.substr(12), "caller-a");
  EXPECT_EQ(r.attribution, "active_lease");
  EXPECT_EQ(r.visitor_id, "visitor-dyn1");
  EXPECT_EQ(r.pool_id, 8);
  EXPECT_EQ(r.params.at("fbclid"), "f1");
  auto other = call("007812345678", "000" == d.number.substr(12) ? "001" : "000", "caller-b");
  EXPECT_EQ(other.attribution, "none");
  EXPECT_EQ(other.pool_id, 8);
  EXPECT_TRUE(other.visitor_id.empty());
}

TEST_F(CallAttributionTest, TheSameCallerLaterOnANumberWithNoLeaseGoesByHistory) {
  auto d = issue("pk_pooled_7", "visitor-0001", {{"gclid", "Cj0abc"}});
  EXPECT_EQ(call(d.number, "", "caller-a").attribution, "active_lease");
  clock.advance(seconds(61));  // the lease idles out (the write-behind sweeps each second)
  reg.drain();
  clock.advance(hours(2));  // and the match window is over
  auto r = call(d.number, "", "caller-a");
  EXPECT_EQ(r.attribution, "caller_history");
  EXPECT_EQ(r.visitor_id, "visitor-0001");
  EXPECT_DOUBLE_EQ(r.attribution_confidence, kHistoryFactor);
  EXPECT_EQ(r.params.at("gclid"), "Cj0abc");
  // On a number of no pool at all, too; another caller gets nothing.
  clock.advance(seconds(1));
  EXPECT_EQ(call("0312345678", "", "caller-a").attribution, "caller_history");
  auto stranger = call("0312345678", "", "caller-z");
  EXPECT_EQ(stranger.attribution, "none");
  EXPECT_EQ(stranger.pool_id, 0);
  EXPECT_TRUE(stranger.params.empty());
  // A withheld caller has no history.
  EXPECT_EQ(call(d.number, "", "").attribution, "none");
}

TEST_F(CallAttributionTest, ParametersAlreadyOnTheRecordKeepTheirValue) {
  auto d = issue("pk_pooled_7", "visitor-0001", {{"utm_source", "google"}});
  domain::CallRecord r;
  r.params["utm_source"] = "set-by-flow";
  fillRecord(attributeCall(reg, &history, {d.number, "", "c", clock.now()}), r);
  EXPECT_EQ(r.params.at("utm_source"), "set-by-flow");
  EXPECT_EQ(r.visitor_id, "visitor-0001");
}

}  // namespace
}  // namespace hk::tracking
