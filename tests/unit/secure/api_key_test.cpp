#include "secure/api_key.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "unit/secure/temp_dir.hpp"

namespace hk::secure {
namespace {

TEST(ApiKey, HasTheDocumentedShape) {
  static const std::regex shape("^hk_[a-z0-9]{8}_[0-9A-Za-z]{32}$");
  for (int i = 0; i < 100; ++i) {
    ApiKey key = generateApiKey();
    ASSERT_TRUE(std::regex_match(key.full, shape)) << key.full;
    EXPECT_EQ(key.full.substr(3, 8), key.prefix);
    auto parsed = parseApiKey(key.full);
    ASSERT_TRUE(parsed) << key.full;
    EXPECT_EQ(parsed->prefix, key.prefix);
    EXPECT_EQ(parsed->full, key.full);
  }
}

TEST(ApiKey, SecretsUseTheWholeAlphabetAndNeverRepeat) {
  std::set<std::string> fulls, prefixes;
  std::set<char> secretChars, prefixChars;
  std::vector<std::set<char>> perPosition(32);
  for (int i = 0; i < 2000; ++i) {
    ApiKey key = generateApiKey();
    fulls.insert(key.full);
    prefixes.insert(key.prefix);
    prefixChars.insert(key.prefix.begin(), key.prefix.end());
    std::string secret = key.full.substr(12);
    secretChars.insert(secret.begin(), secret.end());
    for (size_t p = 0; p < secret.size(); ++p) perPosition[p].insert(secret[p]);
  }
  EXPECT_EQ(fulls.size(), 2000u);
  EXPECT_EQ(prefixes.size(), 2000u);
  EXPECT_EQ(secretChars.size(), 62u);  // 62^32: about 190 bits
  EXPECT_EQ(prefixChars.size(), 36u);
  for (size_t p = 0; p < perPosition.size(); ++p) {
    EXPECT_GT(perPosition[p].size(), 50u) << "position " << p;  // no stuck position
  }
}

TEST(ApiKey, HashIsStableKeyedHex) {
  test::TempDir dir;
  auto ring = KeyRing::loadOrCreate(dir.file("keys"));
  auto again = KeyRing::loadOrCreate(dir.file("keys"));
  auto other = KeyRing::loadOrCreate(dir.file("other"));
  ASSERT_TRUE(ring && again && other);
  std::string key = generateApiKey().full;
  std::string hash = hashApiKey(*ring, key);
  static const std::regex hex64("^[0-9a-f]{64}$");
  EXPECT_TRUE(std::regex_match(hash, hex64)) << hash;
  EXPECT_EQ(hashApiKey(*ring, key), hash);
  EXPECT_EQ(hashApiKey(*again, key), hash);  // another node, same key file
  EXPECT_NE(hashApiKey(*other, key), hash);  // keyed: a database alone cannot check keys
  EXPECT_NE(hashApiKey(*ring, generateApiKey().full), hash);
  EXPECT_TRUE(constantTimeEqual(hashApiKey(*again, key), hash));
}

TEST(ApiKey, ParseRejectsJunkWithoutEchoingIt) {
  std::string good = generateApiKey().full;
  std::string upperPrefix = good;
  upperPrefix[4] = 'A';
  std::string dashSecret = good;
  dashSecret[20] = '-';
  std::string noSep = good;
  noSep[11] = 'x';
  const std::vector<std::string> junk = {
      "",
      "hk_",
      "HK_" + good.substr(3),
      "hx_" + good.substr(3),
      upperPrefix,
      dashSecret,
      noSep,
      good.substr(0, 43),
      good + "x",
      "Bearer " + good,
      good.substr(0, 43) + " ",
      good.substr(0, 20) + std::string(1, '\0') + good.substr(21),
      "hk_abcdefgh_" + std::string(31, 'A') + "\xC3",
      std::string(10'000, 'a'),
  };
  for (const auto& j : junk) {
    auto r = parseApiKey(j);
    ASSERT_FALSE(r) << j;
    EXPECT_EQ(r.error().code, Code::Unauthorized);
    if (j.size() > 5) {
      EXPECT_EQ(r.error().message.find(j), std::string::npos);
    }
  }
}

TEST(ApiKey, ConstantTimeEqual) {
  std::string a(64, 'a');
  std::string b = a;
  EXPECT_TRUE(constantTimeEqual(a, b));
  b.back() = 'b';
  EXPECT_FALSE(constantTimeEqual(a, b));
  b = a;
  b.front() = 'b';
  EXPECT_FALSE(constantTimeEqual(a, b));
  EXPECT_FALSE(constantTimeEqual(a, a.substr(1)));
  EXPECT_FALSE(constantTimeEqual(a, ""));
  EXPECT_TRUE(constantTimeEqual("", ""));
}

TEST(SessionToken, TokenIsRandomAndOnlyItsHashIsKept) {
  test::TempDir dir;
  auto ring = KeyRing::loadOrCreate(dir.file("keys"));
  ASSERT_TRUE(ring);
  std::set<std::string> tokens, hashes;
  for (int i = 0; i < 500; ++i) {
    SessionToken t = newSessionToken(*ring);
    EXPECT_EQ(t.token.size(), kSessionTokenChars);
    EXPECT_TRUE(isSessionTokenShape(t.token)) << t.token;
    EXPECT_EQ(t.hash.size(), 64u);
    EXPECT_EQ(hashSessionToken(*ring, t.token), t.hash);
    EXPECT_EQ(t.hash.find(t.token), std::string::npos);
    tokens.insert(t.token);
    hashes.insert(t.hash);
  }
  EXPECT_EQ(tokens.size(), 500u);
  EXPECT_EQ(hashes.size(), 500u);
}

TEST(SessionToken, ShapeCheckRejectsJunk) {
  EXPECT_TRUE(isSessionTokenShape(std::string(43, 'A')));
  EXPECT_TRUE(isSessionTokenShape(std::string(42, '-') + "_"));
  for (const std::string& j :
       {std::string(), std::string(42, 'A'), std::string(44, 'A'), std::string(42, 'A') + "=",
        std::string(42, 'A') + "/", std::string(42, 'A') + " ", std::string(42, 'A') + '\0'}) {
    EXPECT_FALSE(isSessionTokenShape(j)) << j;
  }
}

}  // namespace
}  // namespace hk::secure
