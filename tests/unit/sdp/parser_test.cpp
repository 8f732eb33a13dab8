#include "sdp/parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hk::sdp {
namespace {

const char* kSipPhone =
    "v=0\r\n"
    "o=alice 2890844526 2890844527 IN IP4 192.0.2.10\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.10\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0 8 101\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-15\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

TEST(SdpParse, TypicalPhoneOffer) {
  auto s = parse(kSipPhone);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->origin.username, "alice");
  EXPECT_EQ(s->origin.session_id, "2890844526");
  EXPECT_EQ(s->origin.session_version, 2890844527u);
  EXPECT_EQ(s->origin.address, "192.0.2.10");
  ASSERT_TRUE(s->connection);
  EXPECT_EQ(s->connection->address, "192.0.2.10");
  ASSERT_EQ(s->media.size(), 1u);
  const Media& m = s->media[0];
  EXPECT_EQ(m.type, "audio");
  EXPECT_EQ(m.port, 49170);
  EXPECT_EQ(m.proto, "RTP/AVP");
  EXPECT_EQ(m.formats, (std::vector<std::string>{"0", "8", "101"}));
  ASSERT_EQ(m.rtpmaps.size(), 3u);
  EXPECT_EQ(m.rtpmaps[2].encoding, "telephone-event");
  EXPECT_EQ(m.rtpmaps[2].clock_rate, 8000u);
  ASSERT_EQ(m.fmtps.size(), 1u);
  EXPECT_EQ(m.fmtps[0].format, "101");
  EXPECT_EQ(m.fmtps[0].params, "0-15");
  EXPECT_EQ(m.ptime, 20u);
  EXPECT_EQ(m.direction, Direction::SendRecv);
}

TEST(SdpParse, SerializeGivesTheSameTextBack) {
  auto s = parse(kSipPhone);
  ASSERT_TRUE(s);
  EXPECT_EQ(serialize(*s), kSipPhone);
}

TEST(SdpParse, OddButValidInputs) {
  // LF line ends, no t=, a media-level c= on IPv6, a=rtcp with an address, port count,
  // unknown attributes and an unknown line type, a trailing blank line.
  const char* text =
      "v=0\n"
      "o=- 0 0 IN IP6 2001:db8::1\n"
      "s= \n"
      "i=a call\n"
      "b=AS:64\n"
      "y=0123456789\n"
      "a=group:BUNDLE audio\n"
      "a=ice-lite\n"
      "m=audio 5004/2 RTP/AVPF 96 0\n"
      "c=IN IP6 2001:db8::2\n"
      "a=rtpmap:96 opus/48000/2\n"
      "a=fmtp:96 useinbandfec=1; stereo=0\n"
      "a=rtcp:5009 IN IP6 2001:db8::3\n"
      "a=maxptime:40\n"
      "a=x-custom:value with spaces\n"
      "a=recvonly\n"
      "m=image 0 udptl t38\n"
      "a=T38FaxVersion:0\n"
      "\n";
  auto s = parse(text);
  ASSERT_TRUE(s) << s.error().message << " " << s.error().field;
  EXPECT_EQ(s->origin.addr_type, AddrType::Ip6);
  EXPECT_EQ(s->name, " ");
  EXPECT_EQ(s->info, "a call");
  EXPECT_EQ(s->bandwidths, std::vector<std::string>{"AS:64"});
  ASSERT_EQ(s->timings.size(), 1u);  // missing t= reads as t=0 0
  ASSERT_EQ(s->attributes.size(), 2u);
  EXPECT_EQ(s->attributes[0].value, "BUNDLE audio");
  EXPECT_FALSE(s->attributes[1].value.has_value());
  ASSERT_EQ(s->media.size(), 2u);
  const Media& m = s->media[0];
  EXPECT_EQ(m.port_count, 2);
  ASSERT_TRUE(m.connection);
  EXPECT_EQ(m.connection->addr_type, AddrType::Ip6);
  EXPECT_EQ(m.connection->address, "2001:db8::2");
  EXPECT_EQ(m.rtpmaps[0].params, "2");
  EXPECT_EQ(m.fmtps[0].params, "useinbandfec=1; stereo=0");
  ASSERT_TRUE(m.rtcp);
  EXPECT_EQ(m.rtcp->port, 5009);
  EXPECT_EQ(m.rtcp->connection->address, "2001:db8::3");
  EXPECT_EQ(m.maxptime, 40u);
  EXPECT_EQ(m.attributes[0].name, "x-custom");
  EXPECT_EQ(m.attributes[0].value, "value with spaces");
  EXPECT_EQ(m.direction, Direction::RecvOnly);
  EXPECT_EQ(s->media[1].type, "image");
  EXPECT_EQ(s->media[1].formats, std::vector<std::string>{"t38"});
  // What we write reads back to the same model.
  auto again = parse(serialize(*s));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, *s);
}

TEST(SdpParse, HoldWithZeroAddressAndMulticastSuffix) {
  auto s = parse(
      "v=0\r\no=- 1 2 IN IP4 host.example.com\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 0\r\nc=IN IP4 224.2.1.1/127/3\r\n");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->origin.address, "host.example.com");
  EXPECT_EQ(s->connection->address, "0.0.0.0");
  EXPECT_EQ(s->media[0].connection->address, "224.2.1.1");
  EXPECT_EQ(s->media[0].connection->suffix, "/127/3");
  EXPECT_NE(serialize(*s).find("c=IN IP4 224.2.1.1/127/3\r\n"), std::string::npos);
}

struct Bad {
  const char* name;
  std::string text;
  Code code;
  const char* field;  // "" when the error names no line
};

std::string head(const std::string& rest) {
  return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n" + rest;
}

class SdpParseBad : public testing::TestWithParam<Bad> {};

TEST_P(SdpParseBad, IsRejectedWithAReason) {
  const Bad& b = GetParam();
  auto s = parse(b.text);
  ASSERT_FALSE(s) << b.name;
  EXPECT_EQ(s.error().code, b.code) << b.name << ": " << s.error().message;
  EXPECT_EQ(s.error().field, b.field) << b.name << ": " << s.error().message;
  EXPECT_FALSE(s.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    All, SdpParseBad,
    testing::Values(
        Bad{"empty", "", Code::Invalid, ""},
        Bad{"no v", "o=- 1 1 IN IP4 192.0.2.1\r\n", Code::Invalid, "line 1"},
        Bad{"version 1", "v=1\r\n", Code::Invalid, "line 1"},
        Bad{"no s", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", Code::Invalid, "line 3"},
        Bad{"short o", "v=0\r\no=- 1 IN IP4 192.0.2.1\r\n", Code::Invalid, "line 2"},
        Bad{"o version not a number", "v=0\r\no=- 1 x IN IP4 a\r\n", Code::Invalid, "line 2"},
        Bad{"o version > 64 bits", "v=0\r\no=- 1 99999999999999999999 IN IP4 a\r\n", Code::Invalid,
            "line 2"},
        Bad{"not a line", head("hello\r\n"), Code::Invalid, "line 5"},
        Bad{"upper-case type", head("M=audio 1 RTP/AVP 0\r\n"), Code::Invalid, "line 5"},
        Bad{"NUL byte", head(std::string("a=x\0y\r\n", 7)), Code::Invalid, "line 5"},
        Bad{"second v", head("v=0\r\n"), Code::Invalid, "line 5"},
        Bad{"bad c nettype", head("c=ATM NSAP x\r\n"), Code::Invalid, "line 5"},
        Bad{"bad c addrtype", head("c=IN IP5 1.2.3.4\r\n"), Code::Invalid, "line 5"},
        Bad{"bad IPv4", head("c=IN IP4 1.2.3.4:5\r\n"), Code::Invalid, "line 5"},
        Bad{"bad IPv6", head("c=IN IP6 2001:db8:::1:zz\r\n"), Code::Invalid, "line 5"},
        Bad{"bad multicast suffix", head("c=IN IP4 224.0.0.1/x\r\n"), Code::Invalid, "line 5"},
        Bad{"two session c", head("c=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\n"), Code::Invalid,
            "line 6"},
        Bad{"bad t", head("t=now\r\n"), Code::Invalid, "line 5"},
        Bad{"m without format", head("m=audio 4000 RTP/AVP\r\n"), Code::Invalid, "line 5"},
        Bad{"m port too big", head("m=audio 70000 RTP/AVP 0\r\n"), Code::Invalid, "line 5"},
        Bad{"m pt too big", head("m=audio 4000 RTP/AVP 128\r\n"), Code::Invalid, "line 5"},
        Bad{"m port count 0", head("m=audio 4000/0 RTP/AVP 0\r\n"), Code::Invalid, "line 5"},
        Bad{"rtpmap no rate", head("m=audio 1 RTP/AVP 96\r\na=rtpmap:96 opus\r\n"), Code::Invalid,
            "line 6"},
        Bad{"rtpmap rate 0", head("m=audio 1 RTP/AVP 96\r\na=rtpmap:96 opus/0\r\n"), Code::Invalid,
            "line 6"},
        Bad{"duplicate rtpmap",
            head("m=audio 1 RTP/AVP 96\r\na=rtpmap:96 a/8000\r\na=rtpmap:96 b/8000\r\n"),
            Code::Invalid, "line 7"},
        Bad{"bad ptime", head("m=audio 1 RTP/AVP 0\r\na=ptime:twenty\r\n"), Code::Invalid,
            "line 6"},
        Bad{"bad rtcp", head("m=audio 1 RTP/AVP 0\r\na=rtcp:99999\r\n"), Code::Invalid, "line 6"},
        Bad{"conflicting directions", head("m=audio 1 RTP/AVP 0\r\na=sendonly\r\na=recvonly\r\n"),
            Code::Invalid, "line 7"},
        Bad{"t in media", head("m=audio 1 RTP/AVP 0\r\nt=0 0\r\n"), Code::Invalid, "line 6"},
        Bad{"bad attribute name", head("a=:x\r\n"), Code::Invalid, "line 5"},
        Bad{"too large", head(std::string(17000, 'x')), Code::TooLarge, ""},
        Bad{"line too long", head("a=x:" + std::string(1100, 'y') + "\r\n"), Code::TooLarge,
            "line 5"}),
    [](const testing::TestParamInfo<Bad>& p) {
      std::string n = p.param.name;
      for (char& c : n) {
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return n;
    });

TEST(SdpParse, LimitsOnCounts) {
  std::string many_media = head("");
  for (int i = 0; i < 9; ++i) many_media += "m=audio 1 RTP/AVP 0\r\n";
  auto s = parse(many_media);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::TooLarge);

  std::string many_attrs = head("m=audio 1 RTP/AVP 0\r\n");
  for (int i = 0; i < 65; ++i) many_attrs += "a=x\r\n";
  s = parse(many_attrs);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::TooLarge);

  std::string formats = "m=audio 1 RTP/AVP";
  for (int i = 0; i < 33; ++i) formats += " 0";
  s = parse(head(formats + "\r\n"));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::TooLarge);

  Limits small;
  small.max_lines = 4;
  s = parse(head(""), small);
  EXPECT_TRUE(s) << s.error().message;
  s = parse(head("a=x\r\n"), small);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::TooLarge);
}

}  // namespace
}  // namespace hk::sdp
