#include "sip/uri.hpp"

#include <gtest/gtest.h>

namespace hk::sip {
namespace {

Uri uri(std::string_view text) {
  auto u = parseUri(text);
  EXPECT_TRUE(u) << text << ": " << u.error().message;
  return u ? *u : Uri();
}

TEST(Uri, SipPartsParamsAndHeaders) {
  Uri u = uri("sips:alice:secret@example.com:5061;transport=tls;lr?Subject=hi&Priority=urgent");
  EXPECT_EQ(u.scheme, Scheme::Sips);
  EXPECT_EQ(u.user, "alice");
  EXPECT_TRUE(u.has_password);
  EXPECT_EQ(u.password, "secret");
  EXPECT_EQ(u.host, "example.com");
  EXPECT_EQ(u.port, 5061);
  EXPECT_EQ(u.param("transport"), std::optional<std::string_view>("tls"));
  EXPECT_EQ(u.param("LR"), std::optional<std::string_view>(""));
  EXPECT_FALSE(u.param("maddr"));
  EXPECT_EQ(u.headers, "Subject=hi&Priority=urgent");
  EXPECT_EQ(u.toString(),
            "sips:alice:secret@example.com:5061;transport=tls;lr?Subject=hi&Priority=urgent");
}

TEST(Uri, HostKinds) {
  EXPECT_EQ(uri("sip:192.0.2.1").host, "192.0.2.1");
  Uri v6 = uri("sip:bob@[2001:db8::1]:5070;maddr=[2001:db8::2]");
  EXPECT_EQ(v6.host, "[2001:db8::1]");
  EXPECT_EQ(v6.port, 5070);
  EXPECT_EQ(v6.param("maddr"), std::optional<std::string_view>("[2001:db8::2]"));
  EXPECT_EQ(uri("sip:[::ffff:192.0.2.1]").host, "[::ffff:192.0.2.1]");
  EXPECT_EQ(uri("sip:host-1.example.com.").host, "host-1.example.com.");
  for (std::string_view bad : {"sip:", "sip:user@", "sip:[2001:db8::1", "sip:[zz::1]",
                               "sip:256.1.1.1", "sip:1.2.3", "sip:host:", "sip:host:70000",
                               "sip:host:5x", "sip:ho st", "sip:a@b@c", "sip:.example.com"}) {
    EXPECT_FALSE(parseUri(bad)) << bad;
  }
}

TEST(Uri, EscapesAreKeptAndDecodedOnDemand) {
  Uri u = uri("sip:%61lice%20smith@example.com;na%6De=v%61l");
  EXPECT_EQ(u.user, "%61lice%20smith");
  EXPECT_EQ(u.userDecoded(), "alice smith");
  EXPECT_FALSE(parseUri("sip:bad%2@example.com"));
  EXPECT_FALSE(parseUri("sip:bad%zz@example.com"));
}

TEST(Uri, TelWithPhoneContext) {
  Uri global = uri("tel:+81-3-1234-5678");
  EXPECT_EQ(global.scheme, Scheme::Tel);
  EXPECT_EQ(global.user, "+81-3-1234-5678");
  EXPECT_EQ(global.phoneContext(), "");
  Uri local = uri("tel:0312345678;phone-context=example.com");
  EXPECT_EQ(local.user, "0312345678");
  EXPECT_EQ(local.phoneContext(), "example.com");
  EXPECT_EQ(local.toString(), "tel:0312345678;phone-context=example.com");
  EXPECT_FALSE(parseUri("tel:"));
  EXPECT_FALSE(parseUri("tel:03 1234"));
}

TEST(Uri, OtherSchemesAreOpaque) {
  Uri u = uri("http://www.example.com/a?b=c");
  EXPECT_EQ(u.scheme, Scheme::Other);
  EXPECT_EQ(u.scheme_text, "http");
  EXPECT_EQ(u.opaque, "//www.example.com/a?b=c");
  EXPECT_EQ(u.toString(), "http://www.example.com/a?b=c");
  EXPECT_FALSE(parseUri("1http:x"));
  EXPECT_FALSE(parseUri("nocolon"));
  EXPECT_FALSE(parseUri("<sip:user@example.com>"));
  EXPECT_FALSE(parseUri("urn:has space"));
}

TEST(UriEquals, Rfc3261Section19_1_4Examples) {
  auto eq = [](std::string_view a, std::string_view b) {
    return uriEquals(parseUri(a).value(), parseUri(b).value());
  };
  // Equivalent pairs from the RFC.
  EXPECT_TRUE(eq("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
  EXPECT_TRUE(eq("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(eq("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(eq("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                 "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));
  EXPECT_TRUE(eq("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                 "sip:alice@atlanta.com?priority=urgent&subject=project%20x"));
  // Non-equivalent pairs from the RFC.
  EXPECT_FALSE(eq("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"));
  EXPECT_FALSE(eq("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"));
  EXPECT_FALSE(eq("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
  EXPECT_FALSE(eq("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
  EXPECT_FALSE(eq("sip:a@example.com", "sips:a@example.com"));
  // tel: ignores visual separators.
  EXPECT_TRUE(eq("tel:+81-3-1234-5678", "tel:+81.3.1234.5678"));
  EXPECT_FALSE(eq("tel:+81312345678", "tel:+81312345679"));
}

}  // namespace
}  // namespace hk::sip
