#include <gtest/gtest.h>

#include "domain/account.hpp"
#include "domain/enum_names.hpp"
#include "domain/number.hpp"

namespace hk::domain {
namespace {

TEST(EnumNames, RoundTripEveryValue) {
  for (auto s :
       {DialStat::Answered, DialStat::Busy, DialStat::NoAnswer, DialStat::Incomplete,
        DialStat::LineUnavailable, DialStat::Transferred, DialStat::None, DialStat::Blocked}) {
    DialStat back;
    ASSERT_TRUE(parse(name(s), back)) << name(s);
    EXPECT_EQ(back, s);
  }
  NumberType t;
  EXPECT_TRUE(parse("0120", t));
  EXPECT_EQ(t, NumberType::FreeCall0120);
  EXPECT_FALSE(parse("0990", t));
  Role r;
  EXPECT_TRUE(parse("advertiser_user", r));
  EXPECT_EQ(name(Role::OperatorAdmin), "operator_admin");
}

TEST(Number, ClassifiesJapanesePrefixes) {
  EXPECT_EQ(classifyNumber("0120123456"), NumberType::FreeCall0120);
  EXPECT_EQ(classifyNumber("08001234567"), NumberType::FreeCall0800);
  EXPECT_EQ(classifyNumber("007812345678"), NumberType::FreeCall0078);
  EXPECT_EQ(classifyNumber("05012345678"), NumberType::Ip050);
  EXPECT_EQ(classifyNumber("0312345678"), NumberType::Geographic);
  EXPECT_EQ(classifyNumber("+14155550100"), NumberType::Other);
  EXPECT_FALSE(typeInfo(NumberType::FreeCall0120).shows_caller_number);
  EXPECT_TRUE(typeInfo(NumberType::FreeCall0078).shows_caller_number);
}

TEST(Principal, ScopeRules) {
  Principal sys{Role::SystemAdmin};
  EXPECT_TRUE(sys.canSee(7, 9));
  Principal op{Role::OperatorStaff, 1, 0, 7};
  EXPECT_TRUE(op.canSee(7, 0));
  EXPECT_TRUE(op.canSee(7, 9));
  EXPECT_FALSE(op.canSee(8, 0));
  Principal adv{Role::AdvertiserUser, 2, 0, 7, Id{9}};
  EXPECT_TRUE(adv.canSee(7, 9));
  EXPECT_FALSE(adv.canSee(7, 10));
  EXPECT_FALSE(adv.canSee(7, 0));  // operator-level objects
  EXPECT_FALSE(adv.canSee(8, 9));
  EXPECT_FALSE(adv.canSeeCallerNumber(NumberType::FreeCall0120));
  EXPECT_TRUE(adv.canSeeCallerNumber(NumberType::Ip050));
  EXPECT_TRUE(op.canSeeCallerNumber(NumberType::FreeCall0120));
}

}  // namespace
}  // namespace hk::domain
