// sip::Endpoint: transport + transaction layer built from config, with metrics.
#include "sip/endpoint.hpp"

#include <gtest/gtest.h>

#include "net_test_util.hpp"

namespace hk::sip::test {
namespace {

EndpointConfig loopbackConfig() {
  EndpointConfig cfg;
  cfg.listen = {{TransportKind::Udp, "127.0.0.1", 0, {}, 0},
                {TransportKind::Tcp, "127.0.0.1", 0, {}, 0}};
  cfg.timers = fastTimers();
  return cfg;
}

TEST(Endpoint, TwoEndpointsTalkAndCountIntoTheRegistry) {
  EventLoop loop("ep");
  metrics::Registry reg_a;
  metrics::Registry reg_b;
  RecordingTu tu_a;
  RecordingTu tu_b;
  tu_b.on_request = [](ServerTransaction& t, const Message&) { EXPECT_TRUE(t.respond(200)); };
  auto a = Endpoint::create(loop, tu_a, loopbackConfig(), nullptr, &reg_a);
  auto b = Endpoint::create(loop, tu_b, loopbackConfig(), nullptr, &reg_b);
  ASSERT_TRUE(a && b);
  ASSERT_EQ((*b)->listeners().size(), 2u);
  const ListenerInfo& lb = (*b)->listeners()[1];
  EXPECT_EQ(lb.transport, TransportKind::Tcp);
  int final_status = 0;
  auto txn = (*a)->transactions().sendRequest(
      makeRequest("OPTIONS", lb.sentBy()), {TransportKind::Tcp, lb.address, lb.port, {}},
      {[&](const Message& r) { final_status = r.status(); }, {}});
  ASSERT_TRUE(txn);
  EXPECT_NE(reg_a.render().find("hankyo_sip_transactions 1"), std::string::npos);
  ASSERT_TRUE(runUntil(loop, [&] { return final_status == 200; }));
  ASSERT_TRUE(runUntil(loop, [&] {
    return (*a)->transactions().count() == 0 && (*b)->transactions().count() == 0;
  }));
  std::string text = reg_b.render();
  EXPECT_NE(text.find("hankyo_sip_messages_received_total 1"), std::string::npos) << text;
  EXPECT_NE(text.find("hankyo_sip_transactions 0"), std::string::npos) << text;
  EXPECT_NE(text.find("hankyo_sip_tcp_connections 1"), std::string::npos) << text;
}

TEST(Endpoint, ConfigErrorsAreReported) {
  EventLoop loop("ep");
  RecordingTu tu;
  EndpointConfig none;
  EXPECT_EQ(Endpoint::create(loop, tu, none).error().code, hk::Code::Invalid);
  EndpointConfig bad = loopbackConfig();
  bad.listen.push_back({TransportKind::Udp, "eth0", 0, {}, 0});
  EXPECT_EQ(Endpoint::create(loop, tu, bad).error().code, hk::Code::Invalid);
}

}  // namespace
}  // namespace hk::sip::test
