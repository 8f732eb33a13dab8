#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "secure/caller_cipher.hpp"

namespace hk::secure {
namespace {

struct Row {
  std::string input;
  std::string expected;
};

TEST(NormalizeNumber, Table) {
  const std::vector<Row> rows = {
      {"+81-90-1234-5678", "09012345678"},
      {"09012345678", "09012345678"},
      {"819012345678", "09012345678"},
      {"+81 3 1234 5678", "0312345678"},
      {"+81 (0)3-1234-5678", "0312345678"},
      {"(03) 1234-5678", "0312345678"},
      {"0120-123-456", "0120123456"},
      {"  090 1234 5678\t", "09012345678"},
      {"tel:+81-3-1234-5678", "0312345678"},
      {"tel:+81-3-1234-5678;phone-context=example.com", "0312345678"},
      {"TEL:0312345678", "0312345678"},
      {"sip:0312345678@192.0.2.10:5060", "0312345678"},
      {"SIP:+819012345678@example.jp;user=phone", "09012345678"},
      {"sips:0120123456@carrier.example", "0120123456"},
      {"sip:0312345678;user=phone@example.jp", "0312345678"},
      {"\xEF\xBC\x90\xEF\xBC\x99\xEF\xBC\x90\xEF\xBC\x8D\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93"
       "\xEF\xBC\x94\xEF\xBC\x8D\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98",
       "09012345678"},                     // full-width ０９０－１２３４－５６７８
      {"8112345", "8112345"},              // too short to hold a country code
      {"8131234567", "8131234567"},        // 10 digits: left alone
      {"+1 415 555 0100", "14155550100"},  // another country: digits only
      {"", ""},
      {"anonymous", ""},
      {"Anonymous", ""},
      {"sip:anonymous@anonymous.invalid", ""},
      {"tel:", ""},
      {"---", ""},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(normalizeNumber(r.input), r.expected) << "input: " << r.input;
  }
}

TEST(NormalizeNumber, IsIdempotent) {
  for (const char* n : {"+81-90-1234-5678", "+81 (0)3-1234-5678", "8112345", "14155550100"}) {
    std::string once = normalizeNumber(n);
    EXPECT_EQ(normalizeNumber(once), once) << n;
  }
}

}  // namespace
}  // namespace hk::secure
