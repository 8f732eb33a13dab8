#include <gtest/gtest.h>

#include "b2bua/dialog.hpp"
#include "sip/parser.hpp"

namespace hk::b2bua {
namespace {

sip::Message response(std::string_view record_routes) {
  std::string text =
      "SIP/2.0 180 Ringing\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
      "From: <sip:a@192.0.2.1>;tag=ours\r\n"
      "To: <sip:b@198.51.100.7>;tag=fork2\r\n"
      "Call-ID: x@hankyo\r\n"
      "CSeq: 1 INVITE\r\n" +
      std::string(record_routes) +
      "Contact: <sip:callee@198.51.100.9:5070>\r\n"
      "Content-Length: 0\r\n\r\n";
  auto m = sip::parseMessage(text);
  EXPECT_TRUE(m) << (m ? "" : m.error().message);
  return m ? *m : sip::Message();
}

TEST(RouteSet, UacTakesTheRecordRouteReversed) {
  auto r = response(
      "Record-Route: <sip:p3.example.com;lr>, <sip:p2.example.com;lr>\r\n"
      "Record-Route: <sip:p1.example.com;lr>\r\n");
  auto routes = uacRouteSet(r);
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0], "<sip:p1.example.com;lr>");
  EXPECT_EQ(routes[1], "<sip:p2.example.com;lr>");
  EXPECT_EQ(routes[2], "<sip:p3.example.com;lr>");
  EXPECT_TRUE(uacRouteSet(response("")).empty());
}

TEST(RouteSet, RequestsInTheDialogCarryTheRoutesInOrder) {
  auto r = response("Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>\r\n");
  Dialog d;
  d.call_id = "x@hankyo";
  d.local = "<sip:a@192.0.2.1>;tag=ours";
  d.remote = std::string(r.header(sip::HeaderId::To).value_or(""));
  d.remote_target = contactUri(r, "sip:b@198.51.100.7");
  d.route_set = uacRouteSet(r);
  auto prack = d.request("PRACK", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKp");
  prack.addHeader("RAck", "1 1 INVITE");
  auto parsed = sip::parseMessage(prack.toString());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->requestUriText(), "sip:callee@198.51.100.9:5070");
  auto routes = parsed->headerValues(sip::HeaderId::Route);
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0], "<sip:p1.example.com;lr>");
  EXPECT_EQ(routes[1], "<sip:p2.example.com;lr>");
  EXPECT_EQ(parsed->to()->tag(), "fork2");
  EXPECT_EQ(parsed->cseq()->num, 2u);  // after the INVITE's 1
  EXPECT_EQ(parsed->rack()->rseq, 1u);
}

}  // namespace
}  // namespace hk::b2bua
