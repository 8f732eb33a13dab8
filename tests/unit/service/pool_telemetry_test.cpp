// Pool telemetry as the registry counts it (an injected clock drives the leases), and the
// Little's-law size recommendation.
#include "service/pool_telemetry.hpp"

#include <gtest/gtest.h>

#include "support/fake_clock.hpp"
#include "tracking/registry.hpp"

namespace hk::service {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

store::PoolMinute sum(const std::vector<store::PoolMinute>& rows) {
  store::PoolMinute s;
  for (const auto& m : rows) s.add(m);
  return s;
}

class TelemetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_.id = 7;
    pool_.key = "pk_telemetry";
    pool_.numbers = {{1, "05011110001"}, {2, "05011110002"}};
    pool_.idle_release_sec = 600;
    pool_.max_lease_sec = 3600;
    pool_.cooldown_sec = 60;
    pool_.match_window_sec = 3600;
    pool_.exhaustion = store::PoolExhaustion::DefaultNumber;
    pool_.default_number = "0355550000";
    pool_.visitor_rate_per_min = 1000;
    reg_.setPool(pool_);
  }

  std::string issue(const std::string& visitor) {
    tracking::DniRequest req;
    req.pool_key = pool_.key;
    req.visitor_id = visitor;
    auto r = reg_.issue(req);
    EXPECT_TRUE(r);
    return r ? r->number : "";
  }

  tracking::Attribution call(const std::string& number) {
    return reg_.attribute({number, "", "", clock_.now()}, nullptr);
  }

  // Everything drained so far, as the store would have it.
  void drain() {
    auto d = reg_.drain();
    for (auto& m : d.minutes) stored_.push_back(m);
    for (auto& n : d.number_calls) calls_.push_back(n);
  }

  test::FakeClock clock_;  // 2026-01-01T00:00:00Z, a minute boundary
  tracking::Registry reg_{clock_, 42};
  store::TrackingPool pool_;
  std::vector<store::PoolMinute> stored_;
  std::vector<store::NumberCalls> calls_;
};

TEST_F(TelemetryTest, UtilisationTimeAtFullAndServesPerMinute) {
  const std::string a = issue("visitor-aaaa");
  clock_.advance(seconds(30));
  const std::string b = issue("visitor-bbbb");
  EXPECT_NE(a, b);
  clock_.advance(seconds(15));
  EXPECT_EQ(issue("visitor-cccc"), "0355550000");  // exhausted: the default number
  clock_.advance(seconds(15));
  drain();
  auto m = sum(stored_);
  EXPECT_EQ(m.size, 2);
  EXPECT_EQ(m.observed_ms, 60'000);
  EXPECT_EQ(m.capacity_ms, 120'000);
  EXPECT_EQ(m.leased_ms, 30'000 + 2 * 30'000);  // one number for 30 s, then both for 30 s
  EXPECT_EQ(m.full_ms, 30'000);
  EXPECT_EQ(m.peak_leased, 2);
  EXPECT_EQ(m.issued, 2);
  EXPECT_EQ(m.default_served, 1);
  EXPECT_EQ(m.overflow, 0);
  EXPECT_EQ(m.leases_ended, 0);
  // Every row is the first minute.
  for (const auto& row : stored_) EXPECT_EQ(row.minute, clock_.now() - minutes(1));
}

TEST_F(TelemetryTest, EndedLeasesLateAndStrayCalls) {
  const std::string a = issue("visitor-aaaa");
  clock_.advance(seconds(10));
  drain();
  // A call while the lease is live is neither late nor stray.
  EXPECT_EQ(call(a).reason, tracking::Reason::ActiveLease);
  clock_.advance(seconds(600));  // idle release: the lease ends at the next sweep
  drain();
  EXPECT_EQ(call(a).reason, tracking::Reason::MatchWindow);
  const std::string other = a == "05011110001" ? "05011110002" : "05011110001";
  EXPECT_EQ(call(other).reason, tracking::Reason::None);
  EXPECT_EQ(call(other).reason, tracking::Reason::None);
  drain();
  auto m = sum(stored_);
  EXPECT_EQ(m.leases_ended, 1);
  EXPECT_EQ(m.lease_ms, 610'000);
  EXPECT_EQ(m.late_calls, 1);
  EXPECT_EQ(m.stray_calls, 2);
  // 10 s + 600 s leased out of 610 s x 2 numbers; then cooling down, never full.
  EXPECT_EQ(m.leased_ms, 610'000);
  EXPECT_EQ(m.full_ms, 0);
  std::map<std::string, std::pair<int64_t, int64_t>> per;
  for (const auto& n : calls_) {
    per[n.number].first += n.late_calls;
    per[n.number].second += n.stray_calls;
  }
  EXPECT_EQ(per[a], std::make_pair(int64_t{1}, int64_t{0}));
  EXPECT_EQ(per[other], std::make_pair(int64_t{0}, int64_t{2}));
}

TEST_F(TelemetryTest, CooldownCountsAsFullWhenNothingIsFree) {
  issue("visitor-aaaa");
  issue("visitor-bbbb");  // both numbers leased: full
  clock_.advance(seconds(600));
  drain();  // both leases end (idle) and cool down for 60 s: still nothing to issue
  clock_.advance(seconds(30));
  drain();
  clock_.advance(seconds(30));
  drain();  // the cooldown is over
  clock_.advance(seconds(30));
  drain();
  // The quiet current minute stays in memory until it is over: stored + pending is all.
  auto m = sum(stored_);
  EXPECT_EQ(m.observed_ms, 660'000);
  m.add(sum(reg_.telemetryPending(pool_.id).minutes));
  EXPECT_EQ(m.observed_ms, 690'000);
  EXPECT_EQ(m.leased_ms, 2 * 600'000);
  EXPECT_EQ(m.full_ms, 660'000);
  EXPECT_EQ(m.peak_leased, 2);
  EXPECT_EQ(m.leases_ended, 2);
}

TEST_F(TelemetryTest, PendingShowsWhatIsNotDrainedAndPoolChangesEndLeases) {
  issue("visitor-aaaa");
  drain();
  clock_.advance(seconds(20));
  auto live = reg_.telemetryPending(pool_.id);
  EXPECT_EQ(sum(live.minutes).leased_ms, 20'000);
  EXPECT_EQ(sum(live.minutes).issued, 0);  // drained already
  issue("visitor-bbbb");
  EXPECT_EQ(sum(reg_.telemetryPending(pool_.id).minutes).issued, 1);
  EXPECT_TRUE(reg_.telemetryPending(999).minutes.empty());

  // Both numbers leave the pool: their leases end (pool_changed), the pool has 1 number left.
  store::TrackingPool smaller = pool_;
  smaller.numbers = {{3, "05011110003"}};
  reg_.setPool(smaller);
  clock_.advance(seconds(40));
  drain();
  auto m = sum(stored_);
  EXPECT_EQ(m.leases_ended, 2);
  EXPECT_EQ(m.lease_ms, 20'000);  // 20 s and 0 s
  EXPECT_EQ(m.leased_ms, 20'000);
  EXPECT_EQ(m.capacity_ms, 2 * 20'000 + 1 * 40'000);
  EXPECT_EQ(m.size, 1);
  EXPECT_EQ(m.full_ms, 0);
}

TEST_F(TelemetryTest, AClockJumpIsNotCountedAsWatchedTime) {
  issue("visitor-aaaa");
  clock_.advance(std::chrono::hours(48));
  drain();
  auto m = sum(stored_);
  m.add(sum(reg_.telemetryPending(pool_.id).minutes));
  EXPECT_EQ(m.observed_ms, 6 * 3'600'000);  // the last 6 hours only
  EXPECT_EQ(m.issued, 1);
}

TEST(RecommendationTest, LittlesLawWithTargetAndMargin) {
  RecommendationInputs in;
  in.current_size = 20;
  in.busy_hour = fromMillis(1'767'261'600'000);  // 2026-01-01T10:00Z
  in.busy_hour_visits = 120;                     // λ = 1/30 per second
  in.leases_ended = 50;
  in.mean_lease_sec = 540;
  in.cooldown_sec = 60;  // a number is taken 600 s per visit: L = 20
  in.target_utilisation = 0.8;
  in.margin = 1;
  auto r = recommendSize(in);
  ASSERT_TRUE(r.enough_data);
  EXPECT_NEAR(r.arrival_per_sec, 1.0 / 30, 1e-12);
  EXPECT_DOUBLE_EQ(r.hold_sec, 600);
  EXPECT_NEAR(r.in_use, 20, 1e-9);
  EXPECT_EQ(r.recommended_size, 26);  // ceil(20 / 0.8) + 1
  EXPECT_NE(r.explanation.find("2026-01-01T10:00 UTC"), std::string::npos) << r.explanation;
  EXPECT_NE(r.explanation.find("26 numbers"), std::string::npos) << r.explanation;
  EXPECT_NE(r.explanation.find("add 6"), std::string::npos) << r.explanation;

  in.target_utilisation = 1.0;
  in.margin = 0;
  EXPECT_EQ(recommendSize(in).recommended_size, 20);
  in.current_size = 30;
  EXPECT_NE(recommendSize(in).explanation.find("10 could go"), std::string::npos);
}

TEST(RecommendationTest, NotEnoughDataSaysWhy) {
  RecommendationInputs in;
  auto none = recommendSize(in);
  EXPECT_FALSE(none.enough_data);
  EXPECT_NE(none.explanation.find("No visitor"), std::string::npos);
  in.busy_hour_visits = 5;
  auto open = recommendSize(in);
  EXPECT_FALSE(open.enough_data);
  EXPECT_NE(open.explanation.find("no lease has ended"), std::string::npos);
}

TEST(RecommendationTest, MeasureFindsTheBusiestHourAndTheMeanLease) {
  auto minute = [](int64_t hour, int64_t min, int64_t issued, int64_t turned_away, int64_t ended,
                   int64_t lease_ms) {
    store::PoolMinute m;
    m.minute = fromMillis(1'767'225'600'000 + hour * 3'600'000 + min * 60'000);
    m.issued = issued;
    m.overflow = turned_away;
    m.leases_ended = ended;
    m.lease_ms = lease_ms;
    return m;
  };
  auto in = measure({minute(0, 5, 10, 0, 2, 100'000), minute(0, 59, 10, 0, 0, 0),
                     minute(1, 0, 15, 4, 2, 300'000), minute(2, 30, 19, 0, 0, 0)});
  EXPECT_EQ(in.busy_hour_visits, 20);  // hour 0: 10 + 10; hours 1 and 2: 19 (turned away count)
  EXPECT_EQ(in.busy_hour, fromMillis(1'767'225'600'000));
  EXPECT_EQ(in.leases_ended, 4);
  EXPECT_DOUBLE_EQ(in.mean_lease_sec, 100);
}

}  // namespace
}  // namespace hk::service
