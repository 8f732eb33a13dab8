#include "b2bua/dialog.hpp"

#include <gtest/gtest.h>

#include "sip/parser.hpp"

namespace hk::b2bua {
namespace {

Dialog calleeDialog() {
  Dialog d;
  d.call_id = "abc@hankyo";
  d.local = "<sip:09012345678@192.0.2.1>;tag=ours";
  d.remote = "<sip:0311110200@198.51.100.7:5060>;tag=theirs";
  d.remote_target = "sip:callee@198.51.100.7:5062";
  d.local_cseq = 1;
  return d;
}

TEST(Dialog, ByeGoesToTheContactWithTheNextCSeqAndBothTags) {
  Dialog d = calleeDialog();
  auto bye = d.request("BYE", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKx");
  auto parsed = sip::parseMessage(bye.toString());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->method(), "BYE");
  EXPECT_EQ(parsed->requestUriText(), "sip:callee@198.51.100.7:5062");
  EXPECT_EQ(parsed->cseq()->num, 2u);
  EXPECT_EQ(parsed->cseq()->method, "BYE");
  EXPECT_EQ(parsed->from()->tag(), "ours");
  EXPECT_EQ(parsed->to()->tag(), "theirs");
  EXPECT_EQ(*parsed->callId(), "abc@hankyo");
  EXPECT_EQ(*parsed->maxForwards(), 70u);
  EXPECT_EQ(d.local_cseq, 2u);
}

TEST(Dialog, AckKeepsTheInvitesCSeq) {
  Dialog d = calleeDialog();
  auto ack = d.request("ACK", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKy", 1);
  auto parsed = sip::parseMessage(ack.toString());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->cseq()->num, 1u);
  EXPECT_EQ(parsed->cseq()->method, "ACK");
  EXPECT_EQ(d.local_cseq, 1u);
}

TEST(Dialog, BranchesAreRfc3261AndDistinct) {
  auto a = newBranch(), b = newBranch();
  EXPECT_EQ(a.rfind("z9hG4bK", 0), 0u);
  EXPECT_NE(a, b);
}

TEST(Dialog, ContactUriFallsBackWhenThereIsNone) {
  auto with = sip::parseMessage(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\n"
      "To: <sip:b@h>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n"
      "Contact: <sip:callee@198.51.100.7:5062;transport=tcp>\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(with);
  EXPECT_EQ(contactUri(*with, "sip:x@y"), "sip:callee@198.51.100.7:5062;transport=tcp");
  auto without = sip::parseMessage(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\n"
      "To: <sip:b@h>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(without);
  EXPECT_EQ(contactUri(*without, "sip:x@y"), "sip:x@y");
}

}  // namespace
}  // namespace hk::b2bua
