// Leases written behind to a real store and read back by a new registry (a restart).
#include "tracking/write_behind.hpp"

#include <gtest/gtest.h>

#include "support/fake_clock.hpp"

namespace hk::tracking {
namespace {

TEST(WriteBehind, LeasesSurviveARestart) {
  test::FakeClock clock;
  auto st = store::Store::open("sqlite::memory:", clock);
  ASSERT_TRUE(st) << st.error().message;
  store::Store& db = **st;
  store::TrackingPool pool;
  {
    auto tx = db.begin(true);
    ASSERT_TRUE(tx);
    auto op = (*tx)->operators().insert({0, "op", "Asia/Tokyo", {}, {}});
    ASSERT_TRUE(op);
    domain::Advertiser a;
    a.operator_id = op->id;
    a.name = "adv";
    auto adv = (*tx)->advertisers().insert(a);
    ASSERT_TRUE(adv);
    pool.operator_id = op->id;
    pool.advertiser_id = adv->id;
    pool.key = "pk_write_behind";
    pool.name = "wb";
    for (const char* digits : {"05012340000", "05012340001"}) {
      domain::TrackingNumber n;
      n.operator_id = op->id;
      n.advertiser_id = adv->id;
      n.number = digits;
      n.type = domain::NumberType::Ip050;
      n.name = digits;
      auto row = (*tx)->numbers().insert(n);
      ASSERT_TRUE(row);
      pool.numbers.push_back({row->id, digits});
    }
    auto p = (*tx)->tracking().insertPool(pool);
    ASSERT_TRUE(p) << p.error().message;
    pool = *p;
    ASSERT_TRUE((*tx)->commit());
  }
  std::string number;
  {
    Registry reg(clock, 1);
    ASSERT_TRUE(load(reg, db, clock));
    DniRequest req;
    req.pool_key = "pk_write_behind";
    req.visitor_id = "visitor-wb-1";
    req.params = {{"gclid", "G"}};
    auto r = reg.issue(req);
    ASSERT_TRUE(r);
    number = r->number;
    WriteBehind wb(reg, db, std::chrono::hours(1));
    ASSERT_TRUE(wb.flush());
  }
  Registry again(clock, 2);
  ASSERT_TRUE(load(again, db, clock));
  DniRequest req;
  req.pool_key = "pk_write_behind";
  req.visitor_id = "visitor-wb-1";
  auto r = again.issue(req);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->outcome, IssueOutcome::Reused);
  EXPECT_EQ(r->number, number);
  auto tx = db.begin(false);
  ASSERT_TRUE(tx);
  auto m = (*tx)->tracking().monthly(pool.id);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].issued, 1);
  auto v = (*tx)->tracking().getVisitor("visitor-wb-1");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->first_params.at(0).second, "G");
}

}  // namespace
}  // namespace hk::tracking
