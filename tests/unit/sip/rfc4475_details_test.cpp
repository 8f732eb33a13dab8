// What a user of the parser reads out of the RFC 4475 §3.1.1 messages.
#include <gtest/gtest.h>

#include "sip/parser.hpp"
#include "sip/text.hpp"
#include "sip_test_util.hpp"

namespace hk::sip {
namespace {

Message load(const char* name) {
  auto m = parseMessage(test::dataFile(std::string("rfc4475/valid/") + name + ".sip"));
  EXPECT_TRUE(m) << name << ": " << m.error().message;
  return m ? *m : Message();
}

TEST(Rfc4475Valid, WsinvFoldingCompactFormsAndOddSpacing) {
  Message m = load("wsinv");
  EXPECT_EQ(m.method(), "INVITE");
  EXPECT_EQ(m.requestUri()->params.has("unknownparam"), true);
  EXPECT_EQ(m.to()->tag(), "1918181833n");
  EXPECT_EQ(m.to()->uri.user, "vivekg");
  EXPECT_EQ(m.from()->displayName(), "J Rosenberg \\\"");
  EXPECT_EQ(m.from()->tag(), "98asjd8");
  EXPECT_EQ(m.maxForwards().value(), 68u);
  EXPECT_EQ(m.cseq()->num, 9u);
  EXPECT_EQ(m.cseq()->method, "INVITE");
  auto vias = m.vias();
  ASSERT_TRUE(vias) << vias.error().message;
  ASSERT_EQ(vias->size(), 3u);
  EXPECT_EQ((*vias)[0].transport, "UDP");
  EXPECT_EQ((*vias)[0].host, "192.0.2.2");
  EXPECT_EQ((*vias)[0].branch, "390skdjuw");
  EXPECT_EQ((*vias)[1].transport, "TCP");
  EXPECT_EQ((*vias)[1].host, "spindle.example.com");
  EXPECT_EQ((*vias)[1].branch, "z9hG4bK9ikj8");
  EXPECT_EQ((*vias)[2].host, "192.168.255.111");
  EXPECT_EQ((*vias)[2].branch, "z9hG4bK30239");
  EXPECT_EQ(m.header("Subject"), std::optional<std::string_view>(""));
  auto fangled = m.header("newfangledheader");
  ASSERT_TRUE(fangled);
  EXPECT_EQ(fangled->find_first_of("\r\n"), std::string_view::npos);
  EXPECT_EQ(fangled->substr(0, 16), "newfangled value");
  EXPECT_NE(fangled->find("continued newfangled value"), std::string_view::npos);
  EXPECT_EQ(m.header("UnknownHeaderWithUnusualValue"), std::optional<std::string_view>(";;,,;;,;"));
  auto contacts = m.contacts();
  ASSERT_TRUE(contacts) << contacts.error().message;
  ASSERT_EQ(contacts->contacts.size(), 1u);
  const NameAddr& c = contacts->contacts[0];
  EXPECT_EQ(c.displayName(), "Quoted string \"\"");
  EXPECT_EQ(c.params.get("newparam"), std::optional<std::string_view>("newvalue"));
  EXPECT_EQ(c.params.get("secondparam"), std::optional<std::string_view>(""));
  EXPECT_EQ(c.params.get("q"), std::optional<std::string_view>("0.33"));
  auto routes = m.routes();
  ASSERT_TRUE(routes);
  EXPECT_TRUE((*routes)[0].uri.params.has("lr"));
  EXPECT_EQ((*routes)[0].uri.param("unknownwith"), std::optional<std::string_view>("value"));
  EXPECT_TRUE(m.contentType()->is("application", "sdp"));
  EXPECT_EQ(m.body().size(), 150u);
}

TEST(Rfc4475Valid, IntmethWideRangeOfCharacters) {
  Message m = load("intmeth");
  EXPECT_EQ(m.method(), "!interesting-Method0123456789_*+`.%indeed'~");
  auto ruri = m.requestUri();
  ASSERT_TRUE(ruri) << ruri.error().message;
  EXPECT_EQ(ruri->user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  EXPECT_EQ(ruri->password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  EXPECT_EQ(ruri->host, "example.com");
  EXPECT_EQ(m.topVia()->branch, "z9hG4bK-.!%66*_+`'~");
  std::string to_name = m.to()->displayName();
  EXPECT_EQ(to_name, std::string("BEL:\x07 NUL:\0 DEL:\x7f", 17));
  auto from = m.from();
  ASSERT_TRUE(from) << from.error().message;
  EXPECT_EQ(from->display, "token1~` token2'+_ token3*%!.-");
  EXPECT_EQ(from->tag(), "_token~1'+`*%!-.");
  EXPECT_EQ(from->params.get("fromParam''~+*_!.-%"), std::optional<std::string_view>("работающий"));
  EXPECT_EQ(m.callId().value(), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  EXPECT_EQ(m.cseq()->method, m.method());
  EXPECT_EQ(m.maxForwards().value(), 255u);
  EXPECT_EQ(m.header("extensionHeader-!.%*+_`'~"),
            std::optional<std::string_view>("\xEF\xBB\xBF大停電"));
}

TEST(Rfc4475Valid, EscapesAreDecodedWhereTheyAreEscapes) {
  Message esc01 = load("esc01");
  EXPECT_EQ(esc01.requestUri()->userDecoded(), "sips:user@example.com");
  EXPECT_EQ(esc01.to()->uri.userDecoded(), "user");
  EXPECT_TRUE(uriEquals(esc01.to()->uri, parseUri("sip:user@example.com").value()));
  EXPECT_EQ(esc01.from()->uri.userDecoded(), "I have spaces");
  auto contact = esc01.contacts()->contacts.at(0).uri;
  EXPECT_TRUE(
      uriEquals(contact, parseUri("sip:caller@host5.example.net;lr;name=value%41").value()));

  Message escnull = load("escnull");
  EXPECT_EQ(escnull.to()->uri.userDecoded(), std::string("null-\0-null", 11));
  auto contacts = escnull.contacts();
  ASSERT_TRUE(contacts);
  ASSERT_EQ(contacts->contacts.size(), 2u);
  EXPECT_EQ(contacts->contacts[0].uri.userDecoded(), std::string(1, '\0'));
  EXPECT_EQ(contacts->contacts[1].uri.userDecoded(), std::string(2, '\0'));

  // % is not an escape in a method, a display name, a branch or a header name.
  Message esc02 = load("esc02");
  EXPECT_EQ(esc02.method(), "RE%47IST%45R");
  EXPECT_EQ(esc02.to()->displayName(), "%Z%45");
  EXPECT_EQ(esc02.topVia()->branch, "z9hG4bK209%fzsnel234");
  EXPECT_EQ(esc02.contacts()->contacts.size(), 2u);
  EXPECT_TRUE(esc02.header("C%6Fntact"));
}

TEST(Rfc4475Valid, OtherValidOddities) {
  EXPECT_EQ(load("lwsdisp").from()->displayName(), "caller");

  Message longreq = load("longreq");
  EXPECT_EQ(longreq.vias()->size(), 34u);
  EXPECT_EQ(longreq.to()->uri.port, 6000);
  EXPECT_EQ(longreq.from()->tag().size(), 155u);
  EXPECT_EQ(longreq.vias()->back().received, "192.0.2.5");

  Message dblreq = load("dblreq");  // Content-Length 0: the trailing INVITE is ignored
  EXPECT_EQ(dblreq.method(), "REGISTER");
  EXPECT_TRUE(dblreq.body().empty());

  Message semiuri = load("semiuri");
  EXPECT_EQ(semiuri.requestUri()->userDecoded(), "user;par=u@example.net");
  EXPECT_EQ(semiuri.requestUri()->host, "example.com");
  EXPECT_EQ(semiuri.headerValues("Accept").size(), 6u);

  Message transports_msg = load("transports");  // views below point into it
  auto vias = transports_msg.vias();
  ASSERT_TRUE(vias);
  std::vector<std::string_view> transports;
  for (const Via& v : *vias) transports.push_back(v.transport);
  EXPECT_EQ(transports, (std::vector<std::string_view>{"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"}));

  Message mpart = load("mpart01");
  EXPECT_EQ(mpart.body().size(), 553u);
  EXPECT_NE(mpart.body().find('\0'), std::string_view::npos);
  EXPECT_EQ(mpart.contentType()->params.get("boundary"),
            std::optional<std::string_view>("7a9cbec02ceef655"));
  EXPECT_TRUE(mpart.topVia()->rport);

  Message unreason = load("unreason");
  EXPECT_EQ(unreason.status(), 200);
  EXPECT_EQ(unreason.reason(), "= 2**3 * 5**2 но сто девяносто девять - простое");

  Message noreason = load("noreason");
  EXPECT_EQ(noreason.status(), 100);
  EXPECT_EQ(noreason.reason(), "");
}

}  // namespace
}  // namespace hk::sip
