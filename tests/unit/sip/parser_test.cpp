// parseMessage: start lines, header lines (folding, compact and repeated headers),
// Content-Length, limits, mandatory headers and the 400-or-drop decision.
#include "sip/parser.hpp"

#include <gtest/gtest.h>

#include "sip_test_util.hpp"

namespace hk::sip {
namespace {

using test::crlf;

std::string options(std::string_view extra = "", std::string_view body = "") {
  return crlf(
             "OPTIONS sip:user@example.com SIP/2.0\n"
             "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK1\n"
             "To: <sip:user@example.com>\n"
             "From: <sip:caller@example.net>;tag=1\n"
             "Call-ID: abc@host\n"
             "CSeq: 1 OPTIONS\n"
             "Max-Forwards: 70\n") +
         crlf(extra) + "\r\n" + std::string(body);
}

TEST(ParserStartLine, RequestAndResponse) {
  auto req = parseMessage(options());
  ASSERT_TRUE(req) << req.error().message;
  EXPECT_TRUE(req->isRequest());
  EXPECT_EQ(req->method(), "OPTIONS");
  EXPECT_EQ(req->requestUriText(), "sip:user@example.com");

  auto resp = parseMessage(
      crlf("SIP/2.0 486 Busy Here\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nTo: <sip:a@b>;tag=2\n"
           "From: <sip:c@d>;tag=1\nCall-ID: x\nCSeq: 1 INVITE\nContent-Length: 0\n\n"));
  ASSERT_TRUE(resp) << resp.error().message;
  EXPECT_TRUE(resp->isResponse());
  EXPECT_EQ(resp->status(), 486);
  EXPECT_EQ(resp->reason(), "Busy Here");
}

TEST(ParserStartLine, LeadingCrlfAndBareLfAreTolerated) {
  std::string msg = options();
  auto m = parseMessage("\r\n\r\n" + msg);
  ASSERT_TRUE(m) << m.error().message;
  std::string lf_only;
  for (char c : msg) {
    if (c != '\r') lf_only.push_back(c);
  }
  EXPECT_TRUE(parseMessage(lf_only));
}

TEST(ParserStartLine, GarbageIsDroppedSilently) {
  for (std::string_view junk : {"", "\r\n", "hello", "GET / HTTP/1.1\r\n\r\n", "\x16\x03\x01",
                                "SIP/2.0 99 Too Small\r\n\r\n", "SIP/3.0 200 OK\r\n\r\n"}) {
    ParseFailure why;
    auto m = parseMessage(junk, {}, &why);
    EXPECT_FALSE(m) << junk;
    EXPECT_FALSE(why.canRespond()) << junk;
  }
}

TEST(ParserHeaders, CompactFormsAndCaseInsensitiveNames) {
  auto m = parseMessage(
      crlf("INVITE sip:a@b SIP/2.0\nv: SIP/2.0/UDP h;branch=z9hG4bK1\nt: <sip:a@b>\n"
           "F: <sip:c@d>;tag=1\ni: cid\nCSEQ: 1 INVITE\nm: <sip:c@h>\nk: timer\nx: 90\n"
           "c: application/sdp\ne: gzip\ns: hi\no: refer\nu: talk\nr: <sip:x@y>\nb: <sip:z@y>\n"
           "y: abc\nl: 0\n\n"));
  ASSERT_TRUE(m) << m.error().message;
  std::vector<std::string_view> names;
  for (const Header& h : m->headers()) names.push_back(h.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{
                       "Via", "To", "From", "Call-ID", "CSeq", "Contact", "Supported",
                       "Session-Expires", "Content-Type", "Content-Encoding", "Subject", "Event",
                       "Allow-Events", "Refer-To", "Referred-By", "Identity", "Content-Length"}));
  EXPECT_EQ(m->header("call-id"), std::optional<std::string_view>("cid"));
  EXPECT_EQ(m->header("I"), std::optional<std::string_view>("cid"));
  EXPECT_EQ(m->sessionExpires()->delta, 90u);
}

TEST(ParserHeaders, FoldedLinesAreJoined) {
  auto m = parseMessage(options("Subject: first\n  second\n\tthird\nX-Long:\n value\n"));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->header("Subject"), std::optional<std::string_view>("first    second  \tthird"));
  EXPECT_EQ(m->header("X-Long"), std::optional<std::string_view>("value"));
}

TEST(ParserHeaders, RepeatedAndCommaSeparatedValuesKeepTheirOrder) {
  auto m =
      parseMessage(options("Route: <sip:p1;lr>, <sip:p2;lr>\nRoute: <sip:p3;lr>\n"
                           "Supported: timer, 100rel\nSupported: replaces\n"
                           "Contact: \"Doe, John\" <sip:j@h>;q=0.5, <sip:k,l@h;a=b>\n"));
  ASSERT_TRUE(m) << m.error().message;
  auto routes = m->routes();
  ASSERT_TRUE(routes);
  ASSERT_EQ(routes->size(), 3u);
  EXPECT_EQ((*routes)[2].uri.host, "p3");
  EXPECT_EQ(m->supported().value(), (std::vector<std::string_view>{"timer", "100rel", "replaces"}));
  auto contacts = m->contacts();
  ASSERT_TRUE(contacts) << contacts.error().message;
  ASSERT_EQ(contacts->contacts.size(), 2u);
  EXPECT_EQ(contacts->contacts[0].displayName(), "Doe, John");
  EXPECT_EQ(m->headerValues("Contact").size(), 2u);
  EXPECT_EQ(m->headerValues("Route").size(), 3u);
}

TEST(ParserHeaders, UnknownHeadersAreOpaqueAndNotSplit) {
  auto m = parseMessage(options("X-Thing: a, b, \"c\"\nX-Thing: d\n"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->headerValues("x-thing"), (std::vector<std::string_view>{"a, b, \"c\"", "d"}));
}

TEST(ParserBody, UdpContentLengthRules) {
  auto longer = parseMessage(options("Content-Length: 4\n", "bodyEXTRA"));
  ASSERT_TRUE(longer) << longer.error().message;
  EXPECT_EQ(longer->body(), "body");  // cut to Content-Length

  auto missing = parseMessage(options("", "whole rest"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->body(), "whole rest");

  ParseFailure why;
  auto shorter = parseMessage(options("Content-Length: 40\n", "short"), {}, &why);
  ASSERT_FALSE(shorter);
  EXPECT_EQ(shorter.error().field, "Content-Length");
  EXPECT_EQ(why.status, 400);

  for (std::string_view bad :
       {"Content-Length: -1\n", "Content-Length: 1x\n", "Content-Length: 99999999999999999999999\n",
        "Content-Length: 1\nContent-Length: 1\n"}) {
    auto m = parseMessage(options(bad, "b"), {}, &why);
    EXPECT_FALSE(m) << bad;
    EXPECT_EQ(why.status, 400) << bad;
  }
}

TEST(ParserBody, StreamNeedsAnExactContentLength) {
  Limits stream;
  stream.stream = true;
  EXPECT_TRUE(parseMessage(options("Content-Length: 4\n", "body"), stream));
  EXPECT_FALSE(parseMessage(options("", "body"), stream));
  EXPECT_FALSE(parseMessage(options("Content-Length: 2\n", "body"), stream));
}

TEST(ParserLimits, OversizeInputIsDroppedWithoutAnswer) {
  Limits small;
  small.max_message = 300;
  ParseFailure why;
  auto big = parseMessage(options("", std::string(400, 'x')), small, &why);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, hk::Code::TooLarge);
  EXPECT_FALSE(why.canRespond());

  std::string many;
  for (int i = 0; i < 300; ++i) many += "X-H: " + std::to_string(i) + "\n";
  auto crowded = parseMessage(options(many), {}, &why);
  ASSERT_FALSE(crowded);
  EXPECT_EQ(crowded.error().code, hk::Code::TooLarge);
  EXPECT_FALSE(why.canRespond());

  Limits short_lines;
  short_lines.max_header_line = 100;
  auto folded = parseMessage(
      options("X-Long: a\n" + std::string(20, ' ') + "b\n" + std::string(90, ' ') + "c\n"),
      short_lines, &why);
  ASSERT_FALSE(folded);
  EXPECT_EQ(folded.error().code, hk::Code::TooLarge);
}

TEST(ParserMandatory, MissingHeadersAreNamed) {
  auto m =
      parseMessage(crlf("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                        "CSeq: 1 OPTIONS\n\n"));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "missing From, To, Call-ID");
  EXPECT_EQ(m.error().field, "From");
}

TEST(ParserMandatory, MaxForwardsMayBeMissing) {
  auto m =
      parseMessage(crlf("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                        "To: <sip:a@b>\nFrom: <sip:c@d>;tag=1\nCall-ID: x\nCSeq: 1 OPTIONS\n\n"));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->maxForwards().error().code, hk::Code::NotFound);
}

TEST(ParserMandatory, AnswerableFailuresCarryTheRequestAndAReason) {
  ParseFailure why;
  auto m = parseMessage(options("Content-Type: application/sdp\n", "").replace(0, 7, "INVITE "), {},
                        &why);
  ASSERT_FALSE(m);  // CSeq says OPTIONS
  ASSERT_TRUE(why.canRespond());
  EXPECT_EQ(why.status, 400);
  EXPECT_NE(why.reason.find("Bad Request"), std::string::npos);
  EXPECT_EQ(why.request->callId().value(), "abc@host");
  EXPECT_EQ(why.request->topVia()->branch, "z9hG4bK1");
}

TEST(ParserMandatory, BrokenViaOrFromMeansDrop) {
  ParseFailure why;
  std::string bad_via = options();
  bad_via.replace(bad_via.find("SIP/2.0/UDP"), 11, "SIP/2.0/UDP;");
  EXPECT_FALSE(parseMessage(bad_via, {}, &why));
  EXPECT_FALSE(why.canRespond());

  std::string bad_from = options();
  bad_from.replace(bad_from.find("<sip:caller"), 1, "\"");
  EXPECT_FALSE(parseMessage(bad_from, {}, &why));
  EXPECT_FALSE(why.canRespond());
}

TEST(ParserMandatory, BadHeaderLinesAreAnsweredWhenTheRestParses) {
  ParseFailure why;
  auto m = parseMessage(options("this line has no colon\n"), {}, &why);
  ASSERT_FALSE(m);
  EXPECT_EQ(why.status, 400);
  auto folded_first = parseMessage(
      crlf("OPTIONS sip:a@b SIP/2.0\n continuation\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n\n"), {},
      &why);
  EXPECT_FALSE(folded_first);
  auto bare_cr = parseMessage(options("X-A: a\rb\n"), {}, &why);
  EXPECT_FALSE(bare_cr);
  EXPECT_EQ(why.status, 400);
}

TEST(ParserMandatory, AMalformedAckIsDroppedNotAnswered) {
  // The same defect is answered 400 on an OPTIONS, never on an ACK (RFC 3261 §17.2.1).
  auto asAck = [](std::string m) {
    m.replace(0, 8, "ACK ");
    m.replace(m.find("CSeq: 1 OPTIONS"), 15, "CSeq: 1 ACK");
    return m;
  };
  ASSERT_TRUE(parseMessage(asAck(options())));
  ParseFailure why;
  EXPECT_FALSE(parseMessage(options("this line has no colon\n"), {}, &why));
  EXPECT_TRUE(why.canRespond());
  EXPECT_FALSE(parseMessage(asAck(options("this line has no colon\n")), {}, &why));
  EXPECT_FALSE(why.canRespond());
  EXPECT_EQ(why.status, 0);
}

TEST(ParserMandatory, ResponsesAreNeverAnswered) {
  ParseFailure why;
  auto m = parseMessage(crlf("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n\n"), {}, &why);
  ASSERT_FALSE(m);
  EXPECT_FALSE(why.canRespond());
}

}  // namespace
}  // namespace hk::sip
