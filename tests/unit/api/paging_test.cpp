#include "api/paging.hpp"

#include <gtest/gtest.h>

#include "api/url.hpp"

namespace hk::api {
namespace {

Request withQuery(std::string_view q) {
  Request r;
  EXPECT_TRUE(parseQuery(q, r.query));
  return r;
}

const PagingRules kRules{{"din_tms", "seq_num"}, "-din_tms"};

std::vector<std::string> fieldsOf(const FieldErrors& e) {
  std::vector<std::string> out;
  for (const auto& f : e.items()) out.push_back(f.field);
  return out;
}

TEST(Paging, Defaults) {
  FieldErrors errors;
  PageRequest p = parsePaging(withQuery(""), kRules, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(p.page, 1);
  EXPECT_EQ(p.per_page, 25);
  EXPECT_EQ(p.offset(), 0);
  EXPECT_EQ(p.sort_field, "din_tms");
  EXPECT_TRUE(p.descending);
}

TEST(Paging, ReadsValues) {
  FieldErrors errors;
  PageRequest p = parsePaging(withQuery("page=3&per_page=500&sort=seq_num"), kRules, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(p.page, 3);
  EXPECT_EQ(p.per_page, 500);
  EXPECT_EQ(p.offset(), 1000);
  EXPECT_EQ(p.sort_field, "seq_num");
  EXPECT_FALSE(p.descending);
}

TEST(Paging, BadValuesAreFieldErrors) {
  FieldErrors errors;
  parsePaging(withQuery("page=0&per_page=501&sort=-password"), kRules, errors);
  EXPECT_EQ(fieldsOf(errors), (std::vector<std::string>{"page", "per_page", "sort"}));

  for (const char* q : {"page=-1", "page=abc", "page=1.5", "page=", "page=99999999999999999999",
                        "per_page=0", "per_page=+5", "page=1&page=2"}) {
    FieldErrors e;
    parsePaging(withQuery(q), kRules, e);
    EXPECT_EQ(e.size(), 1u) << q;
  }
}

TEST(Paging, SortIsCheckedAgainstTheAllowedList) {
  FieldErrors errors;
  PageRequest p = parsePaging(withQuery("sort=-seq_num"), kRules, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(p.sort_field, "seq_num");
  EXPECT_TRUE(p.descending);
  parsePaging(withQuery("sort=--seq_num"), kRules, errors);
  parsePaging(withQuery("sort="), kRules, errors);
  EXPECT_EQ(errors.size(), 2u);
}

TEST(Paging, Envelope) {
  PageRequest p;
  p.page = 2;
  p.per_page = 10;
  auto j = pageEnvelope(nlohmann::json::array({1, 2}), p, 12);
  EXPECT_EQ(j, nlohmann::json::parse(R"({"items":[1,2],"page":2,"per_page":10,"total":12})"));
}

}  // namespace
}  // namespace hk::api
