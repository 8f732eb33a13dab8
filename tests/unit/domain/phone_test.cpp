#include "domain/phone.hpp"

#include <gtest/gtest.h>

namespace hk::domain {
namespace {

// Every way a Japanese or foreign number is written, and what the inventory stores.
TEST(NormalizePhone, Table) {
  struct Row {
    const char* in;
    const char* out;
  } rows[] = {
      {"0312345678", "0312345678"},
      {"03-1234-5678", "0312345678"},
      {"(03) 1234 5678", "0312345678"},
      {"03.1234.5678", "0312345678"},
      {"+81 3-1234-5678", "0312345678"},
      {"+81312345678", "0312345678"},
      {"81312345678", "0312345678"},
      {"+81 (0)3-1234-5678", "0312345678"},
      {"810312345678", "0312345678"},
      {"+81-90-1234-5678", "09012345678"},
      {"0120-111-222", "0120111222"},
      {"+81 120 111 222", "0120111222"},
      {"0078-1234-5678", "007812345678"},
      {"0078 1234 5678 99", "00781234567899"},
      {"+1 (415) 555-0100", "+14155550100"},
      {"+44 20 7946 0018", "+442079460018"},
      // Full-width, as typed with a Japanese input method: ０３－１２３４－５６７８, ＋８１...
      {"\xEF\xBC\x90\xEF\xBC\x93\xEF\xBC\x8D\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94"
       "\xEF\xBC\x8D\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98",
       "0312345678"},
      {"\xEF\xBC\x8B\xEF\xBC\x98\xEF\xBC\x91\xE3\x80\x80\xEF\xBC\x93\xEF\xBC\x91\xEF\xBC\x92"
       "\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98",
       "0312345678"},
      // Too short to hold a Japanese country code: left as written.
      {"8131234567", "8131234567"},
      {"+8112345", "+8112345"},
      // Not phone numbers.
      {"", ""},
      {"+", ""},
      {"---", ""},
      {"03-1234-567x", ""},
      {"alice", ""},
      {"++81312345678", ""},
      {"03+12345678", ""},
      {"0312345678;npdi", ""},
      {"\xEF\xBC\xA1"
       "0312345678",
       ""},                           // full-width 'A'
      {"123456789012345678901", ""},  // 21 digits
  };
  for (const auto& r : rows) EXPECT_EQ(normalizePhone(r.in), r.out) << "input: " << r.in;
}

TEST(NormalizePhone, DigitLimitIsTheCallers) {
  EXPECT_EQ(normalizePhone("12345678901234567890"), "12345678901234567890");
  EXPECT_EQ(normalizePhone("1234567890123456789012", 24), "1234567890123456789012");
  EXPECT_EQ(normalizePhone("0312345678", 9), "");
}

TEST(NormalizePhone, IsIdempotent) {
  for (const char* n :
       {"+81 (0)3-1234-5678", "81312345678", "+1 415 555 0100", "0078-1234-5678", "8131234567"}) {
    std::string once = normalizePhone(n);
    ASSERT_FALSE(once.empty()) << n;
    EXPECT_EQ(normalizePhone(once), once) << n;
  }
}

TEST(ParsePhoneDigits, KeepsThePlusApart) {
  auto d = parsePhoneDigits(" +1 (415) 555-0100");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->plus);
  EXPECT_EQ(d->digits, "14155550100");
  d = parsePhoneDigits("03-1234-5678");
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->plus);
  EXPECT_EQ(d->digits, "0312345678");
  EXPECT_FALSE(parsePhoneDigits("+"));
  EXPECT_FALSE(parsePhoneDigits("sip:0312345678@h"));
}

TEST(ExtractDigits, SkipsEverythingElse) {
  EXPECT_EQ(extractDigits("Tel: +81 (0)3-1234-5678 ext"), "810312345678");
  EXPECT_EQ(extractDigits("\xEF\xBC\x90\xEF\xBC\x99\xEF\xBC\x90-1"), "0901");
  EXPECT_EQ(extractDigits("anonymous"), "");
  // A truncated full-width sequence is not a digit.
  EXPECT_EQ(extractDigits("1\xEF\xBC"), "1");
}

TEST(NationalFromCountryCode, AddsOneTrunkZero) {
  EXPECT_EQ(nationalFromCountryCode("312345678"), "0312345678");
  EXPECT_EQ(nationalFromCountryCode("0312345678"), "0312345678");
  EXPECT_EQ(nationalFromCountryCode("3"), "03");
  EXPECT_EQ(nationalFromCountryCode(""), "");
}

TEST(CanonicalPhone, JapaneseWithOrWithoutPlusForeignKeepsItsForm) {
  EXPECT_EQ(canonicalPhone({"81312345678", false}), "0312345678");
  EXPECT_EQ(canonicalPhone({"81312345678", true}), "0312345678");
  EXPECT_EQ(canonicalPhone({"14155550100", true}), "+14155550100");
  EXPECT_EQ(canonicalPhone({"14155550100", false}), "14155550100");
  EXPECT_EQ(canonicalPhone({"", false}), "");
}

}  // namespace
}  // namespace hk::domain
