#include "sip/reliable.hpp"

#include <gtest/gtest.h>

#include "sip/parser.hpp"

namespace hk::sip {
namespace {

using std::chrono::milliseconds;

Message parse(std::string text) {
  auto m = parseMessage(text);
  EXPECT_TRUE(m) << (m ? "" : m.error().message);
  return m ? *m : Message();
}

Message invite(std::string_view extra) {
  std::string text =
      "INVITE sip:0500@hankyo SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK1\r\n"
      "From: <sip:caller@192.0.2.9>;tag=a\r\n"
      "To: <sip:0500@hankyo>\r\n"
      "Call-ID: c1\r\n"
      "CSeq: 314 INVITE\r\n" +
      std::string(extra) + "Content-Length: 0\r\n\r\n";
  return parse(text);
}

Message provisional(int status, std::string_view extra, std::string_view body = {}) {
  std::string text = "SIP/2.0 " + std::to_string(status) +
                     " Ringing\r\n"
                     "Via: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK1\r\n"
                     "From: <sip:caller@192.0.2.9>;tag=a\r\n"
                     "To: <sip:0500@hankyo>;tag=b\r\n"
                     "Call-ID: c1\r\n"
                     "CSeq: 314 INVITE\r\n" +
                     std::string(extra) + "Content-Length: " + std::to_string(body.size()) +
                     "\r\n\r\n" + std::string(body);
  return parse(text);
}

RAck rack(uint32_t rseq, uint32_t cseq, std::string_view method = "INVITE") {
  return RAck{rseq, cseq, method};
}

TEST(Reliable, SupportedOrRequiredHundredRel) {
  EXPECT_TRUE(supports100rel(invite("Supported: timer, 100rel\r\n")));
  EXPECT_FALSE(requires100rel(invite("Supported: 100rel\r\n")));
  EXPECT_TRUE(supports100rel(invite("Require: 100rel\r\n")));
  EXPECT_TRUE(requires100rel(invite("Require: 100rel\r\n")));
  EXPECT_FALSE(supports100rel(invite("Supported: timer\r\n")));
  EXPECT_FALSE(supports100rel(invite("")));
}

TEST(Reliable, UnsupportedOptionsNameOnlyTheUnknownOnesOnce) {
  std::vector<std::string_view> ours{k100rel};
  EXPECT_TRUE(unsupportedOptions(invite("Require: 100rel\r\n"), ours).empty());
  EXPECT_TRUE(unsupportedOptions(invite(""), ours).empty());
  auto u = unsupportedOptions(invite("Require: 100rel, precondition\r\nRequire: precondition\r\n"),
                              ours);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0], "precondition");
  EXPECT_EQ(unsupportedOptions(invite("Require: 100rel\r\n"), {}).size(), 1u);
}

TEST(Reliable, ReliableRSeqNeedsRequireAndAValidRSeq) {
  EXPECT_EQ(reliableRSeq(provisional(180, "Require: 100rel\r\nRSeq: 7\r\n")), 7u);
  EXPECT_EQ(reliableRSeq(provisional(183, "Require: 100rel\r\nRSeq: 2147483647\r\n")), 2147483647u);
  // RSeq alone, Require alone, a bad RSeq, a zero RSeq: unreliable.
  EXPECT_FALSE(reliableRSeq(provisional(180, "RSeq: 7\r\n")));
  EXPECT_FALSE(reliableRSeq(provisional(180, "Require: 100rel\r\n")));
  EXPECT_FALSE(reliableRSeq(provisional(180, "Require: 100rel\r\nRSeq: x1\r\n")));
  EXPECT_FALSE(reliableRSeq(provisional(180, "Require: 100rel\r\nRSeq: 0\r\n")));
  EXPECT_FALSE(reliableRSeq(provisional(180, "Require: 100rel\r\nRSeq: 2147483648\r\n")));
  // 100 Trying is never reliable.
  EXPECT_FALSE(reliableRSeq(provisional(100, "Require: 100rel\r\nRSeq: 7\r\n")));
}

TEST(Reliable, RAckValueParsesBack) {
  std::string v = rackValue(776656, CSeq{1, "INVITE"});
  EXPECT_EQ(v, "776656 1 INVITE");
  auto r = parseRAck(v);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rseq, 776656u);
  EXPECT_EQ(r->cseq, 1u);
  EXPECT_EQ(r->method, "INVITE");
  EXPECT_FALSE(parseRAck("0 1 INVITE"));
  EXPECT_FALSE(parseRAck("1 INVITE"));
  EXPECT_FALSE(parseRAck("a 1 INVITE"));
}

TEST(Reliable, ProvisionalsGoOutOneAtATimeWithConsecutiveRSeq) {
  ReliableProvisionals q(41);  // first RSeq 42
  auto p180 = provisional(180, "");
  EXPECT_EQ(q.push(p180), ReliableProvisionals::Push::SendNow);
  ASSERT_NE(q.inFlight(), nullptr);
  EXPECT_EQ(reliableRSeq(*q.inFlight()), 42u);
  EXPECT_TRUE(requires100rel(*q.inFlight()));
  EXPECT_EQ(q.inFlight()->headerCount(HeaderId::RSeq), 1u);
  // A second one waits for the first one's PRACK.
  EXPECT_EQ(q.push(provisional(183, "", "v=0\r\n")), ReliableProvisionals::Push::Waiting);
  EXPECT_EQ(reliableRSeq(*q.inFlight()), 42u);
  EXPECT_FALSE(q.idle());
  // A PRACK for the waiting one, for another INVITE, or another method matches nothing.
  EXPECT_FALSE(q.acknowledge(rack(43, 314), 314));
  EXPECT_FALSE(q.acknowledge(rack(42, 315), 314));
  EXPECT_FALSE(q.acknowledge(rack(42, 314, "BYE"), 314));
  EXPECT_TRUE(q.acknowledge(rack(42, 314), 314));
  ASSERT_NE(q.inFlight(), nullptr);
  EXPECT_EQ(q.inFlight()->status(), 183);
  EXPECT_EQ(reliableRSeq(*q.inFlight()), 43u);
  // The same PRACK again no longer matches (481).
  EXPECT_FALSE(q.acknowledge(rack(42, 314), 314));
  EXPECT_TRUE(q.acknowledge(rack(43, 314), 314));
  EXPECT_EQ(q.inFlight(), nullptr);
  EXPECT_TRUE(q.idle());
}

TEST(Reliable, TheSameProvisionalTwiceIsSentOnce) {
  ReliableProvisionals q(0);
  EXPECT_EQ(q.push(provisional(180, "")), ReliableProvisionals::Push::SendNow);
  EXPECT_TRUE(q.acknowledge(rack(1, 314), 314));
  // Another fork rings: the caller already knows.
  EXPECT_EQ(q.push(provisional(180, "")), ReliableProvisionals::Push::Duplicate);
  EXPECT_TRUE(q.idle());
  EXPECT_EQ(q.push(provisional(183, "", "v=0\r\n")), ReliableProvisionals::Push::SendNow);
  EXPECT_EQ(reliableRSeq(*q.inFlight()), 2u);
}

TEST(Reliable, AFloodOfProvisionalsIsBounded) {
  ReliableProvisionals q(0);
  EXPECT_EQ(q.push(provisional(180, "")), ReliableProvisionals::Push::SendNow);
  for (size_t i = 0; i < ReliableProvisionals::kMaxWaiting; ++i) {
    std::string body = "v=" + std::to_string(i) + "\r\n";
    EXPECT_EQ(q.push(provisional(183, "", body)), ReliableProvisionals::Push::Waiting);
  }
  EXPECT_EQ(q.push(provisional(183, "", "v=x\r\n")), ReliableProvisionals::Push::Full);
  q.clear();
  EXPECT_TRUE(q.idle());
  EXPECT_EQ(q.inFlight(), nullptr);
}

TEST(Reliable, FirstRSeqStaysInRangeWithRoomToCount) {
  EXPECT_EQ(ReliableProvisionals(0).nextRSeq(), 1u);
  EXPECT_GE(ReliableProvisionals(0xffffffffu).nextRSeq(), 1u);
  EXPECT_LE(ReliableProvisionals(0xffffffffu).nextRSeq(), 1u << 30);
}

TEST(Reliable, ResendIntervalDoublesFromT1WithoutT2Cap) {
  milliseconds t1{500};
  EXPECT_EQ(reliableResendInterval(t1, 1), milliseconds(500));
  EXPECT_EQ(reliableResendInterval(t1, 2), milliseconds(1000));
  EXPECT_EQ(reliableResendInterval(t1, 4), milliseconds(4000));
  EXPECT_EQ(reliableResendInterval(t1, 5), milliseconds(8000));  // beyond T2 = 4 s
  EXPECT_EQ(reliableGiveUp(t1), milliseconds(32000));
  // The sends fit in the give-up window: 1 + 2 + ... + 32 = 63 T1.
  milliseconds total{0};
  for (size_t sent = 1; sent <= 6; ++sent) total += reliableResendInterval(t1, sent);
  EXPECT_LT(total, reliableGiveUp(t1));
}

TEST(Reliable, PrackTrackerAcceptsOnlyTheNextInOrder) {
  PrackTracker t;
  EXPECT_EQ(t.onReliable(1000), PrackTracker::Verdict::New);  // any first RSeq
  EXPECT_EQ(t.onReliable(1000), PrackTracker::Verdict::Retransmission);
  EXPECT_EQ(t.onReliable(1002), PrackTracker::Verdict::OutOfOrder);
  EXPECT_EQ(t.onReliable(1001), PrackTracker::Verdict::New);
  EXPECT_EQ(t.onReliable(999), PrackTracker::Verdict::Retransmission);
  EXPECT_EQ(t.last(), 1001u);
}

TEST(Reliable, GlareBackoffFollowsRfc3261Section14) {
  milliseconds t1{500};
  // The Call-ID's owner: 2.1 to 4 s in 10 ms steps.
  EXPECT_EQ(glareBackoff(true, 0, t1), milliseconds(2100));
  EXPECT_EQ(glareBackoff(true, 190, t1), milliseconds(4000));
  EXPECT_EQ(glareBackoff(true, 191, t1), milliseconds(2100));
  EXPECT_EQ(glareBackoff(true, 5, t1), milliseconds(2150));
  // The other side: 0 to 2 s.
  EXPECT_EQ(glareBackoff(false, 0, t1), milliseconds(0));
  EXPECT_EQ(glareBackoff(false, 200, t1), milliseconds(2000));
  EXPECT_EQ(glareBackoff(false, 201, t1), milliseconds(0));
  EXPECT_EQ(glareBackoff(false, 37, t1), milliseconds(370));
  for (uint32_t r : {0u, 1u, 77u, 123456789u, 0xffffffffu}) {
    auto owner = glareBackoff(true, r, t1);
    auto other = glareBackoff(false, r, t1);
    EXPECT_GE(owner, milliseconds(2100));
    EXPECT_LE(owner, milliseconds(4000));
    EXPECT_EQ(owner.count() % 10, 0);
    EXPECT_LE(other, milliseconds(2000));
    EXPECT_EQ(other.count() % 10, 0);
  }
}

TEST(Reliable, GlareBackoffScalesWithAShortT1) {
  milliseconds t1{100};  // the SIPp cases' timers: everything five times shorter
  EXPECT_EQ(glareBackoff(true, 0, t1), milliseconds(420));
  EXPECT_EQ(glareBackoff(true, 190, t1), milliseconds(800));
  EXPECT_EQ(glareBackoff(false, 200, t1), milliseconds(400));
}

}  // namespace
}  // namespace hk::sip
