// sip::TransactionLayer between two nodes (or a node and a raw peer) on loopback, with
// timers shortened to a few ms. Every test ends with no live transaction on either side.
#include "sip/transaction.hpp"

#include <gtest/gtest.h>

#include "net_test_util.hpp"
#include "sip/transaction_2xx.hpp"

namespace hk::sip::test {
namespace {

struct Outcome {
  std::vector<int> statuses;
  std::vector<Message> responses;
  std::vector<hk::Error> failures;
  ClientCallbacks callbacks() {
    return {[this](const Message& r) {
              statuses.push_back(r.status());
              responses.push_back(r);
            },
            [this](const hk::Error& e) { failures.push_back(e); }};
  }
  bool has(int status) const {
    return std::find(statuses.begin(), statuses.end(), status) != statuses.end();
  }
};

class TransactionTest : public ::testing::Test {
 protected:
  void TearDown() override {
    EXPECT_TRUE(runUntil(loop, [&] { return a.layer->count() == 0 && b.layer->count() == 0; }))
        << "live transactions: a=" << a.layer->count() << " b=" << b.layer->count();
  }
  std::string bAddr() const { return "127.0.0.1:" + std::to_string(b.udp.port); }

  EventLoop loop{"test"};
  Node a{loop};
  Node b{loop};
};

TEST_F(TransactionTest, UdpRequestAndResponse) {
  b.tu.on_request = [](ServerTransaction& t, const Message&) {
    EXPECT_TRUE(t.respond(200, {}, "b1"));
  };
  Outcome out;
  auto txn = a.layer->sendRequest(makeRequest("OPTIONS", bAddr()), b.udpTarget(), out.callbacks());
  ASSERT_TRUE(txn) << txn.error().message;
  ASSERT_TRUE(runUntil(loop, [&] { return out.has(200); }));
  ASSERT_EQ(b.tu.requests.size(), 1u);
  auto via = b.tu.requests[0].msg.topVia();
  EXPECT_EQ(via->branch, txn->branch());
  EXPECT_TRUE(via->hasRfc3261Branch());
  EXPECT_EQ(b.tu.requests[0].msg.maxForwards().value(), 70u);
  EXPECT_EQ(out.responses[0].to()->tag(), "b1");
  EXPECT_TRUE(out.failures.empty());
  EXPECT_EQ(b.layer->stats().live_server, 1u);  // waits for retransmissions (timer J)
}

TEST_F(TransactionTest, InviteProvisionalThen2xxAndTheAckGoesToTheTu) {
  std::unique_ptr<Retransmitter> retx;
  b.tu.on_request = [&](ServerTransaction& t, const Message&) {
    EXPECT_TRUE(t.respond(180, {}, "b2"));
    Message ok = makeResponse(*t.request(), 200, {}, "b2");
    ok.addHeader("Contact", "<sip:bob@" + b.udp.sentBy() + ">");
    EXPECT_TRUE(t.respond(ok));
    Source src = *t.source();
    retx = std::make_unique<Retransmitter>(
        loop, fastTimers(), [&, ok, src] { b.layer->sendResponse(ok, src); }, [] {});
    retx->start();
  };
  b.tu.on_ack = [&](const Message&) { retx->stop(); };
  Outcome out;
  auto txn = a.layer->sendRequest(makeRequest("INVITE", bAddr()), b.udpTarget(), out.callbacks());
  ASSERT_TRUE(txn);
  ASSERT_TRUE(runUntil(loop, [&] { return out.has(200); }));
  EXPECT_EQ(out.statuses.front(), 100);  // Trying at once
  EXPECT_TRUE(out.has(180));
  ASSERT_EQ(b.tu.requests.size(), 1u);
  EXPECT_EQ(b.tu.requests[0].txn.lastStatus(), 200);

  // The TU ACKs the 2xx itself, with a new branch, to the Contact.
  const Message& ok = out.responses.back();
  Message ack = makeAckFor2xx(*txn->request(), ok);
  EXPECT_EQ(ack.requestUriText(), "sip:bob@" + b.udp.sentBy());
  ASSERT_TRUE(a.layer->sendStateless(ack, b.udpTarget()));
  ASSERT_TRUE(runUntil(loop, [&] { return b.tu.acks.size() == 1; }));
  EXPECT_EQ(b.tu.acks[0].cseq()->method, "ACK");
  EXPECT_NE(b.tu.acks[0].topVia()->branch, txn->branch());
  EXPECT_EQ(b.tu.acks[0].to()->tag(), "b2");
  EXPECT_FALSE(retx->active());
  EXPECT_TRUE(out.failures.empty());
}

TEST_F(TransactionTest, Invite2xxRetransmissionsReachTheTuUntilAcked) {
  // The UAS keeps sending its 200 until the ACK: the UAC's TU sees each copy while the
  // client transaction is in the accepted state (and ACKs each one).
  std::unique_ptr<Retransmitter> retx;
  b.tu.on_request = [&](ServerTransaction& t, const Message&) {
    Message ok = makeResponse(*t.request(), 200, {}, "b3");
    EXPECT_TRUE(t.respond(ok));
    Source src = *t.source();
    retx = std::make_unique<Retransmitter>(
        loop, fastTimers(), [&, ok, src] { b.layer->sendResponse(ok, src); }, [] {});
    retx->start();
  };
  b.tu.on_ack = [&](const Message&) { retx->stop(); };
  Outcome out;
  auto txn = a.layer->sendRequest(makeRequest("INVITE", bAddr()), b.udpTarget(), out.callbacks());
  ASSERT_TRUE(txn);
  ASSERT_TRUE(runUntil(
      loop, [&] { return std::count(out.statuses.begin(), out.statuses.end(), 200) >= 3; }));
  ASSERT_TRUE(
      a.layer->sendStateless(makeAckFor2xx(*txn->request(), out.responses.back()), b.udpTarget()));
  ASSERT_TRUE(runUntil(loop, [&] { return !retx->active(); }));
  EXPECT_GE(retx->resent(), 2u);
}

TEST_F(TransactionTest, Invite486IsAckedByTheTransactionAndRetransmissionsAbsorbed) {
  RawUdp uas;
  Outcome out;
  Target to{TransportKind::Udp, "127.0.0.1", uas.port(), {}};
  auto txn = a.layer->sendRequest(makeRequest("INVITE", "127.0.0.1"), to, out.callbacks());
  ASSERT_TRUE(txn);
  auto invite = uas.receive(loop);
  ASSERT_TRUE(invite);
  Message busy = makeResponse(*invite, 486, {}, "u1");
  uas.sendTo(a.udp.port, busy.toString());
  uas.sendTo(a.udp.port, busy.toString());  // the UAS retransmits it
  std::vector<Message> acks;
  ASSERT_TRUE(runUntil(loop, [&] {
    auto m = uas.tryReceive();
    if (m) {
      auto p = parseMessage(*m);
      if (p && p->method() == "ACK") acks.push_back(*p);
    }
    return acks.size() == 2;
  }));
  EXPECT_EQ(std::count(out.statuses.begin(), out.statuses.end(), 486), 1);
  const Message& ack = acks[0];
  EXPECT_EQ(ack.requestUriText(), invite->requestUriText());
  EXPECT_EQ(ack.topVia()->branch, invite->topVia()->branch);  // same transaction
  EXPECT_EQ(ack.cseq()->num, invite->cseq()->num);
  EXPECT_EQ(ack.to()->tag(), "u1");
  EXPECT_EQ(a.layer->stats().absorbed, 1u);
}

TEST_F(TransactionTest, ServerAbsorbsRetransmittedInviteAndReplays100) {
  RawUdp uac;
  std::string invite = rawRequest(
      "INVITE", "SIP/2.0/UDP 127.0.0.1:" + std::to_string(uac.port()) + ";branch=z9hG4bKri");
  uac.sendTo(b.udp.port, invite);
  auto trying = uac.receive(loop);
  ASSERT_TRUE(trying);
  EXPECT_EQ(trying->status(), 100);
  uac.sendTo(b.udp.port, invite);
  auto again = uac.receive(loop);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status(), 100);
  EXPECT_EQ(b.tu.requests.size(), 1u);  // the TU saw it once
  EXPECT_EQ(b.layer->stats().absorbed, 1u);

  // A final non-2xx is retransmitted (timer G) until the ACK, which the TU never sees.
  ASSERT_TRUE(b.tu.requests[0].txn.respond(486, {}, "bb"));
  auto first = uac.receive(loop);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status(), 486);
  auto second = uac.receive(loop);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status(), 486);
  EXPECT_EQ(b.tu.requests[0].txn.respond(200).error().code, hk::Code::Conflict)
      << "a second final response is refused";
  std::string ack = rawRequest(
      "ACK", "SIP/2.0/UDP 127.0.0.1:" + std::to_string(uac.port()) + ";branch=z9hG4bKri");
  uac.sendTo(b.udp.port, ack);
  ASSERT_TRUE(runUntil(loop, [&] { return b.layer->count() == 0; }));
  EXPECT_TRUE(b.tu.acks.empty());
  EXPECT_TRUE(b.tu.failures.empty());
}

TEST_F(TransactionTest, TimerBAndTimerFAreReportedOnceAfterRetransmissions) {
  RawUdp silent;
  Target to{TransportKind::Udp, "127.0.0.1", silent.port(), {}};
  Outcome invite;
  Outcome options;
  ASSERT_TRUE(
      a.layer->sendRequest(makeRequest("INVITE", "127.0.0.1", 1, "tb"), to, invite.callbacks()));
  ASSERT_TRUE(
      a.layer->sendRequest(makeRequest("OPTIONS", "127.0.0.1", 1, "tf"), to, options.callbacks()));
  std::vector<Message> seen = silent.collect(loop, 400ms);  // past 64*T1 = 256 ms
  ASSERT_EQ(invite.failures.size(), 1u);
  EXPECT_EQ(invite.failures[0].code, hk::Code::Timeout);
  EXPECT_EQ(invite.failures[0].message, "timer B");
  ASSERT_EQ(options.failures.size(), 1u);
  EXPECT_EQ(options.failures[0].message, "timer F");
  size_t invites = 0;
  size_t optionses = 0;
  for (const Message& m : seen) {
    invites += m.method() == "INVITE" ? 1 : 0;
    optionses += m.method() == "OPTIONS" ? 1 : 0;
  }
  EXPECT_GE(invites, 4u);    // 0, 4, 12, 28, 60, 124 ms...
  EXPECT_LE(invites, 8u);    // doubling, not every T1
  EXPECT_GE(optionses, 6u);  // capped at T2 = 16 ms
  EXPECT_GT(a.layer->stats().retransmissions, 0u);
  EXPECT_EQ(a.layer->count(), 0u);
}

TEST_F(TransactionTest, ARingingInviteOutlivesTimerBUntilCancelledThenEndsOn64T1) {
  RawUdp peer;
  Target to{TransportKind::Udp, "127.0.0.1", peer.port(), {}};
  Outcome out;
  auto txn =
      a.layer->sendRequest(makeRequest("INVITE", "127.0.0.1", 1, "ring"), to, out.callbacks());
  ASSERT_TRUE(txn);
  auto invite = peer.receive(loop);
  ASSERT_TRUE(invite);
  peer.sendTo(a.udp.port, makeResponse(*invite, 180, {}, "r1").toString());
  // Ringing for longer than 64*T1 (256 ms here): not a timeout, and no retransmission.
  std::vector<Message> seen = peer.collect(loop, 400ms);
  EXPECT_TRUE(out.has(180));
  EXPECT_TRUE(out.failures.empty()) << out.failures[0].message;
  for (const Message& m : seen) EXPECT_NE(m.method(), "INVITE");
  EXPECT_EQ(a.layer->count(), 1u);
  // Cancelled, and the peer never sends the 487: the INVITE ends 64*T1 after the CANCEL.
  ASSERT_TRUE(txn->cancel());
  seen = peer.collect(loop, 400ms);
  bool cancelled = false;
  for (const Message& m : seen) cancelled = cancelled || m.method() == "CANCEL";
  EXPECT_TRUE(cancelled);
  ASSERT_EQ(out.failures.size(), 1u);
  EXPECT_EQ(out.failures[0].message, "timer B");
}

TEST_F(TransactionTest, NonInviteOverTcpIsNotRetransmitted) {
  Outcome out;
  ASSERT_TRUE(
      a.layer->sendRequest(makeRequest("OPTIONS", bAddr()), b.tcpTarget(), out.callbacks()));
  ASSERT_TRUE(runUntil(loop, [&] { return !out.failures.empty(); }));
  EXPECT_EQ(out.failures[0].message, "timer F");
  EXPECT_EQ(b.transport.stats().messages_in, 1u);
  EXPECT_EQ(a.layer->stats().retransmissions, 0u);
  ASSERT_EQ(b.tu.requests.size(), 1u);
  EXPECT_EQ(b.tu.requests[0].msg.topVia()->transport, "TCP");
  // The late answer goes back over the connection and finds no transaction at a.
  ASSERT_TRUE(b.tu.requests[0].txn.respond(200));
  ASSERT_TRUE(runUntil(loop, [&] { return a.tu.strays.size() == 1; }));
}

TEST_F(TransactionTest, InviteOverTcpWithFinalResponse) {
  b.tu.on_request = [](ServerTransaction& t, const Message&) {
    EXPECT_TRUE(t.respond(603, {}, "t"));
  };
  Outcome out;
  ASSERT_TRUE(a.layer->sendRequest(makeRequest("INVITE", bAddr()), b.tcpTarget(), out.callbacks()));
  ASSERT_TRUE(runUntil(loop, [&] { return out.has(603); }));
  // The ACK travels over the same connection and ends b's transaction (timer I = 0).
  ASSERT_TRUE(runUntil(loop, [&] { return b.layer->count() == 0; }));
  EXPECT_EQ(a.transport.connectionCount(), 1u);
  EXPECT_EQ(b.transport.stats().tcp_accepted, 1u);
  EXPECT_EQ(a.layer->stats().retransmissions + b.layer->stats().retransmissions, 0u);
}

TEST_F(TransactionTest, CancelBeforeAProvisionalWaitsForOne) {
  RawUdp uas;
  Outcome out;
  Target to{TransportKind::Udp, "127.0.0.1", uas.port(), {}};
  TimerConfig slow = fastTimers();
  slow.t1 = 200ms;  // no INVITE retransmission gets in the way
  Node c(loop, slow);
  auto txn = c.layer->sendRequest(makeRequest("INVITE", "127.0.0.1"), to, out.callbacks());
  ASSERT_TRUE(txn);
  auto invite = uas.receive(loop);
  ASSERT_TRUE(invite);
  ASSERT_TRUE(txn->cancel("SIP;cause=487"));
  runFor(loop, 20ms);
  EXPECT_FALSE(uas.tryReceive()) << "no CANCEL before a provisional response";

  uas.sendTo(c.udp.port, makeResponse(*invite, 180, {}, "u2").toString());
  auto cancel = uas.receive(loop);
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->method(), "CANCEL");
  EXPECT_EQ(cancel->topVia()->branch, invite->topVia()->branch);
  EXPECT_EQ(cancel->cseq()->num, invite->cseq()->num);
  EXPECT_EQ(cancel->cseq()->method, "CANCEL");
  EXPECT_EQ(cancel->requestUriText(), invite->requestUriText());
  EXPECT_EQ(cancel->header("Reason").value_or(""), "SIP;cause=487");
  EXPECT_TRUE(cancel->to()->tag().empty());

  uas.sendTo(c.udp.port, makeResponse(*cancel, 200, {}, "u2").toString());
  uas.sendTo(c.udp.port, makeResponse(*invite, 487, {}, "u2").toString());
  auto ack = uas.receive(loop);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->method(), "ACK");
  ASSERT_TRUE(runUntil(loop, [&] { return out.has(487); }));
  EXPECT_FALSE(txn->cancel()) << "completed or gone";
  ASSERT_TRUE(runUntil(loop, [&] { return c.layer->count() == 0; }));
}

TEST_F(TransactionTest, CancelAfterAProvisionalGets487AndTheTuIsTold) {
  b.tu.on_request = [](ServerTransaction& t, const Message&) {
    EXPECT_TRUE(t.respond(180, {}, "b4"));
  };
  Outcome out;
  ClientTransaction txn;
  ClientCallbacks cb = out.callbacks();
  auto record = cb.on_response;
  cb.on_response = [&, record](const Message& r) {
    record(r);
    if (r.status() == 180) {
      EXPECT_TRUE(txn.cancel());
    }
  };
  txn = a.layer->sendRequest(makeRequest("INVITE", bAddr()), b.udpTarget(), cb).value();
  ASSERT_TRUE(runUntil(loop, [&] { return out.has(487); }));
  ASSERT_EQ(b.tu.cancels.size(), 1u);
  EXPECT_EQ(b.tu.cancels[0].msg.method(), "CANCEL");
  EXPECT_EQ(b.tu.cancels[0].txn.lastStatus(), 487);
  EXPECT_EQ(out.responses.back().to()->tag(), "b4");  // the tag of the provisional
  EXPECT_FALSE(b.tu.requests[0].txn.respond(200)) << "too late to answer";
  EXPECT_EQ(b.tu.requests.size(), 1u);  // the CANCEL is not a new request for the TU
}

TEST_F(TransactionTest, CancelCrossingA200) {
  ServerTransaction uas;
  b.tu.on_request = [&](ServerTransaction& t, const Message&) {
    uas = t;
    EXPECT_TRUE(t.respond(180, {}, "b5"));
  };
  Outcome out;
  ClientTransaction txn;
  ClientCallbacks cb = out.callbacks();
  auto record = cb.on_response;
  cb.on_response = [&, record](const Message& r) {
    record(r);
    if (r.status() == 180) {
      EXPECT_TRUE(txn.cancel());                // the CANCEL leaves...
      EXPECT_TRUE(uas.respond(200, {}, "b5"));  // ...while the callee answers
    }
  };
  txn = a.layer->sendRequest(makeRequest("INVITE", bAddr()), b.udpTarget(), cb).value();
  ASSERT_TRUE(runUntil(loop, [&] { return out.has(200); }));
  runFor(loop, 30ms);
  EXPECT_FALSE(out.has(487));
  EXPECT_TRUE(b.tu.cancels.empty());
  EXPECT_EQ(uas.lastStatus(), 200);
  // The caller's TU got the 2xx and must ACK it (then hang up with BYE).
  ASSERT_TRUE(
      a.layer->sendStateless(makeAckFor2xx(*txn.request(), out.responses.back()), b.udpTarget()));
  ASSERT_TRUE(runUntil(loop, [&] { return b.tu.acks.size() == 1; }));
}

TEST_F(TransactionTest, CancelMatchingNothingGets481) {
  RawUdp uac;
  std::string via = "SIP/2.0/UDP 127.0.0.1:" + std::to_string(uac.port()) + ";branch=z9hG4bKnone";
  uac.sendTo(b.udp.port, rawRequest("CANCEL", via));
  auto resp = uac.receive(loop);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->status(), 481);
  EXPECT_TRUE(b.tu.requests.empty());
}

TEST_F(TransactionTest, StrayAckAndResponseGoToTheTu) {
  RawUdp peer;
  std::string via = "SIP/2.0/UDP 127.0.0.1:" + std::to_string(peer.port()) + ";branch=z9hG4bKst";
  peer.sendTo(b.udp.port, rawRequest("ACK", via));
  Message resp = Message::response(200, "OK");
  resp.addHeader("Via", via);
  resp.addHeader("From", "<sip:carol@test>;tag=c1");
  resp.addHeader("To", "<sip:bob@test>;tag=x");
  resp.addHeader("Call-ID", "raw-1");
  resp.addHeader("CSeq", "1 INVITE");
  resp.setBody({});
  peer.sendTo(b.udp.port, resp.toString());
  ASSERT_TRUE(runUntil(loop, [&] { return b.tu.acks.size() == 1 && b.tu.strays.size() == 1; }));
  EXPECT_EQ(b.layer->stats().stray_acks, 1u);
  EXPECT_EQ(b.layer->stats().stray_responses, 1u);
}

TEST_F(TransactionTest, HandlesAreSafeAfterTheTransactionIsGone) {
  b.tu.on_request = [](ServerTransaction& t, const Message&) { EXPECT_TRUE(t.respond(200)); };
  Outcome out;
  auto txn = a.layer->sendRequest(makeRequest("OPTIONS", bAddr()), b.udpTarget(), out.callbacks());
  ASSERT_TRUE(txn);
  ASSERT_TRUE(runUntil(loop, [&] { return a.layer->count() == 0 && b.layer->count() == 0; }));
  EXPECT_FALSE(txn->alive());
  EXPECT_EQ(txn->request(), nullptr);
  EXPECT_EQ(txn->cancel().error().code, hk::Code::NotFound);
  ServerTransaction st = b.tu.requests[0].txn;
  EXPECT_FALSE(st.alive());
  EXPECT_EQ(st.respond(200).error().code, hk::Code::NotFound);
  EXPECT_EQ(ServerTransaction().respond(200).error().code, hk::Code::NotFound);
  // Even with the whole layer gone.
  b.layer.reset();
  EXPECT_EQ(st.respond(200).error().code, hk::Code::NotFound);
  EXPECT_FALSE(st.alive());
  b.layer = std::make_unique<TransactionLayer>(loop, b.transport, b.tu, fastTimers());
}

TEST_F(TransactionTest, TryingDelaySends100OnlyWhenTheTuIsSlow) {
  TimerConfig delayed = fastTimers();
  delayed.trying_delay = 30ms;
  Node c(loop, delayed);
  RawUdp uac;
  std::string via = "SIP/2.0/UDP 127.0.0.1:" + std::to_string(uac.port()) + ";branch=z9hG4bK";
  c.tu.on_request = [](ServerTransaction& t, const Message& m) {
    if (m.callId().value() == "fast") {
      EXPECT_TRUE(t.respond(180, {}, "f"));
    }
  };
  uac.sendTo(c.udp.port, rawRequest("INVITE", via + "fast", {}, "fast"));
  auto first = uac.receive(loop);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status(), 180);
  uac.sendTo(c.udp.port, rawRequest("INVITE", via + "slow", {}, "slow"));
  auto second = uac.receive(loop);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status(), 100);
  EXPECT_EQ(second->callId().value(), "slow");
  for (auto& r : c.tu.requests) ASSERT_TRUE(r.txn.respond(500));
  ASSERT_TRUE(runUntil(loop, [&] { return c.layer->count() == 0; }));  // timer H: no ACK
  EXPECT_EQ(c.tu.failures.size(), 2u);
  EXPECT_EQ(c.tu.failures[0], "timer H");
}

TEST_F(TransactionTest, BadRequestsAreRefusedBySendRequest) {
  Outcome out;
  Message no_cseq = Message::request("OPTIONS", "sip:x@127.0.0.1");
  EXPECT_EQ(a.layer->sendRequest(no_cseq, b.udpTarget(), out.callbacks()).error().code,
            hk::Code::Invalid);
  EXPECT_FALSE(a.layer->sendRequest(makeRequest("ACK", bAddr()), b.udpTarget(), {}));
  Node v4only(loop);
  Target v6{TransportKind::Udp, "::1", 5060, {}};
  EXPECT_EQ(v4only.layer->sendRequest(makeRequest("OPTIONS", "[::1]"), v6, {}).error().code,
            hk::Code::Unavailable);
  EXPECT_EQ(a.layer->count(), 0u);
}

}  // namespace
}  // namespace hk::sip::test
