#include "sip/name_addr.hpp"

#include <gtest/gtest.h>

namespace hk::sip {
namespace {

TEST(NameAddr, QuotedDisplayNameWithEscapesAndUtf8) {
  auto na = parseNameAddr(R"("Yamada \"Taro\" 山田" <sip:taro@example.jp>;tag=abc;x=1)");
  ASSERT_TRUE(na) << na.error().message;
  EXPECT_TRUE(na->display_quoted);
  EXPECT_EQ(na->displayName(), "Yamada \"Taro\" 山田");
  EXPECT_EQ(na->uri.user, "taro");
  EXPECT_EQ(na->tag(), "abc");
  EXPECT_EQ(na->params.get("x"), std::optional<std::string_view>("1"));
  EXPECT_TRUE(na->angle);
}

TEST(NameAddr, UnquotedTokensAndNoDisplayName) {
  auto na = parseNameAddr("Bob  Smith <sip:bob@example.com>");
  ASSERT_TRUE(na);
  EXPECT_EQ(na->displayName(), "Bob  Smith");
  auto bare = parseNameAddr("<sip:bob@example.com;transport=tcp>;expires=60");
  ASSERT_TRUE(bare);
  EXPECT_TRUE(bare->display.empty());
  EXPECT_EQ(bare->uri.param("transport"), std::optional<std::string_view>("tcp"));
  EXPECT_EQ(bare->params.get("expires"), std::optional<std::string_view>("60"));
}

TEST(NameAddr, AddrSpecParamsBelongToTheHeader) {
  auto na = parseNameAddr("sip:+19725552222@gw1.example.net;unknownparam;tag=9");
  ASSERT_TRUE(na);
  EXPECT_FALSE(na->angle);
  EXPECT_TRUE(na->uri.params.empty());
  EXPECT_TRUE(na->params.has("unknownparam"));
  EXPECT_EQ(na->tag(), "9");
  EXPECT_EQ(na->toString(), "<sip:+19725552222@gw1.example.net>;unknownparam;tag=9");
}

TEST(NameAddr, Rejects) {
  for (std::string_view bad :
       {"", "\"unterminated <sip:a@b>", "\"name\" sip:a@b", "<sip:a@b", "Bell, Alexander <sip:a@b>",
        "< sip:a@b >", "sip:a@b?x=y", "<sip:a@b> junk", "<sip:a@b>;;", "<sip:a@b>;tag=\"open"}) {
    EXPECT_FALSE(parseNameAddr(bad)) << bad;
  }
}

TEST(NameAddr, ListSplitsOutsideQuotesAndBrackets) {
  auto list = parseNameAddrList(R"("A, B" <sip:a@x>, <sip:b,c@x>;q=0.1 , sip:d@x)");
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].displayName(), "A, B");
  EXPECT_EQ((*list)[1].uri.user, "b,c");
  EXPECT_EQ((*list)[2].uri.user, "d");
  EXPECT_FALSE(parseNameAddrList("<sip:a@x>,,<sip:b@x>"));
}

TEST(NameAddr, ToStringRoundTrips) {
  auto na = parseNameAddr(R"("A \"B\"" <sip:a@x>;tag=1)");
  ASSERT_TRUE(na);
  std::string s = na->toString();
  EXPECT_EQ(s, R"("A \"B\"" <sip:a@x>;tag=1)");
  auto again = parseNameAddr(s);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->displayName(), na->displayName());
}

}  // namespace
}  // namespace hk::sip
