#include "sip/detail/md5.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hk::sip::detail {
namespace {

// RFC 1321 §A.5 test suite.
TEST(Md5, Rfc1321TestSuite) {
  EXPECT_EQ(md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5Hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5Hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(md5Hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(md5Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(md5Hex("1234567890123456789012345678901234567890123456789012345678901234567890"
                   "1234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

// Fed in pieces of every size, across the 64-byte blocks and the 56-byte padding limit.
TEST(Md5, IncrementalEqualsOneShot) {
  std::string data;
  for (int i = 0; i < 300; ++i) data.push_back(static_cast<char>('a' + i % 26));
  for (size_t len : {55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 128u, 300u}) {
    std::string_view s(data.data(), len);
    for (size_t piece = 1; piece <= 70; piece += 23) {
      Md5 h;
      for (size_t i = 0; i < s.size(); i += piece) h.update(s.substr(i, piece));
      EXPECT_EQ(h.finish(), md5(s)) << "length " << len << " piece " << piece;
    }
  }
  // A million 'a's (a common extra vector).
  Md5 h;
  std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) h.update(chunk);
  auto d = h.finish();
  std::string hex;
  for (uint8_t b : d) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 0xf]);
  }
  EXPECT_EQ(hex, "7707d6ae4e027c70eea2a935c2296f21");
}

}  // namespace
}  // namespace hk::sip::detail
