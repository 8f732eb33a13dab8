// Message accessors on typical traffic, and the mutators a B2BUA uses.
#include <gtest/gtest.h>

#include "sip/parser.hpp"
#include "sip_test_util.hpp"

namespace hk::sip {
namespace {

Message load(const char* name) {
  auto m = parseMessage(test::dataFile(std::string(name) + ".sip"));
  EXPECT_TRUE(m) << name << ": " << m.error().message;
  return m ? *m : Message();
}

TEST(MessageAccessors, TypicalInvite) {
  Message m = load("invite");
  EXPECT_EQ(m.callId().value(), "a84b4c76e66710@203.0.113.5");
  EXPECT_EQ(m.cseq()->num, 314159u);
  EXPECT_EQ(m.from()->displayName(), "Caller One");
  EXPECT_EQ(m.from()->uri.user, "0312345678");
  EXPECT_EQ(m.to()->tag(), "");
  EXPECT_EQ(m.topVia()->rport, true);
  EXPECT_EQ(m.maxForwards().value(), 70u);
  EXPECT_EQ(m.supported().value(), (std::vector<std::string_view>{"100rel", "timer", "replaces"}));
  EXPECT_EQ(m.tokens(HeaderId::Allow)->size(), 8u);
  EXPECT_EQ(m.sessionExpires()->refresher, "uac");
  EXPECT_EQ(m.minSE()->delta, 90u);
  auto pai = m.pAssertedIdentity();
  ASSERT_TRUE(pai);
  ASSERT_EQ(pai->size(), 2u);
  EXPECT_EQ((*pai)[1].uri.scheme, Scheme::Tel);
  EXPECT_EQ(m.privacy().value(), (std::vector<std::string_view>{"none"}));
  EXPECT_TRUE(m.contentType()->is("application", "sdp"));
  EXPECT_EQ(m.contentLength().value(), m.body().size());
  EXPECT_EQ(m.body().substr(0, 4), "v=0\r");
  EXPECT_EQ(m.require().error().code, hk::Code::NotFound);
  EXPECT_EQ(m.rseq().error().code, hk::Code::NotFound);
  EXPECT_EQ(m.rseq().error().field, "RSeq");
}

TEST(MessageAccessors, ReliableProvisionalsAndPrack) {
  Message p183 = load("progress_183");
  EXPECT_EQ(p183.require().value(), (std::vector<std::string_view>{"100rel"}));
  EXPECT_EQ(p183.rseq().value(), 1u);
  Message prack = load("prack");
  EXPECT_EQ(prack.rack()->rseq, 1u);
  EXPECT_EQ(prack.rack()->cseq, 314159u);
  EXPECT_EQ(prack.rack()->method, "INVITE");
}

TEST(MessageAccessors, RegisterContactsAndStar) {
  Message reg = load("register");
  auto contacts = reg.contacts();
  ASSERT_TRUE(contacts);
  EXPECT_FALSE(contacts->star);
  ASSERT_EQ(contacts->contacts.size(), 2u);
  EXPECT_EQ(contacts->contacts[0].params.get("q"), std::optional<std::string_view>("0.7"));
  EXPECT_EQ(contacts->contacts[1].params.get("expires"), std::optional<std::string_view>("60"));
  EXPECT_EQ(reg.expires().value(), 3600u);
  Message star = load("register_star");
  EXPECT_TRUE(star.contacts()->star);
  EXPECT_TRUE(star.contacts()->contacts.empty());
  star.addHeader("Contact", "<sip:x@y>");
  EXPECT_FALSE(star.contacts());
}

TEST(MessageAccessors, IPv6RecordRouteAndPrivacy) {
  Message m = load("invite_ipv6");
  EXPECT_EQ(m.requestUri()->host, "[2001:db8::10]");
  EXPECT_EQ(m.topVia()->host, "[2001:db8::5]");
  EXPECT_EQ(m.topVia()->received, "2001:db8::5");
  EXPECT_EQ(m.topVia()->rport_value, 5062);
  auto rr = m.recordRoutes();
  ASSERT_TRUE(rr);
  ASSERT_EQ(rr->size(), 2u);
  EXPECT_EQ((*rr)[0].uri.host, "[2001:db8::1]");
  EXPECT_EQ(m.privacy().value(), (std::vector<std::string_view>{"id", "header"}));
  EXPECT_EQ(m.pAssertedIdentity()->at(0).uri.param("user"),
            std::optional<std::string_view>("phone"));
}

TEST(MessageAccessors, AuthReasonRetryAfter) {
  Message challenge = load("unauthorized_401");
  auto www = challenge.auth(HeaderId::WWWAuthenticate);
  ASSERT_TRUE(www) << www.error().message;
  ASSERT_EQ(www->size(), 1u);
  EXPECT_EQ((*www)[0].get("nonce"),
            std::optional<std::string_view>("ea9c8e88df84f1cec4341ae6cbe5a359"));
  EXPECT_EQ((*www)[0].get("opaque"), std::optional<std::string_view>(""));
  Message invite = load("invite_auth");
  auto creds = invite.auth(HeaderId::ProxyAuthorization);
  ASSERT_TRUE(creds) << creds.error().message;
  EXPECT_EQ((*creds)[0].get("uri"),
            std::optional<std::string_view>("sip:0312345678@trunk.example.org"));
  EXPECT_EQ((*creds)[0].get("nc"), std::optional<std::string_view>("00000001"));
  Message bye = load("bye");
  EXPECT_EQ(bye.reasons()->at(0).cause, 16u);
  Message busy = load("unavailable_503");
  EXPECT_EQ(busy.retryAfter()->delta, 120u);
  EXPECT_EQ(busy.retryAfter()->duration, 3600u);
  EXPECT_EQ(busy.retryAfter()->comment, "maintenance");
}

TEST(MessageAccessors, TelAndSipsUris) {
  Message m = load("invite_tel");
  EXPECT_EQ(m.requestUri()->scheme, Scheme::Tel);
  EXPECT_EQ(m.to()->uri.phoneContext(), "+81");
  EXPECT_EQ(m.topVia()->transport, "TLS");
  EXPECT_EQ(m.contacts()->contacts.at(0).uri.scheme, Scheme::Sips);
}

TEST(MessageMutators, SetRemoveInsertAndPushVia) {
  Message m = load("invite");
  m.setHeader("max-forwards", "69");
  EXPECT_EQ(m.maxForwards().value(), 69u);
  EXPECT_EQ(m.headerCount(HeaderId::MaxForwards), 1u);

  m.addHeader("X-Trn", "abc");
  m.addHeader("x-trn", "def");
  m.setHeader("X-TRN", "only");
  EXPECT_EQ(m.headerValues("X-Trn"), (std::vector<std::string_view>{"only"}));
  EXPECT_EQ(m.removeHeader("x-trn"), 1u);
  EXPECT_FALSE(m.header("X-Trn"));

  m.pushVia("SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bKnew");
  auto vias = m.vias();
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 2u);
  EXPECT_EQ((*vias)[0].branch, "z9hG4bKnew");
  EXPECT_EQ((*vias)[1].branch, "z9hG4bK776asdhds");

  m.insertHeader(0, "Route", "<sip:proxy.example.net;lr>");
  EXPECT_EQ(m.headers().front().name, "Route");
  EXPECT_EQ(m.removeHeader("Route"), 1u);

  m.setRequestLine("INVITE", "sip:0501234567@10.0.0.7:5080");
  EXPECT_EQ(m.requestUri()->port, 5080);
}

TEST(MessageMutators, ValuesCannotInjectHeaders) {
  Message m = Message::request("OPTIONS", "sip:a@b");
  m.addHeader("Subject", "hello\r\nVia: SIP/2.0/UDP evil");
  m.addHeader("Bad Name:", "x");
  std::string text = m.toString();
  EXPECT_EQ(text.find("\r\nVia:"), std::string::npos);
  EXPECT_NE(text.find("Subject: hello  Via: SIP/2.0/UDP evil\r\n"), std::string::npos);
  EXPECT_NE(text.find("Bad-Name-: x\r\n"), std::string::npos);
}

TEST(MessageMutators, CopiesShareTextAndStayValid) {
  Message copy;
  {
    Message original = load("invite");
    copy = original;
    original.setHeader("Call-ID", "changed");
  }
  EXPECT_EQ(copy.callId().value(), "a84b4c76e66710@203.0.113.5");
  EXPECT_EQ(copy.from()->displayName(), "Caller One");
}

TEST(MessageMutators, SetBodyUpdatesLengthAndType) {
  Message m = Message::request("MESSAGE", "sip:a@b");
  m.setBody("hello", "text/plain");
  EXPECT_EQ(m.body(), "hello");
  EXPECT_EQ(m.contentLength().value(), 5u);
  EXPECT_TRUE(m.contentType()->is("text", "plain"));
  m.setBody("");
  EXPECT_EQ(m.contentLength().value(), 0u);
}

}  // namespace
}  // namespace hk::sip
