// The SQLite tracking repository on migration 0003, on a raw connection.
#include "store/sqlite/tracking_repo.hpp"

#include <gtest/gtest.h>

#include "store/sqlite/migrate.hpp"
#include "store/sqlite/migrations.hpp"
#include "support/fake_clock.hpp"

namespace hk::store::sqlite {
namespace {

struct TrackingRepoTest : ::testing::Test {
  test::FakeClock clock;
  std::unique_ptr<Connection> c;
  void SetUp() override {
    auto conn = Connection::open(":memory:", ConnectionParams{5000, false, false, false});
    ASSERT_TRUE(conn);
    c = std::move(*conn);
    ASSERT_TRUE(migrate(*c, migrations(), clock));
    ASSERT_TRUE(c->exec(
        "INSERT INTO operators (id, name, timezone, created_at_ms, updated_at_ms)"
        " VALUES (1, 'op', 'Asia/Tokyo', 0, 0);"
        "INSERT INTO advertisers (id, operator_id, name, timezone, max_lines, active,"
        " created_at_ms, updated_at_ms) VALUES (2, 1, 'adv', '', 0, 1, 0, 0);"
        "INSERT INTO tracking_numbers (id, operator_id, advertiser_id, number, type, name,"
        " destinations, state, max_lines, ring_timeout_sec, trunk, initial_cost, monthly_cost,"
        " created_at_ms, updated_at_ms) VALUES"
        " (5, 1, 2, '05011110000', '050', 'a', '[]', 'assigned', 0, 30, '', 0, 0, 0, 0),"
        " (6, 1, 2, '05011110001', '050', 'b', '[]', 'assigned', 0, 30, '', 0, 0, 0, 0);"));
  }
  TrackingPool pool() {
    TrackingPool p;
    p.operator_id = 1;
    p.advertiser_id = 2;
    p.key = "pk_repo_test";
    p.name = "repo";
    p.numbers = {{6, ""}, {5, ""}};
    p.allowed_origins = {"https://a.example"};
    p.exhaustion = PoolExhaustion::ShareLru;
    return p;
  }
};

TEST_F(TrackingRepoTest, PoolRoundTripKeepsNumberOrderAndSettings) {
  SqlTrackingRepo repo(*c, clock);
  auto p = repo.insertPool(pool());
  ASSERT_TRUE(p) << p.error().message;
  auto got = repo.findPoolByKey("pk_repo_test");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->numbers.size(), 2u);
  EXPECT_EQ(got->numbers[0].number, "05011110001");
  EXPECT_EQ(got->exhaustion, PoolExhaustion::ShareLru);
  EXPECT_EQ(got->allowed_origins, std::vector<std::string>{"https://a.example"});
  auto dup = repo.insertPool(pool());
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Code::Conflict);
  TrackingPool other = pool();
  other.key = "pk_repo_other";
  other.numbers = {{5, ""}};
  auto taken = repo.insertPool(other);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().field, "/number_ids");
  ASSERT_TRUE(repo.removePool(p->id));
  EXPECT_FALSE(repo.getPool(p->id));
}

TEST_F(TrackingRepoTest, LeasesVisitorsTransitionsAndMonthlyCounts) {
  SqlTrackingRepo repo(*c, clock);
  auto p = repo.insertPool(pool());
  ASSERT_TRUE(p);
  LeaseRow l;
  l.id = "1-abc";
  l.pool_id = p->id;
  l.number_id = 5;
  l.number = "05011110000";
  l.visitor_id = "visitor-1";
  l.params = {{"gclid", "G"}, {"page_url", "https://a.example/?q=\"x\""}};
  l.confidence = 0.5;
  l.issued_at = l.renewed_at = clock.now();
  l.expires_at = clock.now() + std::chrono::seconds(60);
  ASSERT_TRUE(repo.saveLease(l));
  l.ended_at = clock.now() + std::chrono::seconds(10);
  l.end_cause = "released";
  ASSERT_TRUE(repo.saveLease(l));  // upsert
  auto recent = repo.recentLeases(p->id, clock.now());
  ASSERT_TRUE(recent);
  ASSERT_EQ(recent->size(), 1u);
  EXPECT_EQ((*recent)[0].params, l.params);
  EXPECT_EQ((*recent)[0].end_cause, "released");
  EXPECT_DOUBLE_EQ((*recent)[0].confidence, 0.5);
  EXPECT_TRUE(repo.recentLeases(p->id, clock.now() + std::chrono::seconds(11))->empty());

  VisitorRow v{"visitor-1", p->id,      {{"utm_source", "first"}}, {{"utm_source", "first"}},
               clock.now(), clock.now()};
  ASSERT_TRUE(repo.saveVisitor(v));
  v.first_params = v.last_params = {{"utm_source", "second"}};
  ASSERT_TRUE(repo.saveVisitor(v));
  auto got = repo.getVisitor("visitor-1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first_params.at(0).second, "first");  // first touch kept
  EXPECT_EQ(got->last_params.at(0).second, "second");

  ASSERT_TRUE(repo.addTransitions(
      {{p->id, "05011110000", "pooled", "leased", "issued", "1-abc", clock.now()}}));
  ASSERT_TRUE(repo.addMonthly({p->id, "2026-01", 2, 1}));
  ASSERT_TRUE(repo.addMonthly({p->id, "2026-01", 1, 0}));
  auto m = repo.monthly(p->id);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].issued, 3);
  EXPECT_EQ((*m)[0].exhausted, 1);
}

}  // namespace
}  // namespace hk::store::sqlite
