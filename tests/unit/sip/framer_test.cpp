// Framer: messages cut out of a TCP byte stream.
#include "sip/framer.hpp"

#include <gtest/gtest.h>

#include "sip_test_util.hpp"

namespace hk::sip {
namespace {

std::vector<std::string> drain(Framer& f) {
  std::vector<std::string> out;
  while (true) {
    auto next = f.next();
    EXPECT_TRUE(next) << next.error().message;
    if (!next || !*next) return out;
    out.emplace_back(**next);
  }
}

TEST(Framer, SplitsByContentLengthWhateverTheChunks) {
  std::string a = test::dataFile("invite.sip");
  std::string b = test::dataFile("ack.sip");
  std::string stream = "\r\n" + a + b + "\r\n\r\n" + a;
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{100}, stream.size()}) {
    SCOPED_TRACE(chunk);
    Framer f;
    std::vector<std::string> got;
    for (size_t i = 0; i < stream.size(); i += chunk) {
      ASSERT_TRUE(f.feed(std::string_view(stream).substr(i, chunk)));
      for (auto& m : drain(f)) got.push_back(m);
    }
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0], a);
    EXPECT_EQ(got[1], b);
    EXPECT_EQ(got[2], a);
    EXPECT_EQ(f.takePings(), 1u);
    EXPECT_EQ(f.takePings(), 0u);
    EXPECT_EQ(f.buffered(), 0u);
    auto parsed = parseMessage(got[0], f.limits());
    EXPECT_TRUE(parsed) << parsed.error().message;
  }
}

TEST(Framer, WaitsForTheWholeBody) {
  std::string a = test::dataFile("invite.sip");
  Framer f;
  ASSERT_TRUE(f.feed(a.substr(0, a.size() - 1)));
  EXPECT_FALSE(f.next().value());
  ASSERT_TRUE(f.feed(a.substr(a.size() - 1)));
  EXPECT_EQ(f.next().value(), std::optional<std::string_view>(a));
}

TEST(Framer, MissingOrBadContentLengthBreaksTheStream) {
  for (std::string_view header : {"", "Content-Length: x\r\n", "l: 1\r\nContent-Length: 2\r\n"}) {
    Framer f;
    ASSERT_TRUE(
        f.feed("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n" + std::string(header) + "\r\n"));
    EXPECT_FALSE(f.next()) << header;
    EXPECT_FALSE(f.feed("more"));
  }
  Framer compact;
  ASSERT_TRUE(compact.feed("OPTIONS sip:a@b SIP/2.0\r\nl: 2\r\n\r\nok"));
  EXPECT_EQ(compact.next().value(),
            std::optional<std::string_view>("OPTIONS sip:a@b SIP/2.0\r\nl: 2\r\n\r\nok"));
}

TEST(Framer, BufferedBytesAreCapped) {
  Limits limits;
  limits.max_message = 1000;
  Framer endless(limits);
  ASSERT_TRUE(endless.feed("OPTIONS sip:a@b SIP/2.0\r\n"));
  ASSERT_TRUE(endless.feed(std::string(990, 'X')));
  auto r = endless.next();  // header block still open past the message limit
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, hk::Code::TooLarge);

  Framer huge_body(limits);
  ASSERT_TRUE(huge_body.feed("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n"));
  EXPECT_FALSE(huge_body.next());

  Framer flood(limits, 1500);
  EXPECT_TRUE(flood.feed(std::string(1000, '\n')));
  EXPECT_FALSE(flood.feed(std::string(1000, '\n')));
}

}  // namespace
}  // namespace hk::sip
