// sip::Transport on real loopback sockets: UDP and TCP, framing, connection reuse,
// received/rport, answers to malformed input, IPv6, the resolver.
#include "sip/transport.hpp"

#include <gtest/gtest.h>

#include "net_test_util.hpp"

namespace hk::sip::test {
namespace {

struct Received {
  std::vector<Message> msgs;
  std::vector<Source> sources;
};

class TransportTest : public ::testing::Test {
 protected:
  TransportTest() : transport(loop) {
    udp = transport.listen({TransportKind::Udp, "127.0.0.1", 0, {}, 0}).value();
    tcp = transport.listen({TransportKind::Tcp, "127.0.0.1", 0, {}, 0}).value();
    transport.setHandler([this](Message&& m, const Source& s) {
      got.msgs.push_back(std::move(m));
      got.sources.push_back(s);
    });
  }
  EventLoop loop{"test"};
  Transport transport;
  ListenerInfo udp;
  ListenerInfo tcp;
  Received got;
};

TEST_F(TransportTest, ListenersReportTheRealPort) {
  EXPECT_NE(udp.port, 0);
  EXPECT_NE(tcp.port, 0);
  EXPECT_EQ(udp.sentBy(), "127.0.0.1:" + std::to_string(udp.port));
  auto l = transport.listenerFor({TransportKind::Tcp, "127.0.0.9", 5060, {}});
  ASSERT_TRUE(l);
  EXPECT_EQ(l->id, tcp.id);
  EXPECT_FALSE(transport.listenerFor({TransportKind::Udp, "::1", 5060, {}}));
  EXPECT_FALSE(transport.listen({TransportKind::Udp, "not-an-ip", 0, {}, 0}));
}

TEST_F(TransportTest, AdvertisedAddressGoesInSentBy) {
  auto l = transport.listen({TransportKind::Udp, "127.0.0.1", 0, "203.0.113.7", 5070});
  ASSERT_TRUE(l);
  EXPECT_EQ(l->sentBy(), "203.0.113.7:5070");
  auto v6 = ListenerInfo{};
  v6.advertised_host = "2001:db8::1";
  v6.advertised_port = 5060;
  EXPECT_EQ(v6.sentBy(), "[2001:db8::1]:5060");
}

TEST_F(TransportTest, RequestGetsReceivedAndRportAndTheResponseGoesToTheSourcePort) {
  RawUdp peer;
  // sent-by names another host and port than the packet's source: a client behind NAT.
  peer.sendTo(udp.port,
              rawRequest("OPTIONS", "SIP/2.0/UDP 127.0.0.2:5999;branch=z9hG4bKnat;rport"));
  ASSERT_TRUE(runUntil(loop, [&] { return got.msgs.size() == 1; }));
  auto via = got.msgs[0].topVia();
  ASSERT_TRUE(via);
  EXPECT_EQ(via->received, "127.0.0.1");
  ASSERT_TRUE(via->rport_value);
  EXPECT_EQ(*via->rport_value, peer.port());
  EXPECT_EQ(via->branch, "z9hG4bKnat");
  EXPECT_EQ(got.sources[0].port, peer.port());

  transport.sendResponse(makeResponse(got.msgs[0], 200, {}, "t1"), got.sources[0]);
  auto resp = peer.receive(loop);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->status(), 200);
  EXPECT_EQ(resp->topVia()->received, "127.0.0.1");
}

TEST_F(TransportTest, ReceivedOnlyWhenTheHostDiffersAndOtherViasKeepTheirOrder) {
  RawUdp peer;
  std::string two_vias =
      "SIP/2.0/UDP 127.0.0.1:" + std::to_string(peer.port()) +
      ";branch=z9hG4bKsame\r\nVia: SIP/2.0/UDP proxy.test;branch=z9hG4bKp1, SIP/2.0/TCP "
      "edge.test;branch=z9hG4bKe1";
  peer.sendTo(udp.port, rawRequest("OPTIONS", two_vias));
  ASSERT_TRUE(runUntil(loop, [&] { return got.msgs.size() == 1; }));
  auto vias = got.msgs[0].vias();
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 3u);
  EXPECT_TRUE((*vias)[0].received.empty());  // same host as the source, no rport
  EXPECT_EQ((*vias)[1].branch, "z9hG4bKp1");
  EXPECT_EQ((*vias)[2].branch, "z9hG4bKe1");
}

TEST_F(TransportTest, MalformedRequestIsAnswered400) {
  RawUdp peer;
  peer.sendTo(udp.port, rawRequest("OPTIONS",
                                   "SIP/2.0/UDP 127.0.0.1:" + std::to_string(peer.port()) +
                                       ";branch=z9hG4bKbad",
                                   "Content-Length: 1x\r\n"));
  auto resp = peer.receive(loop);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->status(), 400);
  EXPECT_EQ(resp->topVia()->branch, "z9hG4bKbad");
  EXPECT_EQ(transport.stats().parse_errors_answered, 1u);
  EXPECT_TRUE(got.msgs.empty());
}

TEST_F(TransportTest, GarbageIsDroppedAndCounted) {
  RawUdp peer;
  peer.sendTo(udp.port, "hello there\r\n\r\n");
  peer.sendTo(udp.port, "\r\n\r\n");  // a keep-alive: neither an error nor a message
  peer.sendTo(udp.port, "SIP/2.0 200 OK\r\nVia: broken\r\n\r\n");
  ASSERT_TRUE(runUntil(loop, [&] { return transport.stats().parse_errors_dropped == 2; }));
  runFor(loop, 20ms);
  EXPECT_EQ(transport.stats().parse_errors_dropped, 2u);
  EXPECT_FALSE(peer.tryReceive());
  EXPECT_TRUE(got.msgs.empty());
}

TEST_F(TransportTest, TcpFramingTwoInOneSegmentAndOneSplit) {
  RawTcp peer(tcp.port);
  ASSERT_TRUE(peer.connected());
  std::string via = "SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK";
  peer.send(rawRequest("OPTIONS", via + "a", {}, "c1") +
            rawRequest("OPTIONS", via + "b", {}, "c2"));
  ASSERT_TRUE(runUntil(loop, [&] { return got.msgs.size() == 2; }));
  std::string third = rawRequest("OPTIONS", via + "c", {}, "c3");
  peer.send(third.substr(0, 40));
  runFor(loop, 10ms);
  EXPECT_EQ(got.msgs.size(), 2u);
  peer.send(third.substr(40));
  ASSERT_TRUE(runUntil(loop, [&] { return got.msgs.size() == 3; }));
  EXPECT_EQ(got.msgs[0].callId().value(), "c1");
  EXPECT_EQ(got.msgs[1].callId().value(), "c2");
  EXPECT_EQ(got.msgs[2].callId().value(), "c3");
  EXPECT_EQ(got.sources[2].transport, TransportKind::Tcp);
  EXPECT_EQ(got.sources[0].connection, got.sources[2].connection);

  // The response goes back over the same connection, whatever the Via says.
  transport.sendResponse(makeResponse(got.msgs[2], 200, {}, "x"), got.sources[2]);
  ASSERT_TRUE(runUntil(loop, [&] { return !peer.drain().empty(); }));
  auto resp = parseMessage(peer.drain(), Limits{.stream = true});
  ASSERT_TRUE(resp) << resp.error().message;
  EXPECT_EQ(resp->status(), 200);
  EXPECT_EQ(resp->callId().value(), "c3");
  EXPECT_EQ(transport.stats().tcp_accepted, 1u);
}

TEST_F(TransportTest, TcpStreamWithoutContentLengthIsClosed) {
  RawTcp peer(tcp.port);
  ASSERT_TRUE(runUntil(loop, [&] { return transport.connectionCount() == 1; }));
  peer.send("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n");
  ASSERT_TRUE(runUntil(loop, [&] { return transport.connectionCount() == 0; }));
  EXPECT_EQ(transport.stats().parse_errors_dropped, 1u);
}

TEST_F(TransportTest, TcpConnectionCapRefusesMore) {
  TransportConfig cfg;
  cfg.max_tcp_connections = 1;
  Transport small(loop, cfg);
  auto l = small.listen({TransportKind::Tcp, "127.0.0.1", 0, {}, 0}).value();
  RawTcp first(l.port);
  ASSERT_TRUE(runUntil(loop, [&] { return small.connectionCount() == 1; }));
  RawTcp second(l.port);
  ASSERT_TRUE(runUntil(loop, [&] { return small.stats().tcp_refused == 1; }));
  EXPECT_EQ(small.connectionCount(), 1u);
}

TEST_F(TransportTest, TcpIdleConnectionIsClosed) {
  TransportConfig cfg;
  cfg.tcp_idle_timeout = 30ms;
  Transport idle(loop, cfg);
  auto l = idle.listen({TransportKind::Tcp, "127.0.0.1", 0, {}, 0}).value();
  RawTcp peer(l.port);
  ASSERT_TRUE(runUntil(loop, [&] { return idle.connectionCount() == 1; }));
  ASSERT_TRUE(runUntil(loop, [&] { return idle.connectionCount() == 0; }));
  EXPECT_EQ(idle.stats().tcp_closed, 1u);
}

TEST_F(TransportTest, OutboundTcpConnectionIsReused) {
  Transport client(loop);
  client.listen({TransportKind::Tcp, "127.0.0.1", 0, {}, 0}).value();
  Target to{TransportKind::Tcp, "127.0.0.1", tcp.port, {}};
  std::string via = "SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK";
  client.sendBytes(rawRequest("OPTIONS", via + "1", {}, "r1"), to);
  client.sendBytes(rawRequest("OPTIONS", via + "2", {}, "r2"), to);  // queued while connecting
  ASSERT_TRUE(runUntil(loop, [&] { return got.msgs.size() == 2; }));
  client.sendBytes(rawRequest("OPTIONS", via + "3", {}, "r3"), to);
  ASSERT_TRUE(runUntil(loop, [&] { return got.msgs.size() == 3; }));
  EXPECT_EQ(client.stats().tcp_connected, 1u);
  EXPECT_EQ(client.connectionCount(), 1u);
  EXPECT_EQ(transport.stats().tcp_accepted, 1u);
  EXPECT_EQ(got.sources[0].connection, got.sources[2].connection);
}

TEST_F(TransportTest, SendErrorsAreReportedLaterNotInline) {
  Transport client(loop);  // no listener at all
  bool called = false;
  std::string why;
  client.sendBytes("x", {TransportKind::Udp, "127.0.0.1", 5060, {}}, [&](const hk::Error& e) {
    called = true;
    why = e.message;
  });
  EXPECT_FALSE(called);
  ASSERT_TRUE(runUntil(loop, [&] { return called; }));
  EXPECT_NE(why.find("listener"), std::string::npos);
}

TEST_F(TransportTest, TcpConnectFailureIsReported) {
  Transport client(loop);
  client.listen({TransportKind::Tcp, "127.0.0.1", 0, {}, 0}).value();
  // A port nobody listens on: bind one and close it.
  uint16_t dead_port = 0;
  {
    Transport tmp(loop);
    dead_port = tmp.listen({TransportKind::Tcp, "127.0.0.1", 0, {}, 0}).value().port;
  }
  std::optional<hk::Error> err;
  client.sendBytes("x", {TransportKind::Tcp, "127.0.0.1", dead_port, {}},
                   [&](const hk::Error& e) { err = e; });
  ASSERT_TRUE(runUntil(loop, [&] { return err.has_value(); }));
  EXPECT_EQ(err->code, hk::Code::Unavailable);
  EXPECT_EQ(client.connectionCount(), 0u);
}

TEST(TransportIpv6, LoopbackRoundTrip) {
  EventLoop loop("v6");
  Transport a(loop);
  Transport b(loop);
  auto la = a.listen({TransportKind::Udp, "::1", 0, {}, 0});
  if (!la) GTEST_SKIP() << "no IPv6 loopback: " << la.error().message;
  auto lb = b.listen({TransportKind::Udp, "::1", 0, {}, 0}).value();
  std::vector<Message> at_b;
  std::vector<Source> from;
  b.setHandler([&](Message&& m, const Source& s) {
    at_b.push_back(std::move(m));
    from.push_back(s);
  });
  std::vector<Message> at_a;
  a.setHandler([&](Message&& m, const Source&) { at_a.push_back(std::move(m)); });
  a.sendBytes(rawRequest("OPTIONS", "SIP/2.0/UDP " + la->sentBy() + ";branch=z9hG4bK6;rport"),
              {TransportKind::Udp, "[::1]", lb.port, {}});
  ASSERT_TRUE(runUntil(loop, [&] { return at_b.size() == 1; }));
  EXPECT_EQ(from[0].address, "::1");
  EXPECT_EQ(at_b[0].topVia()->host, "[::1]");
  EXPECT_EQ(at_b[0].topVia()->received, "::1");
  b.sendResponse(makeResponse(at_b[0], 200), from[0]);
  ASSERT_TRUE(runUntil(loop, [&] { return at_a.size() == 1; }));
  EXPECT_EQ(at_a[0].status(), 200);
}

TEST(TransportResolver, LocalhostResolvesOnAWorkerThenFromTheCache) {
  EventLoop loop("dns");
  WorkerPool workers("dns", 1);
  SystemClock& clock = SystemClock::instance();
  Resolver resolver(loop, workers, clock);
  std::optional<hk::Result<Resolver::Addresses>> answer;
  resolver.resolve("localhost", [&](const hk::Result<Resolver::Addresses>& r) { answer = r; });
  EXPECT_FALSE(answer.has_value());  // not answered inline: the loop was not blocked
  EXPECT_EQ(resolver.pending(), 1u);
  ASSERT_TRUE(runUntil(loop, [&] { return answer.has_value(); }));
  ASSERT_TRUE(*answer) << answer->error().message;
  bool loopback = false;
  for (const auto& a : answer->value()) loopback = loopback || a == "127.0.0.1" || a == "::1";
  EXPECT_TRUE(loopback);

  bool inline_answer = false;
  resolver.resolve("localhost", [&](const hk::Result<Resolver::Addresses>& r) {
    inline_answer = r.has_value();
  });
  EXPECT_TRUE(inline_answer);
  EXPECT_EQ(resolver.lookups(), 1u);

  bool literal = false;
  resolver.resolve("[::1]", [&](const hk::Result<Resolver::Addresses>& r) {
    literal = r && r->size() == 1 && r->front() == "::1";
  });
  EXPECT_TRUE(literal);
  EXPECT_EQ(resolver.lookups(), 1u);
  workers.stop();
}

TEST(TransportResolver, SendsToNamesWorkAndAnEmptyNameFails) {
  EventLoop loop("dns");
  Transport a(loop);
  Transport b(loop);
  a.listen({TransportKind::Udp, "127.0.0.1", 0, {}, 0}).value();
  auto lb = b.listen({TransportKind::Udp, "127.0.0.1", 0, {}, 0}).value();
  std::vector<Message> at_b;
  b.setHandler([&](Message&& m, const Source&) { at_b.push_back(std::move(m)); });
  a.sendBytes(rawRequest("OPTIONS", "SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKn"),
              {TransportKind::Udp, "localhost", lb.port, {}});
  ASSERT_TRUE(runUntil(loop, [&] { return at_b.size() == 1; }));

  std::optional<hk::Error> err;
  // (No lookup of an unknown name: that would query the machine's DNS server.)
  a.sendBytes("x", {TransportKind::Udp, "", 5060, {}}, [&](const hk::Error& e) { err = e; });
  EXPECT_FALSE(err.has_value());
  ASSERT_TRUE(runUntil(loop, [&] { return err.has_value(); }));
  EXPECT_EQ(err->code, hk::Code::Invalid);
}

}  // namespace
}  // namespace hk::sip::test
