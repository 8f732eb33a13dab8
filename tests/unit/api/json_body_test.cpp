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

class ReaderTest : public ::testing::Test {
 protected:
  std::vector<FieldError> read(const std::string& text) {
    doc_ = nlohmann::json::parse(text);
    errors_ = {};
    ObjectReader in(doc_, errors_);
    name_ = in.string("name", Presence::Required, {.min_length = 1, .max_length = 5});
    count_ = in.integer("count", Presence::Optional, 1, 10);
    on_ = in.boolean("on", Presence::Optional);
    tags_ = in.strings("tags", Presence::Optional, 2, {.max_length = 3});
    mode_ = in.oneOf("mode", Presence::Optional, {"static", "pooled"});
    phone_ = in.string("phone", Presence::Optional, {.check = [](std::string_view s) {
                         return s.starts_with("+") ? std::string() : "must start with +";
                       }});
    if (auto sched = in.object("schedule", Presence::Optional)) {
      tz_ = sched->string("tz", Presence::Required);
      sched->finish();
    }
    if (auto dests = in.objects("destinations", Presence::Optional, 3)) {
      for (auto& d : *dests) {
        d.string("to", Presence::Required);
        d.finish();
      }
    }
    in.finish();
    return errors_.items();
  }

  static std::vector<std::string> fields(const std::vector<FieldError>& errs) {
    std::vector<std::string> out;
    for (const auto& e : errs) out.push_back(e.field + ": " + e.reason);
    return out;
  }

  nlohmann::json doc_;
  FieldErrors errors_;
  std::optional<std::string> name_, mode_, phone_, tz_;
  std::optional<int64_t> count_;
  std::optional<bool> on_;
  std::optional<std::vector<std::string>> tags_;
};

TEST_F(ReaderTest, ReadsAValidObject) {
  auto errs = read(R"({"name":"ab","count":10,"on":false,"tags":["x","yz"],"mode":"pooled",
                      "phone":"+81","schedule":{"tz":"Asia/Tokyo"},"destinations":[{"to":"a"}]})");
  EXPECT_TRUE(errs.empty()) << testing::PrintToString(fields(errs));
  EXPECT_EQ(name_, "ab");
  EXPECT_EQ(count_, 10);
  EXPECT_EQ(on_, false);
  EXPECT_EQ(tags_, (std::vector<std::string>{"x", "yz"}));
  EXPECT_EQ(mode_, "pooled");
  EXPECT_EQ(tz_, "Asia/Tokyo");
}

TEST_F(ReaderTest, OptionalFieldsMayBeAbsentOrNull) {
  EXPECT_TRUE(read(R"({"name":"ab","count":null})").empty());
  EXPECT_FALSE(count_.has_value());
}

TEST_F(ReaderTest, MissingRequiredField) {
  EXPECT_EQ(fields(read(R"({})")), std::vector<std::string>{"/name: is required"});
  EXPECT_EQ(fields(read(R"({"name":null})")), std::vector<std::string>{"/name: is required"});
}

TEST_F(ReaderTest, UnknownFieldsAreErrors) {
  EXPECT_EQ(fields(read(R"({"name":"a","nmae":"b","schedule":{"tz":"x","t/z":1}})")),
            (std::vector<std::string>{"/schedule/t~1z: unknown field", "/nmae: unknown field"}));
}

TEST_F(ReaderTest, WrongTypes) {
  auto f = fields(read(R"({"name":5,"count":"3","on":"yes","tags":"x","mode":1,"schedule":[]})"));
  EXPECT_EQ(f, (std::vector<std::string>{
                   "/name: must be a string", "/count: must be an integer",
                   "/on: must be true or false", "/tags: must be an array of strings",
                   "/mode: must be one of: static, pooled", "/schedule: must be an object"}));
  EXPECT_EQ(fields(read(R"({"name":"a","count":2.5})")),
            std::vector<std::string>{"/count: must be an integer"});
}

TEST_F(ReaderTest, RangesAndLengths) {
  auto f = fields(
      read(R"({"name":"toolong","count":11,"tags":["a","b","c"],"phone":"081","mode":"dynamic"})"));
  EXPECT_EQ(f, (std::vector<std::string>{
                   "/name: must be at most 5 characters", "/count: must be between 1 and 10",
                   "/tags: must have at most 2 items", "/mode: must be one of: static, pooled",
                   "/phone: must start with +"}));
  EXPECT_EQ(fields(read(R"({"name":""})")), std::vector<std::string>{"/name: must not be empty"});
  EXPECT_EQ(fields(read(R"({"name":"a","count":0})")),
            std::vector<std::string>{"/count: must be between 1 and 10"});
  EXPECT_EQ(fields(read(R"({"name":"a","count":18446744073709551615})")),
            std::vector<std::string>{"/count: must be between 1 and 10"});
  // Length counts characters, not bytes.
  EXPECT_TRUE(read(R"({"name":"東京都港区"})").empty());
}

TEST_F(ReaderTest, ArrayItemsAndNestedObjectsGetTheirOwnPointers) {
  auto f =
      fields(read(R"({"name":"a","tags":["long",7],"destinations":[{"to":"x"},{"too":"y"},3]})"));
  EXPECT_EQ(f, (std::vector<std::string>{
                   "/tags/0: must be at most 3 characters", "/tags/1: must be a string",
                   "/destinations/2: must be an object", "/destinations/1/to: is required",
                   "/destinations/1/too: unknown field"}));
}

TEST_F(ReaderTest, SeveralErrorsMakeOneResponse) {
  read(R"({"count":99,"extra":true})");
  Response r = errors_.toResponse();
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  ASSERT_EQ(j["errors"].size(), 3u);
  EXPECT_EQ(j["errors"][0]["field"], "/name");
  EXPECT_EQ(j["errors"][1]["field"], "/count");
  EXPECT_EQ(j["errors"][2]["field"], "/extra");
}

TEST(ObjectReader, NonObjectDocument) {
  FieldErrors errors;
  nlohmann::json doc = nlohmann::json::array();
  ObjectReader in(doc, errors);
  EXPECT_FALSE(in.string("name", Presence::Required));
  in.finish();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].field, "/");
  EXPECT_EQ(errors.items()[0].reason, "must be an object");
}

TEST(JsonPointer, EscapesTildeAndSlash) {
  EXPECT_EQ(jsonPointer("", "a"), "/a");
  EXPECT_EQ(jsonPointer("/x", "m~n/o"), "/x/m~0n~1o");
}

}  // namespace
}  // namespace hk::api
