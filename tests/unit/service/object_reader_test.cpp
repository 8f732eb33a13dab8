#include "service/object_reader.hpp"

#include <gtest/gtest.h>

#include "domain/number.hpp"

namespace hk::service {
namespace {

struct Target {
  std::string name = "unchanged";
  int64_t count = -1;
  int small = -1;
  bool on = false;
  domain::Id owner = 7;
  std::vector<std::string> tags;
  domain::NumberType type = domain::NumberType::Geographic;
};

FieldErrors read(const std::string& text, Target& t, const std::string& base = "") {
  Json doc = Json::parse(text);
  FieldErrors errs;
  ObjectReader r(doc, errs, base);
  r.str("name", t.name, 5);
  r.integer("count", t.count, 1, 10);
  r.integer("small", t.small, 0, 3);
  r.boolean("on", t.on);
  r.id("owner", t.owner);
  r.strings("tags", t.tags, 2, 3);
  r.enumeration("type", t.type);
  r.rejectUnknown({"extra"});
  return errs;
}

TEST(ObjectReader, AppliesValidFieldsAndLeavesAbsentOnesAlone) {
  Target t;
  auto errs = read(R"({"name":"ab","count":10,"on":true,"owner":null,"tags":["x","yz"],
                       "type":"0120","extra":1})",
                   t);
  EXPECT_TRUE(errs.empty());
  EXPECT_EQ(t.name, "ab");
  EXPECT_EQ(t.count, 10);
  EXPECT_EQ(t.small, -1);  // absent: untouched
  EXPECT_TRUE(t.on);
  EXPECT_EQ(t.owner, 0);  // null clears an id
  EXPECT_EQ(t.tags, (std::vector<std::string>{"x", "yz"}));
  EXPECT_EQ(t.type, domain::NumberType::FreeCall0120);
}

TEST(ObjectReader, NamesEveryBadFieldAndKeepsTheOldValues) {
  Target t;
  auto errs = read(R"({"name":"toolong","count":11,"small":"1","on":1,"owner":-3,
                       "tags":["x","y","z"],"type":"fax","bogus":true})",
                   t);
  std::vector<std::string> fields;
  for (const auto& e : errs) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/name", "/count", "/small", "/on", "/owner", "/tags",
                                              "/type", "/bogus"}));
  EXPECT_EQ(t.name, "unchanged");
  EXPECT_EQ(t.count, -1);
  EXPECT_EQ(t.owner, 7);
  EXPECT_EQ(t.type, domain::NumberType::Geographic);
  EXPECT_EQ(errs.back().reason, "unknown field");
}

TEST(ObjectReader, ABadArrayItemIsNamedByItsIndex) {
  Target t;
  auto errs = read(R"({"tags":["ok","toolong"]})", t, "/numbers/2");
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "/numbers/2/tags/1");
  EXPECT_TRUE(t.tags.empty());
}

TEST(ObjectReader, PointersEscapeTildeAndSlash) {
  EXPECT_EQ(jsonPointer("/a", "c~d/e"), "/a/c~0d~1e");
  Target t;
  auto errs = read(R"({"a/b~c":1})", t);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "/a~1b~0c");
}

TEST(ObjectReader, ANonObjectIsOneErrorAtItsPointer) {
  Target t;
  auto errs = read("[1,2]", t, "/advertisers/0");
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "/advertisers/0");
  EXPECT_EQ(errs[0].reason, "must be a JSON object");
  auto top = read("3", t);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].field, "/");
}

}  // namespace
}  // namespace hk::service
