#include "service/validate.hpp"

#include <gtest/gtest.h>

namespace hk::service {
namespace {

TEST(NormalizePhone, JapaneseAndInternationalForms) {
  struct Row {
    const char* in;
    const char* out;
  } rows[] = {
      {"03-1234-5678", "0312345678"},
      {"+81 3 1234 5678", "0312345678"},
      {"+81-90-1234-5678", "09012345678"},
      {"(0120) 111-222", "0120111222"},
      {"+1 (415) 555-0100", "+14155550100"},
      {"0078 1234 5678 99", "00781234567899"},
      {"", ""},
      {"03-1234-567x", ""},
      {"++81312345678", ""},
      {"123456789012345678901", ""},
  };
  for (const auto& r : rows) EXPECT_EQ(normalizePhone(r.in), r.out) << r.in;
}

TEST(NormalizeNumber, InfersTypeAndNormalisesDestinations) {
  domain::TrackingNumber n;
  n.number = "0120-111-222";
  n.name = "Flyer";
  n.destinations = {"03-1111-2222", "sip:desk@pbx.example.com"};
  EXPECT_TRUE(normalizeNumber(n, false).empty());
  EXPECT_EQ(n.number, "0120111222");
  EXPECT_EQ(n.type, domain::NumberType::FreeCall0120);
  EXPECT_EQ(n.destinations[0], "0311112222");
  EXPECT_EQ(n.destinations[1], "sip:desk@pbx.example.com");
}

TEST(NormalizeNumber, ReportsEveryProblemWithItsPointer) {
  domain::TrackingNumber n;
  n.number = "0120-111-22";  // 9 digits
  n.type = domain::NumberType::FreeCall0120;
  n.name = "";
  n.destinations = {"03-1111-2222", "not a number", "0120-111-22"};
  n.ring_timeout_sec = 0;
  auto errs = normalizeNumber(n, true);
  std::vector<std::string> fields;
  for (const auto& e : errs) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/number", "/name", "/destinations/1",
                                              "/destinations/2", "/ring_timeout_sec"}));
}

TEST(NormalizeNumber, TypeMustMatchPrefix) {
  domain::TrackingNumber n;
  n.number = "05012345678";
  n.name = "x";
  n.type = domain::NumberType::FreeCall0120;
  auto errs = normalizeNumber(n, true);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "/type");
}

TEST(NormalizeNumber, AtMostFiveDestinations) {
  domain::TrackingNumber n;
  n.number = "05012345678";
  n.name = "x";
  n.destinations = {"0311111111", "0311111112", "0311111113",
                    "0311111114", "0311111115", "0311111116"};
  auto errs = normalizeNumber(n, false);
  ASSERT_FALSE(errs.empty());
  EXPECT_EQ(errs[0].field, "/destinations");
}

TEST(Checks, OperatorAdvertiserUser) {
  domain::Operator o;
  o.name = "Media";
  o.timezone = "Asia Tokyo";
  EXPECT_EQ(checkOperator(o).size(), 1u);
  o.timezone = "Asia/Tokyo";
  EXPECT_TRUE(checkOperator(o).empty());
  domain::Advertiser a;
  a.name = std::string(201, 'x');
  a.max_lines = -1;
  EXPECT_EQ(checkAdvertiser(a).size(), 2u);
  domain::User u;
  u.login = "a b";
  EXPECT_EQ(checkUser(u).size(), 1u);
}

}  // namespace
}  // namespace hk::service
