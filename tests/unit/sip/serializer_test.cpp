// Serialization round trips, Content-Length recomputation and the response builder.
#include <gtest/gtest.h>

#include "sip/parser.hpp"
#include "sip/response.hpp"
#include "sip_test_util.hpp"

namespace hk::sip {
namespace {

TEST(Serializer, EveryDataFileRoundTrips) {
  auto files = test::sipFiles(test::dataDir());
  ASSERT_GE(files.size(), 20u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    std::string data = test::readFile(f);
    auto m = parseMessage(data);
    ASSERT_TRUE(m) << m.error().message;
    std::string out = m->toString();
    auto again = parseMessage(out);
    ASSERT_TRUE(again) << again.error().message;
    ASSERT_EQ(again->headers().size(), m->headers().size());
    for (size_t i = 0; i < m->headers().size(); ++i) {
      EXPECT_EQ(again->headers()[i].name, m->headers()[i].name);
      EXPECT_EQ(again->headers()[i].value, m->headers()[i].value);
    }
    EXPECT_EQ(again->body(), m->body());
    // Files written in canonical form (long names) come back byte for byte.
    if (f.filename() != "invite_compact.sip") {
      EXPECT_EQ(out, data);
    }
  }
}

TEST(Serializer, CompactNamesExpandAndFoldingIsFlattened) {
  std::string in = test::crlf(
      "INVITE sip:a@b SIP/2.0\nv: SIP/2.0/UDP h;branch=z9hG4bK1\nt: <sip:a@b>\n"
      "f: <sip:c@d>;tag=1\ni: x\nCSeq: 1\n INVITE\nl: 3\n\nabcdef");
  auto m = parseMessage(in);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->toString(), test::crlf("INVITE sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                                      "To: <sip:a@b>\nFrom: <sip:c@d>;tag=1\nCall-ID: x\n"
                                      "CSeq: 1   INVITE\nContent-Length: 3\n\nabc"));
}

TEST(Serializer, ContentLengthIsRecomputedOnceInPlace) {
  Message m = Message::response(200, "OK");
  m.addHeader("Via", "SIP/2.0/UDP h;branch=z9hG4bK1");
  m.addHeader("Content-Length", "999");
  m.addHeader("Content-Length", "7");
  m.addHeader("Contact", "<sip:x@y>");
  std::string text = m.toString();
  EXPECT_EQ(text, test::crlf("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                             "Content-Length: 0\nContact: <sip:x@y>\n\n"));
  Message bare = Message::request("OPTIONS", "sip:a@b");
  bare.setBody("xyz");
  bare.removeHeader("Content-Length");
  EXPECT_EQ(bare.toString(), test::crlf("OPTIONS sip:a@b SIP/2.0\nContent-Length: 3\n\nxyz"));
}

TEST(ResponseBuilder, CopiesTheDialogHeadersAndAddsATag) {
  auto req = parseMessage(test::dataFile("invite.sip"));
  ASSERT_TRUE(req);
  Message resp = makeResponse(*req, 404, {}, "srv-tag");
  EXPECT_TRUE(resp.isResponse());
  EXPECT_EQ(resp.status(), 404);
  EXPECT_EQ(resp.reason(), "Not Found");
  EXPECT_EQ(resp.topVia()->branch, req->topVia()->branch);
  EXPECT_EQ(resp.from()->tag(), "1928301774");
  EXPECT_EQ(resp.to()->tag(), "srv-tag");
  EXPECT_EQ(resp.callId().value(), req->callId().value());
  EXPECT_EQ(resp.cseq()->num, 314159u);
  EXPECT_EQ(resp.cseq()->method, "INVITE");
  EXPECT_TRUE(resp.body().empty());
  EXPECT_FALSE(resp.header("Contact"));
  // What goes on the wire parses back.
  auto wire = parseMessage(resp.toString());
  ASSERT_TRUE(wire) << wire.error().message;
  EXPECT_EQ(wire->contentLength().value(), 0u);
}

TEST(ResponseBuilder, TryingHasNoTagAndKeepsTimestamp) {
  auto req = parseMessage(test::dataFile("invite.sip"));
  ASSERT_TRUE(req);
  Message with_ts = *req;
  with_ts.addHeader("Timestamp", "54");
  Message trying = makeResponse(with_ts, 100, {}, "t");
  EXPECT_EQ(trying.reason(), "Trying");
  EXPECT_EQ(trying.to()->tag(), "");
  EXPECT_EQ(trying.header("Timestamp"), std::optional<std::string_view>("54"));
}

TEST(ResponseBuilder, ExistingTagIsKeptAndAllViasCopied) {
  auto req = parseMessage(test::dataFile("bye.sip"));
  ASSERT_TRUE(req);
  Message with_two_vias = *req;
  with_two_vias.pushVia("SIP/2.0/UDP proxy.example.net;branch=z9hG4bKp");
  Message ok = makeResponse(with_two_vias, 200, "Fine", "other");
  EXPECT_EQ(ok.reason(), "Fine");
  EXPECT_EQ(ok.to()->tag(), "1928301774");
  EXPECT_EQ(ok.vias()->size(), 2u);
  EXPECT_EQ(ok.topVia()->branch, "z9hG4bKp");
}

TEST(ResponseBuilder, BadRequestFromAParseFailure) {
  std::string bad = test::dataFile("invite.sip");
  bad.replace(bad.find("CSeq: 314159 INVITE"), 19, "CSeq: 314159 BYE   ");
  ParseFailure why;
  ASSERT_FALSE(parseMessage(bad, {}, &why));
  ASSERT_TRUE(why.canRespond());
  Message resp = makeResponse(*why.request, why.status, why.reason, "t1");
  auto wire = parseMessage(resp.toString());
  ASSERT_TRUE(wire) << wire.error().message;
  EXPECT_EQ(wire->status(), 400);
  EXPECT_EQ(wire->reason(), why.reason);
  EXPECT_EQ(wire->callId().value(), "a84b4c76e66710@203.0.113.5");
}

TEST(ResponseBuilder, DefaultReasons) {
  EXPECT_EQ(defaultReason(180), "Ringing");
  EXPECT_EQ(defaultReason(503), "Service Unavailable");
  EXPECT_EQ(defaultReason(299), "Unknown");
}

}  // namespace
}  // namespace hk::sip
