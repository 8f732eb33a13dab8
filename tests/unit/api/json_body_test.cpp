#include "api/json_body.hpp"

#include <gtest/gtest.h>

namespace hk::api {
namespace {

Request jsonRequest(std::string body, std::string content_type = "application/json") {
  Request r;
  r.method = "POST";
  r.target = r.path = "/x";
  if (!content_type.empty()) r.headers.add("Content-Type", content_type);
  r.body = std::move(body);
  return r;
}

nlohmann::json problemOf(const Response& r) { return nlohmann::json::parse(r.body); }

TEST(JsonBody, ParsesJsonWithCharset) {
  auto body = parseJsonBody(jsonRequest(R"({"a":1})", "Application/JSON; charset=utf-8"));
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["a"], 1);
  EXPECT_TRUE(parseJsonBody(jsonRequest("[]", "application/merge-patch+json")));
}

TEST(JsonBody, WrongContentTypeIs415) {
  for (const char* ct : {"text/plain", "", "application/jsonx", "application/+json"}) {
    auto body = parseJsonBody(jsonRequest(R"({"a":1})", ct));
    ASSERT_FALSE(body) << ct;
    EXPECT_EQ(body.problem().status, 415) << ct;
    EXPECT_EQ(body.problem().content_type, "application/problem+json");
  }
}

TEST(JsonBody, MalformedJsonNamesLineAndColumn) {
  auto body = parseJsonBody(jsonRequest("{\n  \"a\": 1,\n  \"b\": 2,,\n}"));
  ASSERT_FALSE(body);
  EXPECT_EQ(body.problem().status, 400);
  std::string detail = problemOf(body.problem())["detail"];
  EXPECT_NE(detail.find("line 3"), std::string::npos) << detail;
  EXPECT_NE(detail.find("column 10"), std::string::npos) << detail;
}

TEST(JsonBody, EmptyAndTooDeepBodiesAre400) {
  auto empty = parseJsonBody(jsonRequest("  "));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.problem().status, 400);
  auto deep = parseJsonBody(jsonRequest(std::string(100, '[') + std::string(100, ']')));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.problem().status, 400);
  // Brackets inside strings do not count.
  EXPECT_TRUE(parseJsonBody(jsonRequest("[\"" + std::string(100, '[') + "\"]")));
}

}  // namespace
}  // namespace hk::api
