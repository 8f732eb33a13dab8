#include "tracking/caller_history.hpp"

#include <gtest/gtest.h>

#include "domain/call_record.hpp"
#include "store/store.hpp"
#include "support/fake_clock.hpp"

namespace hk::tracking {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

Attribution lease(std::string visitor, double confidence = 1.0) {
  Attribution a;
  a.reason = Reason::ActiveLease;
  a.pool_id = 3;
  a.visitor_id = std::move(visitor);
  a.lease_id = "3-abc";
  a.params = {{"utm_source", "google"}, {"gclid", "Cj0"}};
  a.confidence = confidence;
  a.others = {{"other-visitor", "3-def", 0.5}};
  return a;
}

struct CallerHistoryTest : ::testing::Test {
  test::FakeClock clock;
};

TEST_F(CallerHistoryTest, RemembersTheLatestDirectAttributionOfACaller) {
  CallerHistoryIndex h;
  const WallTime t0 = clock.now();
  h.record("caller-a", lease("v-old"), t0);
  h.record("caller-a", lease("v-new"), t0 + seconds(60));
  h.record("caller-a", lease("v-older"), t0 - seconds(60));  // warm-up reads newest first
  auto got = h.lastFor("caller-a", t0 + hours(1));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->visitor_id, "v-new");
  EXPECT_EQ(got->params.size(), 2u);
  EXPECT_TRUE(got->others.empty());
  EXPECT_FALSE(h.lastFor("caller-b", t0 + hours(1)));
  // Never a call made after the one being attributed (only the latest is kept).
  EXPECT_FALSE(h.lastFor("caller-a", t0 + seconds(30)));
  EXPECT_EQ(h.size(), 1u);
}

TEST_F(CallerHistoryTest, IgnoresWithheldCallersAndIndirectAttributions) {
  CallerHistoryIndex h;
  h.record("", lease("v1"), clock.now());
  Attribution none;
  h.record("caller-a", none, clock.now());
  Attribution from_history = lease("v2");
  from_history.reason = Reason::CallerHistory;
  h.record("caller-b", from_history, clock.now());
  EXPECT_EQ(h.size(), 0u);
  Attribution late = lease("v3");
  late.reason = Reason::MatchWindow;
  h.record("caller-c", late, clock.now());
  EXPECT_EQ(h.size(), 1u);
}

TEST_F(CallerHistoryTest, EntriesOlderThanMaxAgeAreNotUsedAndArePruned) {
  CallerHistoryIndex h({hours(24 * 30), 100});
  const WallTime t0 = clock.now();
  h.record("caller-a", lease("v1"), t0);
  EXPECT_TRUE(h.lastFor("caller-a", t0 + hours(24 * 30)));
  EXPECT_FALSE(h.lastFor("caller-a", t0 + hours(24 * 30) + seconds(1)));
  h.record("caller-b", lease("v2"), t0 + hours(24 * 10));
  h.prune(t0 + hours(24 * 31));
  EXPECT_EQ(h.size(), 1u);
  EXPECT_TRUE(h.lastFor("caller-b", t0 + hours(24 * 31)));
}

TEST_F(CallerHistoryTest, PastMaxEntriesTheLeastRecentlyAttributedCallerGoes) {
  CallerHistoryIndex h({hours(24 * 30), 3});
  const WallTime t0 = clock.now();
  h.record("a", lease("va"), t0);
  h.record("b", lease("vb"), t0 + seconds(1));
  h.record("c", lease("vc"), t0 + seconds(2));
  h.record("a", lease("va2"), t0 + seconds(3));  // a is recent again
  h.record("d", lease("vd"), t0 + seconds(4));   // b is the oldest now
  EXPECT_EQ(h.size(), 3u);
  const WallTime later = t0 + hours(1);
  EXPECT_FALSE(h.lastFor("b", later));
  EXPECT_EQ(h.lastFor("a", later)->visitor_id, "va2");
  EXPECT_TRUE(h.lastFor("c", later));
  EXPECT_TRUE(h.lastFor("d", later));
}

TEST_F(CallerHistoryTest, RecordsReadBackFromTheCallLog) {
  domain::CallRecord r;
  r.attribution = "match_window";
  r.visitor_id = "v9";
  r.lease_id = "4-aa";
  r.pool_id = 4;
  r.attribution_confidence = 0.8;
  r.params = {{"gclid", "x"}};
  auto a = attributionOf(r);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->reason, Reason::MatchWindow);
  EXPECT_EQ(a->visitor_id, "v9");
  EXPECT_EQ(a->pool_id, 4);
  EXPECT_EQ(a->params, (TrackingParams{{"gclid", "x"}}));
  r.attribution = "something else";
  EXPECT_FALSE(attributionOf(r));
  r.attribution = "none";
  r.visitor_id.clear();
  EXPECT_FALSE(attributionOf(r));
}

TEST_F(CallerHistoryTest, WarmsFromTheCallLogWithinMaxAge) {
  store::Options o;
  auto st = store::Store::open("sqlite::memory:", clock, o);
  ASSERT_TRUE(st) << st.error().message;
  const WallTime now = clock.now();
  auto put = [&](std::string trn, std::string caller, std::string reason, std::string visitor,
                 WallTime at) {
    domain::CallRecord r;
    r.trn_id = std::move(trn);
    r.din_id = "05030000001";
    r.clr_id_index = std::move(caller);
    r.attribution = std::move(reason);
    r.visitor_id = std::move(visitor);
    r.attribution_confidence = 1.0;
    r.params = {{"utm_source", "mail"}};
    r.din_tms = at;
    r.last_activity = at;
    auto tx = (*st)->begin(true);
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->calls().finalize(r));
    ASSERT_TRUE((*tx)->commit());
  };
  put("trn000000000000000000001", "caller-a", "active_lease", "v-a-old", now - hours(48));
  put("trn000000000000000000002", "caller-a", "active_lease", "v-a-new", now - hours(2));
  put("trn000000000000000000003", "caller-b", "none", "", now - hours(1));
  put("trn000000000000000000004", "caller-c", "active_lease", "v-c", now - hours(24 * 40));
  put("trn000000000000000000005", "", "active_lease", "v-withheld", now - hours(1));
  CallerHistoryIndex h;
  auto w = warmCallerHistory(h, **st, now);
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(w->scanned, 4u);  // the 40-day-old call is not read
  EXPECT_EQ(h.size(), 1u);
  auto a = h.lastFor("caller-a", now);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->visitor_id, "v-a-new");
  EXPECT_FALSE(h.lastFor("caller-c", now));
}

}  // namespace
}  // namespace hk::tracking
