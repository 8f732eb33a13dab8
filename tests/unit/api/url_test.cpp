#include "api/url.hpp"

#include <gtest/gtest.h>

namespace hk::api {
namespace {

TEST(Url, PercentDecode) {
  EXPECT_EQ(*percentDecode("a%20b%2fc"), "a b/c");
  EXPECT_EQ(*percentDecode("a+b"), "a+b");
  EXPECT_EQ(*percentDecode("a+b", true), "a b");
  EXPECT_FALSE(percentDecode("%4"));
  EXPECT_FALSE(percentDecode("%"));
  EXPECT_FALSE(percentDecode("%zz"));
  EXPECT_FALSE(percentDecode("%00"));
}

TEST(Url, ParseTargetSplitsPathAndQuery) {
  Request r;
  ASSERT_TRUE(parseTarget(
      "/api/v1/calls%20x?from=2026-01-01T00%3A00&dial_stat=answered&&x&tag=a+b&tag=c", r));
  EXPECT_EQ(r.path, "/api/v1/calls x");
  ASSERT_EQ(r.query.size(), 5u);
  EXPECT_EQ(*r.queryValue("from"), "2026-01-01T00:00");
  EXPECT_EQ(*r.queryValue("x"), "");
  EXPECT_EQ(r.queryValues("tag"), (std::vector<std::string>{"a b", "c"}));
  EXPECT_EQ(r.queryValue("nope"), nullptr);
}

TEST(Url, ParseTargetRejectsBadTargets) {
  Request r;
  EXPECT_FALSE(parseTarget("http://example.com/", r));
  EXPECT_FALSE(parseTarget("*", r));
  EXPECT_FALSE(parseTarget("/a%zz", r));
  EXPECT_FALSE(parseTarget("/a?b=%", r));
}

TEST(Headers, CaseInsensitiveAndReusable) {
  Headers h;
  h.add("Content-Type", "a");
  h.add("X-Two", "1");
  h.add("x-two", "2");
  EXPECT_EQ(h.get("content-type"), "a");
  EXPECT_EQ(h.get("X-TWO"), "1");
  h.set("x-Two", "3");
  EXPECT_EQ(h.size(), 2u);
  EXPECT_EQ(h.get("x-two"), "3");
  h.erase("CONTENT-TYPE");
  EXPECT_FALSE(h.has("content-type"));
  h.clear();
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(h.find("x-two"), nullptr);
  h.add("A", "b");
  EXPECT_EQ(h.size(), 1u);
  EXPECT_EQ(h.get("a"), "b");
}

}  // namespace
}  // namespace hk::api
