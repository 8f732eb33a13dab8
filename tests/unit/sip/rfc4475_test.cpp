// RFC 4475 torture messages (tests/data/sip/rfc4475): §3.1.1 valid ones parse and survive
// serialize -> parse; §3.1.2 invalid ones (plus insuf, multi01 and mcl01 of §3.3) are
// rejected, answered or dropped as the RFC says, or accepted when they are only
// semantically invalid and a later layer rejects them.
#include <gtest/gtest.h>

#include <map>

#include "sip/parser.hpp"
#include "sip_test_util.hpp"

namespace hk::sip {
namespace {

using test::dataDir;
using test::readFile;
using test::sipFiles;

TEST(Rfc4475, ValidMessagesParseAndSurviveARoundTrip) {
  auto files = sipFiles(dataDir() / "rfc4475" / "valid");
  ASSERT_EQ(files.size(), 13u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    std::string data = readFile(f);
    auto msg = parseMessage(data);
    ASSERT_TRUE(msg) << msg.error().message;
    std::string out = msg->toString();
    auto again = parseMessage(out);
    ASSERT_TRUE(again) << again.error().message << "\n" << out;
    EXPECT_EQ(again->isRequest(), msg->isRequest());
    EXPECT_EQ(again->method(), msg->method());
    EXPECT_EQ(again->status(), msg->status());
    EXPECT_EQ(again->reason(), msg->reason());
    EXPECT_EQ(again->callId().value(), msg->callId().value());
    EXPECT_EQ(again->cseq()->num, msg->cseq()->num);
    EXPECT_EQ(again->headers().size(),
              msg->headers().size() + (msg->header(HeaderId::ContentLength) ? 0 : 1));
    EXPECT_EQ(again->body(), msg->body());
    EXPECT_EQ(again->toString(), out) << "serialization is not a fixed point";
  }
}

// What the parser does with each invalid message: status 400/505 = rejected with that
// response, 0 = rejected and dropped, -1 = accepted (only semantically invalid).
struct Expectation {
  int status;
  const char* field;  // header named by the error ("" when accepted)
};

const std::map<std::string, Expectation>& invalidExpectations() {
  static const std::map<std::string, Expectation> kTable = {
      // Via "192.0.2.15;;,;,,": the top Via does not parse, so there is nowhere to send a
      // 400 (the RFC asks for 400 when possible): dropped.
      {"badinv01", {0, "Via"}},
      {"clerr", {400, "Content-Length"}},  // Content-Length beyond the datagram (UDP)
      {"ncl", {400, "Content-Length"}},    // negative Content-Length
      {"scalar02", {400, "CSeq"}},         // CSeq 2**65, Max-Forwards 300
      {"scalarlg", {0, "CSeq"}},           // a response: never answered, dropped
      // To: "Mr. J. User <...> (unterminated quote): To cannot be echoed, dropped.
      {"quotbal", {0, "To"}},
      {"ltgtruri", {400, "Request-URI"}},  // <sip:...> as Request-URI
      {"lwsruri", {400, "start-line"}},    // "sip:user@example.com; lr"
      {"lwsstart", {400, "start-line"}},   // several SP between request-line elements
      {"trws", {400, "start-line"}},       // SP after SIP/2.0
      {"escruri", {400, "Request-URI"}},   // ?Route=... in the Request-URI
      // Date with EST instead of GMT: only semantically invalid. Hankyo never interprets
      // nor forwards Date, which the RFC allows ("ignore the Date header").
      {"baddate", {-1, ""}},
      // Contact URI with '?' outside <>: the message parses; Message::contacts() fails and
      // the registrar answers 400.
      {"regbadct", {-1, ""}},
      // To "< sip:t.watson@example.org >": spaces inside <>, To cannot be parsed: dropped.
      {"badaspec", {0, "To"}},
      // Unquoted display names with commas in From and To: dropped.
      {"baddn", {0, "From"}},
      {"badvers", {505, "start-line"}},  // SIP/7.0
      {"mismatch01", {400, "CSeq"}},     // OPTIONS with CSeq INVITE
      {"mismatch02", {400, "CSeq"}},     // NEWMETHOD with CSeq INVITE
      {"bigcode", {0, "start-line"}},    // status 4294967301
      // No From, To, Call-ID: the RFC would ideally answer 400, but there is nothing to
      // build it from: dropped.
      {"insuf", {0, "From"}},
      {"multi01", {400, "From"}},          // two CSeq, Call-ID, From, To, Max-Forwards
      {"mcl01", {400, "Content-Length"}},  // two Content-Length
  };
  return kTable;
}

TEST(Rfc4475, InvalidMessagesAreRejectedOrFlagged) {
  auto files = sipFiles(dataDir() / "rfc4475" / "invalid");
  ASSERT_EQ(files.size(), invalidExpectations().size());
  for (const auto& f : files) {
    std::string name = f.stem().string();
    SCOPED_TRACE(name);
    auto it = invalidExpectations().find(name);
    ASSERT_NE(it, invalidExpectations().end()) << "no expectation for " << name;
    const Expectation& want = it->second;
    std::string data = readFile(f);
    ParseFailure why;
    auto msg = parseMessage(data, {}, &why);
    if (want.status < 0) {
      ASSERT_TRUE(msg) << msg.error().message;
      continue;
    }
    ASSERT_FALSE(msg) << "accepted";
    EXPECT_EQ(msg.error().field, want.field) << msg.error().message;
    EXPECT_EQ(why.status, want.status) << msg.error().message;
    EXPECT_EQ(why.canRespond(), want.status != 0);
    if (why.canRespond()) {
      EXPECT_FALSE(why.reason.empty());
    }
  }
}

TEST(Rfc4475, SemanticallyInvalidOnesFailInTheirAccessor) {
  auto regbadct = parseMessage(readFile(dataDir() / "rfc4475/invalid/regbadct.sip"));
  ASSERT_TRUE(regbadct);
  auto contacts = regbadct->contacts();
  ASSERT_FALSE(contacts);
  EXPECT_EQ(contacts.error().field, "Contact");

  auto scalar02 = parseMessage(readFile(dataDir() / "rfc4475/invalid/scalar02.sip"));
  ASSERT_FALSE(scalar02);
  // Expires beyond 2**32-1 is taken as 2**32-1 (RFC 3261 §20.19), not an error.
  Message m = Message::request("REGISTER", "sip:example.com");
  m.addHeader("Expires", std::string(100, '9'));
  EXPECT_EQ(m.expires().value(), 0xffffffffu);
}

}  // namespace
}  // namespace hk::sip
