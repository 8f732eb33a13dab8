// Retransmitter (2xx until ACK) and makeAckFor2xx.
#include "sip/transaction_2xx.hpp"

#include <gtest/gtest.h>

#include "net_test_util.hpp"

namespace hk::sip::test {
namespace {

TEST(Retransmitter, ResendsWithDoublingIntervalsUntilStopped) {
  EventLoop loop("retx");
  std::vector<std::chrono::steady_clock::time_point> at;
  int timeouts = 0;
  Retransmitter r(
      loop, fastTimers(), [&] { at.push_back(std::chrono::steady_clock::now()); },
      [&] { ++timeouts; });
  auto start = std::chrono::steady_clock::now();
  r.start();
  ASSERT_TRUE(runUntil(loop, [&] { return at.size() == 4; }));
  r.stop();
  EXPECT_FALSE(r.active());
  runFor(loop, 50ms);
  EXPECT_EQ(at.size(), 4u);
  EXPECT_EQ(timeouts, 0);
  EXPECT_EQ(loop.timerCount(), 0u);
  // T1 = 4 ms: at 4, 12, 28, 44 ms at the earliest (8, 16, then capped at T2 = 16).
  EXPECT_GE(at[3] - start, 44ms);
  EXPECT_GE(at[3] - at[2], 16ms);
}

TEST(Retransmitter, ReportsAMissingAckOnceAfter64T1) {
  EventLoop loop("retx");
  size_t resent = 0;
  int timeouts = 0;
  Retransmitter r(
      loop, fastTimers(), [&] { ++resent; }, [&] { ++timeouts; });
  auto start = std::chrono::steady_clock::now();
  r.start();
  ASSERT_TRUE(runUntil(loop, [&] { return timeouts == 1; }));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 256ms);
  EXPECT_FALSE(r.active());
  runFor(loop, 40ms);
  EXPECT_EQ(timeouts, 1);
  EXPECT_EQ(r.resent(), resent);
  EXPECT_GE(resent, 5u);
  EXPECT_LE(resent, 17u);
}

TEST(Retransmitter, DestroyingItCancelsItsTimers) {
  EventLoop loop("retx");
  int calls = 0;
  {
    Retransmitter r(
        loop, fastTimers(), [&] { ++calls; }, [&] { ++calls; });
    r.start();
    EXPECT_EQ(loop.timerCount(), 2u);
  }
  EXPECT_EQ(loop.timerCount(), 0u);
  runFor(loop, 20ms);
  EXPECT_EQ(calls, 0);
}

TEST(AckFor2xx, BuiltFromTheInviteAndTheResponse) {
  Message invite = makeRequest("INVITE", "127.0.0.1:5062", 7, "ack-call");
  invite.addHeader("Route", "<sip:proxy.test;lr>");
  invite.pushVia("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKinv");
  Message ok = makeResponse(invite, 200, {}, "callee");
  ok.addHeader("Contact", "<sip:bob@127.0.0.1:5090;transport=udp>");
  Message ack = makeAckFor2xx(invite, ok);
  EXPECT_EQ(ack.method(), "ACK");
  EXPECT_EQ(ack.requestUriText(), "sip:bob@127.0.0.1:5090;transport=udp");
  EXPECT_EQ(ack.cseq()->num, 7u);
  EXPECT_EQ(ack.cseq()->method, "ACK");
  EXPECT_EQ(ack.to()->tag(), "callee");
  EXPECT_EQ(ack.from()->tag(), "a1");
  EXPECT_EQ(ack.callId().value(), "ack-call");
  EXPECT_EQ(ack.headerValues("Route").size(), 1u);
  EXPECT_EQ(ack.headerCount(HeaderId::Via), 0u);
  EXPECT_EQ(makeAckFor2xx(invite, ok, "sip:elsewhere").requestUriText(), "sip:elsewhere");
}

}  // namespace
}  // namespace hk::sip::test
