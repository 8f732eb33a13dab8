// Pool telemetry through the store: what the write-behind writes is what the API reads after
// a restart (an empty registry), minutes arriving in parts add up, old rows are pruned, and
// a pool deleted meanwhile does not fail the write.
#include <gtest/gtest.h>

#include "service/people.hpp"
#include "service/pool_telemetry.hpp"
#include "tracking/write_behind.hpp"
#include "unit/service/store_fixture.hpp"

namespace hk::service {
namespace {

using std::chrono::seconds;

class TelemetryStoreTest : public test::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    auto tx = begin();
    ASSERT_NO_FATAL_FAILURE(seedAdvertiser(*tx, "Telemetry Op", "Shop"));
    store::TrackingPool pool;
    pool.advertiser_id = adv_;
    pool.name = "lp";
    pool.key = "pk_store_test";
    pool.exhaustion = store::PoolExhaustion::DefaultNumber;
    pool.default_number = "0355550000";
    for (const char* digits : {"05011110001", "05011110002"}) {
      domain::TrackingNumber n;
      n.operator_id = op_;
      n.advertiser_id = adv_;
      n.number = digits;
      n.name = digits;
      auto made = tx->numbers().insert(n);
      ASSERT_TRUE(made) << made.error().message;
      pool.numbers.push_back({made->id, digits});
    }
    auto p = pools_.create(*tx, systemPrincipal(), pool);
    ASSERT_TRUE(p) << p.error().message;
    pool_ = *p;
    ASSERT_TRUE(tx->commit());
  }

  void issue(tracking::Registry& reg, const std::string& visitor) {
    tracking::DniRequest req;
    req.pool_key = pool_.key;
    req.visitor_id = visitor;
    ASSERT_TRUE(reg.issue(req));
  }

  Result<PoolTelemetryReport> report(tracking::Registry& reg) {
    PoolTelemetry svc(pools_, reg, clock_);
    auto tx = begin();
    TelemetryQuery q;
    q.from = start_ - std::chrono::hours(1);
    q.to = start_ + std::chrono::hours(1);
    return svc.report(*tx, systemPrincipal(), pool_.id, q);
  }

  const WallTime start_ = clock_.now();  // a minute (and hour) boundary
  Pools pools_{clock_};
  store::TrackingPool pool_;
};

TEST_F(TelemetryStoreTest, WrittenBehindTelemetryIsReadBackAfterARestart) {
  {
    tracking::Registry reg(clock_, 1);
    reg.setPool(pool_);
    issue(reg, "visitor-aaaa");
    clock_.advance(seconds(30));
    ASSERT_TRUE(tracking::persist(*store_, reg.drain()));  // part of the first minute
    issue(reg, "visitor-bbbb");
    issue(reg, "visitor-cccc");  // exhausted
    clock_.advance(seconds(30));
    ASSERT_TRUE(tracking::persist(*store_, reg.drain()));  // the rest of it
    clock_.advance(seconds(1));
  }
  tracking::Registry fresh(clock_, 2);  // nothing in memory: all from the store
  auto rep = report(fresh);
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->size, 2);
  EXPECT_EQ(rep->total.issued, 2);
  EXPECT_EQ(rep->total.default_served, 1);
  EXPECT_EQ(rep->total.observed_ms, 60'000);
  EXPECT_EQ(rep->total.leased_ms, 30'000 + 2 * 30'000);
  EXPECT_EQ(rep->total.full_ms, 30'000);
  EXPECT_EQ(rep->total.peak_leased, 2);
  ASSERT_EQ(rep->buckets.size(), 2u);  // hour buckets: the minute is in the second one
  EXPECT_EQ(rep->buckets[1].sum.issued, 2);

  // Past the retention, a prune drops it.
  auto tx = begin();
  ASSERT_TRUE(tx->telemetry().prune(start_ + std::chrono::minutes(1)));
  ASSERT_TRUE(tx->commit());
  tx.reset();
  auto gone = report(fresh);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->total.issued, 0);
  EXPECT_EQ(gone->total.observed_ms, 0);
}

TEST_F(TelemetryStoreTest, APoolDeletedBeforeTheWriteDoesNotFailIt) {
  tracking::Registry reg(clock_, 1);
  reg.setPool(pool_);
  issue(reg, "visitor-aaaa");
  clock_.advance(seconds(61));
  auto drained = reg.drain();
  ASSERT_FALSE(drained.minutes.empty());
  {
    auto tx = begin();
    ASSERT_TRUE(pools_.remove(*tx, systemPrincipal(), pool_.id));
    ASSERT_TRUE(tx->commit());
  }
  drained.journals.clear();  // leases of the deleted pool: not what this test is about
  drained.visitors.clear();
  auto st = tracking::persist(*store_, drained);
  EXPECT_TRUE(st) << st.error().message;
}

}  // namespace
}  // namespace hk::service
