#include "b2bua/caller_id.hpp"

#include <gtest/gtest.h>

#include "sip/parser.hpp"

namespace hk::b2bua {
namespace {

using domain::DeviceType;

sip::Message invite(const std::string& from, const std::string& extra = "") {
  std::string text =
      "INVITE sip:0312345678@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
      "From: " +
      from +
      ";tag=a\r\nTo: <sip:0312345678@10.0.0.2>\r\nCall-ID: c1\r\n"
      "CSeq: 1 INVITE\r\nMax-Forwards: 70\r\n" +
      extra + "Content-Length: 0\r\n\r\n";
  auto m = sip::parseMessage(text);
  EXPECT_TRUE(m) << m.error().message;
  return *m;
}

TEST(CallerIdentity, NumberAndDeviceType) {
  auto id = callerIdentity(invite("<sip:+819011112222@10.0.0.1>"), CallerSource::From);
  EXPECT_EQ(id.number, "09011112222");
  EXPECT_EQ(id.type, DeviceType::Mobile);
  EXPECT_EQ(callerIdentity(invite("<sip:0311112222@h>"), CallerSource::From).type,
            DeviceType::Fixed);
  EXPECT_EQ(callerIdentity(invite("<sip:05011112222@h>"), CallerSource::From).type, DeviceType::Ip);
}

TEST(CallerIdentity, PaiWinsWhenTheTrunkSaysSo) {
  auto msg = invite("<sip:trunk@carrier>", "P-Asserted-Identity: <tel:+81311112222>\r\n");
  EXPECT_EQ(callerIdentity(msg, CallerSource::PAssertedIdentity).number, "0311112222");
  EXPECT_EQ(callerIdentity(msg, CallerSource::From).number, "");
  // No PAI: fall back to From.
  EXPECT_EQ(callerIdentity(invite("<sip:0311112222@h>"), CallerSource::PAssertedIdentity).number,
            "0311112222");
}

TEST(CallerIdentity, WithheldIsNeverKept) {
  auto privacy =
      callerIdentity(invite("<sip:0311112222@h>", "Privacy: id\r\n"), CallerSource::From);
  EXPECT_EQ(privacy.type, DeviceType::Withheld);
  EXPECT_EQ(privacy.number, "");
  EXPECT_TRUE(privacy.privacy_requested);
  auto anon =
      callerIdentity(invite("\"Anonymous\" <sip:anonymous@anonymous.invalid>"), CallerSource::From);
  EXPECT_EQ(anon.type, DeviceType::Withheld);
  auto pfx = callerIdentity(invite("<sip:1840311112222@h>"), CallerSource::From);
  EXPECT_EQ(pfx.type, DeviceType::Withheld);
  EXPECT_EQ(pfx.number, "");
  auto shown = callerIdentity(invite("<sip:1860311112222@h>"), CallerSource::From);
  EXPECT_EQ(shown.number, "0311112222");
}

TEST(CallerIdentity, PayphoneAndUnavailable) {
  EXPECT_EQ(callerIdentity(invite("<tel:0311112222;cpc=payphone>"), CallerSource::From).type,
            DeviceType::Payphone);
  EXPECT_EQ(
      callerIdentity(invite("\"Coin line/payphone\" <sip:anonymous@h>"), CallerSource::From).type,
      DeviceType::Payphone);
  EXPECT_EQ(callerIdentity(invite("\"Unavailable\" <sip:anonymous@h>"), CallerSource::From).type,
            DeviceType::Unavailable);
  auto p = callerIdentity(invite("\"Coin line/payphone\" <sip:anonymous@h>"), CallerSource::From);
  EXPECT_EQ(p.number, "");
}

}  // namespace
}  // namespace hk::b2bua
