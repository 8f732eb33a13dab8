// "Zero double allocations": Registry::checkAllocations over live pools, and the
// classification of hold counts it rests on.
#include "tracking/allocation_check.hpp"

#include <gtest/gtest.h>

#include "support/fake_clock.hpp"
#include "tracking/registry.hpp"

namespace hk::tracking {
namespace {

using std::chrono::seconds;

store::TrackingPool pool(store::PoolExhaustion e) {
  store::TrackingPool p;
  p.id = 4;
  p.key = "pk_check_4";
  p.numbers = {{40, "05030000040"}, {41, "05030000041"}};
  p.exhaustion = e;
  p.visitor_rate_per_min = 1000;
  p.pool_rate_per_sec = 1000;
  return p;
}

DniRequest req(int i) {
  DniRequest r;
  r.pool_key = "pk_check_4";
  r.visitor_id = "visitor-" + std::to_string(1000 + i);
  r.client = "192.0.2.1";
  return r;
}

// A registry on a fake clock, with metrics, serving pool(e).
struct Live {
  explicit Live(store::PoolExhaustion e) {
    reg.attachMetrics(m);
    reg.setPool(pool(e));
  }
  test::FakeClock clock;
  metrics::Registry m;
  Registry reg{clock, 3};
};

TEST(AllocationCheck, ClassifiesDoubleSharedAndInconsistentNumbers) {
  std::unordered_map<std::string, HoldCount> counts{
      {"a", {1, 1, 1}},  // one holder
      {"b", {3, 1, 3}},  // shared on purpose
      {"c", {2, 2, 2}},  // doubled
      {"d", {1, 1, 0}},  // slot forgot its holder
      {"e", {0, 0, 0}},
  };
  auto c = classify(counts);
  EXPECT_EQ(c.live_leases, 7u);
  EXPECT_EQ(c.leased_numbers, 4u);
  EXPECT_EQ(c.shared_numbers, 1u);
  EXPECT_EQ(c.double_allocations, 1u);
  EXPECT_EQ(c.inconsistent, 1u);
  EXPECT_FALSE(c.ok());
  std::sort(c.offending.begin(), c.offending.end());
  EXPECT_EQ(c.offending, (std::vector<std::string>{"c", "d"}));
  EXPECT_TRUE(classify({{"a", {1, 1, 1}}, {"b", {2, 1, 2}}}).ok());
}

TEST(AllocationCheck, ARegistryUnderChurnHasNoDoubleAllocation) {
  Live w(store::PoolExhaustion::ShareLru);
  auto& [clock, m, reg] = w;
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(reg.issue(req(i % 7)));
    clock.advance(seconds(i % 3 == 0 ? 700 : 5));
    reg.drain();
  }
  auto c = reg.checkAllocations();
  EXPECT_TRUE(c.ok()) << c.double_allocations << " " << c.inconsistent;
  EXPECT_GT(c.live_leases, 0u);
  EXPECT_NE(m.render().find("hankyo_dni_double_allocations 0"), std::string::npos);
}

TEST(AllocationCheck, ShareLruNumbersAreCountedApart) {
  Live w(store::PoolExhaustion::ShareLru);
  auto& [clock, m, reg] = w;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(reg.issue(req(i)));
  reg.drain();
  auto c = reg.checkAllocations();
  EXPECT_TRUE(c.ok());
  EXPECT_EQ(c.live_leases, 3u);
  EXPECT_EQ(c.leased_numbers, 2u);
  EXPECT_EQ(c.shared_numbers, 1u);
  EXPECT_EQ(c.double_allocations, 0u);
  EXPECT_NE(m.render().find("hankyo_dni_shared_numbers 1"), std::string::npos);
  EXPECT_NE(m.render().find("hankyo_dni_live_leases 3"), std::string::npos);
}

TEST(AllocationCheck, ANumberLiveInTwoPoolsIsADoubleAllocation) {
  Live w(store::PoolExhaustion::DefaultNumber);
  auto& [clock, m, reg] = w;
  // A lease on 05030000040 restored in a second pool that also lists it (a number that
  // moved between pools while a lease lived).
  auto other = pool(store::PoolExhaustion::DefaultNumber);
  other.id = 5;
  other.key = "pk_check_5";
  reg.setPool(other);
  auto a = reg.issue(req(1));
  ASSERT_TRUE(a);
  store::LeaseRow row;
  row.id = "5-restored";
  row.pool_id = 5;
  row.number = a->number;
  row.visitor_id = "visitor-elsewhere";
  row.issued_at = row.renewed_at = clock.now();
  row.expires_at = clock.now() + seconds(600);
  reg.restoreLeases(5, {row});
  auto c = reg.checkAllocations();
  EXPECT_EQ(c.double_allocations, 1u);
  ASSERT_EQ(c.offending.size(), 1u);
  EXPECT_EQ(c.offending[0], a->number);
}

}  // namespace
}  // namespace hk::tracking
