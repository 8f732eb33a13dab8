// Value parsers of the smaller header families.
#include <gtest/gtest.h>

#include "sip/auth.hpp"
#include "sip/cseq.hpp"
#include "sip/header_names.hpp"
#include "sip/media_type.hpp"
#include "sip/params.hpp"
#include "sip/reason.hpp"
#include "sip/scalars.hpp"
#include "sip/session_timer.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

TEST(HeaderNames, LongCompactAndCanonical) {
  EXPECT_EQ(headerId("via"), HeaderId::Via);
  EXPECT_EQ(headerId("V"), HeaderId::Via);
  EXPECT_EQ(headerId("WWW-AUTHENTICATE"), HeaderId::WWWAuthenticate);
  EXPECT_EQ(headerId("X-Custom"), HeaderId::Unknown);
  EXPECT_EQ(headerId("q"), HeaderId::Unknown);
  EXPECT_EQ(headerId(std::string(100, 'a')), HeaderId::Unknown);
  EXPECT_EQ(canonicalName(HeaderId::CallId), "Call-ID");
  EXPECT_EQ(canonicalName(headerId("p-asserted-identity")), "P-Asserted-Identity");
  const std::pair<char, std::string_view> compact[] = {{'i', "Call-ID"},
                                                       {'m', "Contact"},
                                                       {'e', "Content-Encoding"},
                                                       {'l', "Content-Length"},
                                                       {'c', "Content-Type"},
                                                       {'f', "From"},
                                                       {'s', "Subject"},
                                                       {'k', "Supported"},
                                                       {'t', "To"},
                                                       {'v', "Via"},
                                                       {'o', "Event"},
                                                       {'u', "Allow-Events"},
                                                       {'r', "Refer-To"},
                                                       {'b', "Referred-By"},
                                                       {'x', "Session-Expires"},
                                                       {'y', "Identity"}};
  for (auto [c, name] : compact) {
    EXPECT_EQ(canonicalName(headerId(std::string_view(&c, 1))), name) << c;
  }
}

TEST(CSeqValue, NumbersMethodsAndRange) {
  auto c = parseCSeq(" 0009 \t INVITE ");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->num, 9u);
  EXPECT_EQ(c->method, "INVITE");
  EXPECT_EQ(c->toString(), "9 INVITE");
  EXPECT_EQ(parseCSeq("2147483648 INVITE").error().code, hk::Code::TooLarge);
  EXPECT_EQ(parseCSeq("36893488147419103232 REGISTER").error().code, hk::Code::TooLarge);
  EXPECT_TRUE(parseCSeq("2147483647 INVITE"));
  for (std::string_view bad :
       {"", "INVITE", "1", "1INVITE", "-1 INVITE", "1 IN VITE", "x INVITE"}) {
    EXPECT_FALSE(parseCSeq(bad)) << bad;
  }
  auto r = parseRAck("776656 1 INVITE");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rseq, 776656u);
  EXPECT_EQ(r->cseq, 1u);
  EXPECT_EQ(r->method, "INVITE");
  EXPECT_FALSE(parseRAck("0 1 INVITE"));
  EXPECT_FALSE(parseRAck("1 INVITE"));
}

TEST(Scalars, NumbersTokensAndCallId) {
  EXPECT_EQ(parseDeltaSeconds("3600").value(), 3600u);
  EXPECT_EQ(parseDeltaSeconds("99999999999999").value(), 0xffffffffu);
  EXPECT_FALSE(parseDeltaSeconds("-1"));
  EXPECT_EQ(parseMaxForwards("0068").value(), 68u);
  EXPECT_EQ(parseMaxForwards("300").error().code, hk::Code::TooLarge);
  EXPECT_FALSE(parseMaxForwards("7a"));
  EXPECT_EQ(parseRSeq("1").value(), 1u);
  EXPECT_FALSE(parseRSeq("0"));
  EXPECT_EQ(parseContentLength("12", 100).value(), 12u);
  EXPECT_EQ(parseContentLength("101", 100).error().code, hk::Code::TooLarge);
  EXPECT_TRUE(isValidCallId("a84b4c76e66710@pc33.atlanta.com"));
  EXPECT_TRUE(isValidCallId("no-at-sign"));
  EXPECT_FALSE(isValidCallId("two@at@signs"));
  EXPECT_FALSE(isValidCallId("with space"));
  EXPECT_FALSE(isValidCallId(""));
  EXPECT_EQ(parseTokenList("100rel, timer ,replaces").value(),
            (std::vector<std::string_view>{"100rel", "timer", "replaces"}));
  EXPECT_TRUE(parseTokenList("").value().empty());
  EXPECT_FALSE(parseTokenList("a,,b"));
  EXPECT_FALSE(parseTokenList("a b"));
  EXPECT_EQ(parsePrivacy("id; header").value(), (std::vector<std::string_view>{"id", "header"}));
  EXPECT_FALSE(parsePrivacy("id;;"));
}

TEST(ParamsValue, HeaderAndUriStyles) {
  auto p = Params::parse(" ; a = 1 ;B;c=\"x;y\" ;d=[2001:db8::1]", ParamStyle::Header);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->size(), 4u);
  EXPECT_EQ(p->get("A"), std::optional<std::string_view>("1"));
  EXPECT_EQ(p->get("b"), std::optional<std::string_view>(""));
  EXPECT_EQ(p->get("c"), std::optional<std::string_view>("x;y"));
  EXPECT_EQ(p->get("d"), std::optional<std::string_view>("[2001:db8::1]"));
  EXPECT_FALSE(p->get("e"));
  std::vector<std::string_view> names;
  for (const Param& one : *p) names.push_back(one.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"a", "B", "c", "d"}));
  EXPECT_TRUE(Params::parse(";lr;x=%41", ParamStyle::Uri));
  for (std::string_view bad : {"a=1", ";", ";=1", ";a=", ";a b", ";a=\"open"}) {
    EXPECT_FALSE(Params::parse(bad, ParamStyle::Header)) << bad;
  }
  EXPECT_FALSE(Params::parse("; lr", ParamStyle::Uri));
  // A name given twice would make lookups and URI comparison ambiguous (found by fuzzing).
  EXPECT_FALSE(Params::parse(";a=1;A=2", ParamStyle::Uri));
  EXPECT_FALSE(Params::parse(";tag=1;tag=2", ParamStyle::Header));
  std::string many;
  for (int i = 0; i < 65; ++i) many += ";p" + std::to_string(i);
  EXPECT_FALSE(Params::parse(many, ParamStyle::Uri));
  EXPECT_FALSE(Params::parse(";a=%4", ParamStyle::Uri));
}

TEST(TextHelpers, SplitUnquoteDecode) {
  EXPECT_EQ(splitList(R"(a, "b,\"c", <d,e> , f)"),
            (std::vector<std::string_view>{"a", R"("b,\"c")", "<d,e>", "f"}));
  EXPECT_EQ(firstListItem(" <a,b> , c"), "<a,b>");
  EXPECT_EQ(unquote(R"("a\"b\\c")"), "a\"b\\c");
  EXPECT_EQ(unquote("token"), "token");
  EXPECT_EQ(percentDecode("a%20b%zz%4"), "a b%zz%4");
  EXPECT_EQ(quotedLength(R"("abc" rest)"), 5u);
  EXPECT_EQ(quotedLength("\"abc"), 0u);
  EXPECT_EQ(quotedLength("\"a\nb\""), 0u);
}

TEST(MediaTypeValue, TypeSubtypeParams) {
  auto mt = parseMediaType("Multipart/Mixed ; boundary=\"b1\";charset=utf-8");
  ASSERT_TRUE(mt);
  EXPECT_TRUE(mt->is("multipart", "mixed"));
  EXPECT_EQ(mt->params.get("boundary"), std::optional<std::string_view>("b1"));
  EXPECT_FALSE(parseMediaType("application"));
  EXPECT_FALSE(parseMediaType("application/"));
  EXPECT_FALSE(parseMediaType("a b/c"));
}

TEST(SessionTimerValue, SessionExpiresAndMinSE) {
  auto se = parseSessionExpires("1800;refresher=uac");
  ASSERT_TRUE(se);
  EXPECT_EQ(se->delta, 1800u);
  EXPECT_EQ(se->refresher, "uac");
  EXPECT_FALSE(parseSessionExpires("1800;refresher=me"));
  EXPECT_FALSE(parseSessionExpires("soon"));
  EXPECT_EQ(parseMinSE("90").value().delta, 90u);
}

TEST(ReasonValue, ReasonsAndRetryAfter) {
  auto rs = parseReasons(R"(SIP ;cause=200 ;text="Call completed elsewhere", Q.850;cause=16)");
  ASSERT_TRUE(rs) << rs.error().message;
  ASSERT_EQ(rs->size(), 2u);
  EXPECT_EQ((*rs)[0].protocol, "SIP");
  EXPECT_EQ((*rs)[0].cause, 200u);
  EXPECT_EQ((*rs)[0].textDecoded(), "Call completed elsewhere");
  EXPECT_EQ((*rs)[1].protocol, "Q.850");
  EXPECT_EQ((*rs)[1].cause, 16u);
  EXPECT_FALSE(parseReasons("SIP;cause=x"));

  auto ra = parseRetryAfter("120 (I'm in a (long) meeting) ;duration=3600");
  ASSERT_TRUE(ra) << ra.error().message;
  EXPECT_EQ(ra->delta, 120u);
  EXPECT_EQ(ra->comment, "I'm in a (long) meeting");
  EXPECT_EQ(ra->duration, 3600u);
  EXPECT_EQ(parseRetryAfter("949302838503028349304023988").value().delta, 0xffffffffu);
  EXPECT_FALSE(parseRetryAfter("120 (open"));
  EXPECT_FALSE(parseRetryAfter("later"));
}

TEST(AuthValue, DigestChallengeCredentialsAndOthers) {
  auto ch = parseAuth(
      R"(Digest realm="atlanta.com", nonce="84a4cc6f", qop="auth,auth-int", algorithm=MD5, stale=FALSE)");
  ASSERT_TRUE(ch) << ch.error().message;
  EXPECT_EQ(ch->scheme, "Digest");
  EXPECT_EQ(ch->get("REALM"), std::optional<std::string_view>("atlanta.com"));
  EXPECT_EQ(ch->get("qop"), std::optional<std::string_view>("auth,auth-int"));
  EXPECT_EQ(ch->get("algorithm"), std::optional<std::string_view>("MD5"));
  EXPECT_FALSE(ch->get("opaque"));
  auto odd = parseAuth("NoOneKnowsThisScheme opaque-data=here");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->get("opaque-data"), std::optional<std::string_view>("here"));
  auto bearer = parseAuth("Bearer eyJhbGciOi.eyJzdWIi.sig==");
  ASSERT_TRUE(bearer);
  EXPECT_EQ(bearer->token68, "eyJhbGciOi.eyJzdWIi.sig==");
  EXPECT_FALSE(parseAuth("Digest realm=\"open"));
  EXPECT_FALSE(parseAuth("Digest realm=a b, c"));
}

}  // namespace
}  // namespace hk::sip
