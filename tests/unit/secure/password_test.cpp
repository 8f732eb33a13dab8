#include "secure/password.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hk::secure {
namespace {

const PasswordCost kFast = PasswordCost::minimum();

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(Password, HashVerifiesOnlyTheRightPassword) {
  auto hash = hashPassword("correct horse battery", kFast);
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find("correct"), std::string::npos);
  EXPECT_TRUE(verifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(verifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(verifyPassword(*hash, "correct horse battery "));
  EXPECT_FALSE(verifyPassword(*hash, ""));
}

TEST(Password, SamePasswordHashesDifferently) {
  auto a = hashPassword("パスワードは十文字以上", kFast);
  auto b = hashPassword("パスワードは十文字以上", kFast);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(verifyPassword(*a, "パスワードは十文字以上"));
  EXPECT_TRUE(verifyPassword(*b, "パスワードは十文字以上"));
}

TEST(Password, DefaultCostIsArgon2idInteractive) {
  auto hash = hashPassword("0123456789");
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(verifyPassword(*hash, "0123456789"));
  EXPECT_FALSE(passwordNeedsRehash(*hash));
}

TEST(Password, CheapHashesAskForRehash) {
  auto hash = hashPassword("0123456789", kFast);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(passwordNeedsRehash(*hash));
  EXPECT_FALSE(passwordNeedsRehash(*hash, kFast));
  EXPECT_TRUE(passwordNeedsRehash("junk"));
}

TEST(Password, PolicyCountsCharactersNotBytes) {
  EXPECT_TRUE(checkPasswordPolicy("0123456789"));
  EXPECT_TRUE(checkPasswordPolicy(std::string(256, 'x')));
  EXPECT_TRUE(checkPasswordPolicy(repeat("あ", 10)));                 // 30 bytes, 10 characters
  EXPECT_TRUE(checkPasswordPolicy(repeat("\xF0\x9F\x94\x91", 256)));  // 256 emoji, 1024 bytes
  for (const std::string& bad :
       {std::string("012345678"), std::string(), std::string(257, 'x'), repeat("あ", 9),
        repeat("あ", 257), std::string("0123456789\xFF"), std::string("0123456789\xC0\xAF"),
        std::string("0123456789\xED\xA0\x80"), std::string("01234567\xE3\x81")}) {
    auto st = checkPasswordPolicy(bad);
    ASSERT_FALSE(st) << bad.size();
    EXPECT_EQ(st.error().code, Code::Invalid);
    EXPECT_EQ(st.error().field, "password");
  }
}

TEST(Password, HashingAppliesThePolicy) {
  auto hash = hashPassword("short", kFast);
  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error().field, "password");
  EXPECT_NE(hash.error().message.find("10"), std::string::npos) << hash.error().message;
}

TEST(Password, JunkHashesNeverVerify) {
  for (const std::string& junk :
       {std::string(), std::string("not a hash"), std::string("$argon2id$v=19$m=8,t=1,p=1$$"),
        std::string("$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$AAAA"), std::string(5000, '$'),
        std::string("$argon2id\0junk", 14)}) {
    EXPECT_FALSE(verifyPassword(junk, "0123456789")) << junk.substr(0, 30);
  }
}

}  // namespace
}  // namespace hk::secure
