#include "b2bua/dialed_number.hpp"

#include <gtest/gtest.h>

#include "sip/parser.hpp"

namespace hk::b2bua {
namespace {

// The normalisation table: every form a carrier may send for one number.
TEST(NormalizeDialled, Table) {
  struct Row {
    const char* user;
    const char* context;
    const char* expect;
  } rows[] = {
      {"0312345678", "", "0312345678"},
      {"+81312345678", "", "0312345678"},
      {"81312345678", "", "0312345678"},
      {"+81-3-1234-5678", "", "0312345678"},
      {"0312345678", "+81", "0312345678"},
      {"312345678", "+81", "0312345678"},
      {"0120111222", "", "0120111222"},
      {"+81120111222", "", "0120111222"},
      {"007812345678901", "", "007812345678901"},
      {"+14155550100", "", "+14155550100"},
      {"4155550100", "+1", "+14155550100"},
      {"0312345678;npdi", "", "0312345678"},
      {"alice", "", ""},
      {"", "", ""},
      {"++81312345678", "", ""},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(normalizeDialled(r.user, r.context), r.expect) << r.user << " " << r.context;
  }
}

sip::Message parse(const std::string& ruri, const std::string& to = "<sip:x@h>") {
  std::string text = "INVITE " + ruri +
                     " SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
                     "From: <sip:09011112222@10.0.0.1>;tag=a\r\nTo: " +
                     to +
                     "\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
                     "Content-Length: 0\r\n\r\n";
  auto m = sip::parseMessage(text);
  EXPECT_TRUE(m) << m.error().message;
  return *m;
}

TEST(DialledNumber, FromRequestUriOrTo) {
  EXPECT_EQ(*dialledNumber(parse("sip:+81312345678@10.0.0.2;user=phone"), false), "0312345678");
  EXPECT_EQ(*dialledNumber(parse("tel:0312345678;phone-context=+81"), false), "0312345678");
  EXPECT_EQ(*dialledNumber(parse("sip:trunk@10.0.0.2", "<tel:+81-50-5555-0001>"), true),
            "05055550001");
  auto bad = dialledNumber(parse("sip:reception@10.0.0.2"), false);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::NotFound);
}

domain::TrackingNumber num(const std::string& n, domain::NumberType t, domain::Id id) {
  domain::TrackingNumber r;
  r.id = id;
  r.number = n;
  r.type = t;
  return r;
}

TEST(Directory, ExactThenLongest0078Base) {
  using T = domain::NumberType;
  auto released = num("05055550009", T::Ip050, 9);
  released.state = domain::NumberState::Released;
  Directory dir({num("0312345678", T::Geographic, 1), num("007812345678", T::FreeCall0078, 2),
                 num("0078123456789", T::FreeCall0078, 3), num("0078999", T::FreeCall0078, 4),
                 released});
  EXPECT_EQ(dir.size(), 4u);
  auto exact = dir.find("0312345678");
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->number.id, 1);
  EXPECT_EQ(exact->suffix, "");
  auto suffixed = dir.find("00781234567890042");
  ASSERT_TRUE(suffixed);
  EXPECT_EQ(suffixed->number.id, 3);  // the longer base wins
  EXPECT_EQ(suffixed->suffix, "0042");
  auto shorter = dir.find("0078123456781");
  ASSERT_TRUE(shorter);
  EXPECT_EQ(shorter->number.id, 2);
  EXPECT_EQ(shorter->suffix, "1");
  EXPECT_FALSE(dir.find("0312345679"));
  EXPECT_FALSE(dir.find("05055550009"));  // released numbers do not route
  EXPECT_FALSE(dir.find("03123456780"));  // suffixes only on 0078 numbers
}

TEST(Directory, CarriesTheAdvertisersLineLimits) {
  using T = domain::NumberType;
  auto a = num("0312345678", T::Geographic, 1);
  a.advertiser_id = 7;
  Directory dir({a}, {{7, 2}, {8, 0}, {9, -1}});
  EXPECT_EQ(dir.advertiserMaxLines(7), 2);
  EXPECT_EQ(dir.advertiserMaxLines(8), 0);   // unlimited
  EXPECT_EQ(dir.advertiserMaxLines(9), 0);   // nonsense is unlimited too
  EXPECT_EQ(dir.advertiserMaxLines(42), 0);  // unknown: no limit
  EXPECT_EQ(Directory({a}).advertiserMaxLines(7), 0);
}

}  // namespace
}  // namespace hk::b2bua
