#include "tracking/registry.hpp"

#include <gtest/gtest.h>

#include "support/fake_clock.hpp"
#include "tracking/phone_format.hpp"

namespace hk::tracking {
namespace {

using std::chrono::seconds;

store::TrackingPool pool(domain::Id id, std::string key, std::string first_digits) {
  store::TrackingPool p;
  p.id = id;
  p.key = std::move(key);
  p.numbers = {{id * 10, first_digits}, {id * 10 + 1, first_digits + "9"}};
  p.allowed_origins = {"https://shop.example"};
  p.default_number = "0300000000";
  p.visitor_rate_per_min = 3;
  return p;
}

struct RegistryTest : ::testing::Test {
  test::FakeClock clock;
  Registry reg{clock, 1};
  void SetUp() override {
    reg.setPool(pool(1, "pk_one_pool", "0501111111"));
    reg.setPool(pool(2, "pk_two_pool", "0502222222"));
  }
  DniRequest req(std::string key, std::string visitor, std::string origin = {}) {
    DniRequest r;
    r.pool_key = std::move(key);
    r.visitor_id = std::move(visitor);
    r.origin = std::move(origin);
    r.client = "192.0.2.1";
    r.params = {{"gclid", "abc"}};
    return r;
  }
};

TEST_F(RegistryTest, IssuesFromThePoolTheKeyNames) {
  auto r = reg.issue(req("pk_two_pool", "visitor-0001"));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->number.starts_with("0502222222"));
  EXPECT_EQ(r->visitor_id, "visitor-0001");
  EXPECT_EQ(r->expires_in, 1800);
  EXPECT_EQ(r->default_number, "0300000000");
  auto again = reg.renew(r->lease_id, "", "192.0.2.1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->number, r->number);
}

TEST_F(RegistryTest, UnknownKeyBadVisitorAndForeignOrigin) {
  auto r = reg.issue(req("pk_nobody", "visitor-0001"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::NotFound);
  EXPECT_EQ(r.error().message.find("050"), std::string::npos);
  r = reg.issue(req("pk_one_pool", "bad id"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Invalid);
  r = reg.issue(req("pk_one_pool", "visitor-0001", "https://evil.example"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Forbidden);
  EXPECT_TRUE(reg.issue(req("pk_one_pool", "visitor-0001", "https://shop.example")));
  EXPECT_TRUE(reg.originAllowed("pk_one_pool", "https://shop.example"));
  EXPECT_TRUE(reg.originAllowed("", "https://shop.example"));
  EXPECT_FALSE(reg.originAllowed("pk_one_pool", "https://evil.example"));
  EXPECT_FALSE(reg.originAllowed("pk_nobody", "https://shop.example"));
}

TEST_F(RegistryTest, NewVisitorGetsAnId) {
  auto r = reg.issue(req("pk_one_pool", ""));
  ASSERT_TRUE(r);
  EXPECT_TRUE(isVisitorId(r->visitor_id));
}

TEST_F(RegistryTest, RateLimitPerVisitorThenRecovers) {
  for (int i = 0; i < 3; ++i) {
    auto r = reg.issue(req("pk_one_pool", "visitor-rate"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->retry_after, 0) << i;
  }
  auto r = reg.issue(req("pk_one_pool", "visitor-rate"));
  ASSERT_TRUE(r);
  EXPECT_GE(r->retry_after, 1);
  EXPECT_TRUE(r->number.empty());
  EXPECT_EQ(reg.issue(req("pk_one_pool", "visitor-other"))->retry_after, 0);
  clock.advance(seconds(20));  // 3 a minute: one token back
  EXPECT_EQ(reg.issue(req("pk_one_pool", "visitor-rate"))->retry_after, 0);
}

TEST_F(RegistryTest, AttributesByDialledNumberAndDrainsForTheStore) {
  auto r = reg.issue(req("pk_one_pool", "visitor-0002"));
  ASSERT_TRUE(r);
  auto a = reg.attribute({r->number, "", "", clock.now()}, nullptr);
  EXPECT_EQ(a.reason, Reason::ActiveLease);
  EXPECT_EQ(a.visitor_id, "visitor-0002");
  EXPECT_EQ(a.pool_id, 1);
  EXPECT_EQ(reg.attribute({"0509999999", "", "", clock.now()}, nullptr).reason, Reason::None);
  auto d = reg.drain();
  ASSERT_EQ(d.visitors.size(), 1u);
  EXPECT_EQ(d.visitors[0].first_params.at(0).second, "abc");
  size_t leases = 0;
  for (const auto& j : d.journals) leases += j.leases.size();
  EXPECT_EQ(leases, 1u);
  EXPECT_TRUE(reg.drain().empty());
}

TEST_F(RegistryTest, RemovedPoolIssuesNothing) {
  reg.removePool(1);
  EXPECT_FALSE(reg.issue(req("pk_one_pool", "visitor-0001")));
  EXPECT_EQ(reg.attribute({"0501111111", "", "", clock.now()}, nullptr).reason, Reason::None);
}

TEST(PhoneFormat, NationalAndE164) {
  EXPECT_EQ(formatNational("0120123456"), "0120-123-456");
  EXPECT_EQ(formatNational("08001234567"), "0800-123-4567");
  EXPECT_EQ(formatNational("05012345678"), "050-1234-5678");
  EXPECT_EQ(formatNational("0312345678"), "03-1234-5678");
  EXPECT_EQ(formatNational("0451234567"), "045-123-4567");
  EXPECT_EQ(formatNational("007812345678901"), "0078-12-3456-78901");
  EXPECT_EQ(formatNational("+14155550100"), "+14155550100");
  EXPECT_EQ(toE164("0312345678"), "+81312345678");
  EXPECT_EQ(toE164("+14155550100"), "+14155550100");
}

TEST(TokenBucketTest, BurstThenRate) {
  TokenBucket b(2.0, 4.0);
  MonoTime t{};
  int retry = 0;
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(b.take(t, retry));
  EXPECT_FALSE(b.take(t, retry));
  EXPECT_EQ(retry, 1);
  t += std::chrono::milliseconds(500);
  EXPECT_TRUE(b.take(t, retry));
  EXPECT_FALSE(b.take(t, retry));
}

}  // namespace
}  // namespace hk::tracking
