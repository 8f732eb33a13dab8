#include "secure/caller_cipher.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "unit/secure/temp_dir.hpp"

namespace hk::secure {
namespace {

class CallerCipherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ring = KeyRing::loadOrCreate(dir_.file("keys"));
    ASSERT_TRUE(ring) << ring.error().message;
    cipher_.emplace(*ring);
  }
  const CallerCipher& cipher() const { return *cipher_; }

  test::TempDir dir_;
  std::optional<CallerCipher> cipher_;
};

TEST_F(CallerCipherTest, RoundTripsNumbersAndOtherCallerIds) {
  for (std::string number : {"09012345678", "+81-90-1234-5678", "0120-123-456", "anonymous",
                             "sip:0312345678@192.0.2.1", "非通知", "1"}) {
    std::string text = cipher().encrypt(number);
    if (number.size() >= 6) {
      EXPECT_EQ(text.find(number), std::string::npos) << "clear text leaked: " << text;
    }
    auto back = cipher().decrypt(text);
    ASSERT_TRUE(back) << number << ": " << back.error().message;
    EXPECT_EQ(*back, number);
  }
}

TEST_F(CallerCipherTest, TextIsVersionKeyIdAndBase64UrlWithAFreshNonce) {
  std::string a = cipher().encrypt("09012345678");
  std::string b = cipher().encrypt("09012345678");
  static const std::regex shape("^v1\\.1\\.[A-Za-z0-9_-]+$");
  EXPECT_TRUE(std::regex_match(a, shape)) << a;
  EXPECT_NE(a, b);
  // 24-byte nonce + 11 bytes + 16-byte tag = 51 bytes = 68 base64 characters.
  EXPECT_EQ(a.size(), std::string("v1.1.").size() + 68);
}

TEST_F(CallerCipherTest, WithheldCallerStaysEmpty) {
  EXPECT_EQ(cipher().encrypt(""), "");
  auto back = cipher().decrypt("");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, "");
  EXPECT_EQ(cipher().blindIndex(""), "");
  EXPECT_EQ(cipher().blindIndex("anonymous"), "");
  EXPECT_EQ(cipher().blindIndex("sip:anonymous@anonymous.invalid"), "");
}

TEST_F(CallerCipherTest, EveryChangedCharacterIsDetected) {
  std::string text = cipher().encrypt("09012345678");
  const std::string alphabet = "AQgw";  // differ in the high bits of a base64 digit
  for (size_t i = std::string("v1.1.").size(); i < text.size(); ++i) {
    std::string bad = text;
    bad[i] = alphabet[(alphabet.find(text[i]) + 1) % alphabet.size()];
    if (bad[i] == text[i]) bad[i] = 'Z';
    auto r = cipher().decrypt(bad);
    ASSERT_FALSE(r) << "position " << i;
    EXPECT_EQ(r.error().code, Code::Invalid);
  }
}

TEST_F(CallerCipherTest, TruncatedOrExtendedCiphertextIsRejected) {
  std::string text = cipher().encrypt("09012345678");
  for (size_t cut = 1; cut < text.size() - 5; ++cut) {
    EXPECT_FALSE(cipher().decrypt(text.substr(0, text.size() - cut))) << cut;
  }
  EXPECT_FALSE(cipher().decrypt(text + "AAAA"));
}

TEST_F(CallerCipherTest, UnknownKeyIdIsNotFound) {
  std::string text = cipher().encrypt("09012345678");
  std::string other = "v1.7." + text.substr(5);
  auto r = cipher().decrypt(other);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::NotFound);
  EXPECT_NE(r.error().message.find("7"), std::string::npos);
}

TEST_F(CallerCipherTest, RelabelledKeyIdFailsAuthentication) {
  std::string text = cipher().encrypt("09012345678");
  auto rotated = KeyRing::rotate(dir_.file("keys"));
  ASSERT_TRUE(rotated);
  CallerCipher after(*rotated);
  ASSERT_TRUE(after.decrypt(text));
  // Key id 1's ciphertext presented as key id 2: the id is authenticated data.
  auto r = after.decrypt("v1.2." + text.substr(5));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Invalid);
}

TEST_F(CallerCipherTest, JunkNeverCrashes) {
  const std::vector<std::string> junk = {"v1",
                                         "v1.",
                                         "v1.1",
                                         "v1.1.",
                                         "v2.1.AAAAAAAA",
                                         "V1.1.AA",
                                         "v1.x.AAAA",
                                         "v1.01.AAAA",
                                         "v1.-1.AAAA",
                                         "v1.4294967297.AAAA",
                                         "v1.0.AA",
                                         "v1.1.!!!!",
                                         "v1.1.AAAA",
                                         "v1.1.AA==",
                                         "v1.1.AAAA+/AA",
                                         "09012345678",
                                         std::string("v1.1.AA\0AA", 10),
                                         "v1.1." + std::string(60, 'A'),
                                         "v1.1." + std::string(200'000, 'A')};
  for (const auto& j : junk) {
    auto r = cipher().decrypt(j);
    EXPECT_FALSE(r) << j.substr(0, 40);
  }
}

TEST_F(CallerCipherTest, BlindIndexIsKeyedHexAndMatchesEquivalentForms) {
  std::string idx = cipher().blindIndex("09012345678");
  static const std::regex hex64("^[0-9a-f]{64}$");
  EXPECT_TRUE(std::regex_match(idx, hex64)) << idx;
  for (const char* same : {"+81-90-1234-5678", "819012345678", "tel:+819012345678",
                           "sip:+819012345678@example.jp;user=phone", "090 1234 5678"}) {
    EXPECT_EQ(cipher().blindIndex(same), idx) << same;
  }
  EXPECT_NE(cipher().blindIndex("09012345679"), idx);
  EXPECT_NE(cipher().blindIndex("0312345678"), idx);
}

TEST_F(CallerCipherTest, ConcurrentReadersShareOneCipher) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::string number = "090" + std::to_string(10'000'000 + t * 1000 + i);
        auto back = cipher().decrypt(cipher().encrypt(number));
        if (!back || *back != number) ++failures[t];
        if (cipher().blindIndex(number).size() != 64) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace hk::secure
