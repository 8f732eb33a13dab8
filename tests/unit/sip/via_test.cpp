#include "sip/via.hpp"

#include <gtest/gtest.h>

namespace hk::sip {
namespace {

TEST(Via, FieldsAndKnownParams) {
  auto v = parseVia(
      "SIP/2.0/UDP "
      "203.0.113.5:5062;branch=z9hG4bK776;received=192.0.2.1;rport=5070;ttl=16;maddr=224.2.0.1");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->protocol, "SIP");
  EXPECT_EQ(v->version, "2.0");
  EXPECT_EQ(v->transport, "UDP");
  EXPECT_EQ(v->host, "203.0.113.5");
  EXPECT_EQ(v->port, 5062);
  EXPECT_EQ(v->branch, "z9hG4bK776");
  EXPECT_TRUE(v->hasRfc3261Branch());
  EXPECT_EQ(v->received, "192.0.2.1");
  EXPECT_TRUE(v->rport);
  EXPECT_EQ(v->rport_value, 5070);
  EXPECT_EQ(v->ttl, 16);
  EXPECT_EQ(v->maddr, "224.2.0.1");
}

TEST(Via, RportFlagIPv6AndSpacing) {
  auto v = parseVia("SIP / 2.0 / TCP   [2001:db8::5] : 5060 ; rport ; branch = z9hG4bKx");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->host, "[2001:db8::5]");
  EXPECT_EQ(v->port, 5060);
  EXPECT_TRUE(v->rport);
  EXPECT_FALSE(v->rport_value);
  EXPECT_EQ(v->branch, "z9hG4bKx");
  EXPECT_EQ(v->toString(), "SIP/2.0/TCP [2001:db8::5]:5060; rport ; branch = z9hG4bKx");
}

TEST(Via, ListAndRejects) {
  auto list = parseViaList("SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/TLS b:5061;branch=z9hG4bK2");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].transport, "TLS");
  EXPECT_EQ((*list)[1].port, 5061);
  for (std::string_view bad :
       {"", "SIP/2.0/UDP", "SIP/2.0 host", "SIP/2.0/UDP host;;",
        "SIP/2.0/UDP host;branch=", "SIP/2.0/UDP host:99999", "SIP/2.0/UDP host;rport=x",
        "SIP/2.0/UDP ho$t", "SIP/2.0/UDP host extra"}) {
    EXPECT_FALSE(parseVia(bad)) << bad;
  }
  EXPECT_FALSE(parseViaList("SIP/2.0/UDP a,"));
}

}  // namespace
}  // namespace hk::sip
