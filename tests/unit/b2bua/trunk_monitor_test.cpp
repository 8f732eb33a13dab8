#include "b2bua/trunk_monitor.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "unit/b2bua/fake_trunk_io.hpp"

namespace hk::b2bua {
namespace {

using namespace std::chrono_literals;
using test::FakeTrunkIo;

Trunks trunksFrom(const std::string& text) {
  char path[] = "/tmp/hkmonXXXXXX";
  int fd = mkstemp(path);
  close(fd);
  std::ofstream(path) << text;
  auto cfg = Config::load(trunkConfigKeys(), path, {}, {});
  std::remove(path);
  EXPECT_TRUE(cfg) << cfg.error().message;
  auto t = Trunks::fromConfig(*cfg);
  EXPECT_TRUE(t) << t.error().message;
  return std::move(*t);
}

std::vector<std::string> names(const std::vector<const Trunk*>& ts) {
  std::vector<std::string> out;
  for (const Trunk* t : ts) out.push_back(t->name);
  return out;
}

int64_t gauge(metrics::Registry& m, const std::string& name, const std::string& trunk) {
  return m.gauge(name, "", "trunk=\"" + trunk + "\"").value();
}

TEST(TrunkMonitor, OptionsDecideUpAndDownAndForwardingSkipsDownTrunks) {
  auto trunks = trunksFrom(
      "[trunk.main]\ndirection = outbound\nhost = 192.0.2.10\npriority = 10\n"
      "options_ping_sec = 30\n"
      "[trunk.backup]\ndirection = outbound\nhost = 192.0.2.20\nport = 5080\npriority = 20\n"
      "[trunk.in]\nsources = 10.0.0.0/8\n");
  FakeTrunkIo io;
  metrics::Registry m;
  TrunkMonitor mon(io, trunks, m);
  mon.start();
  EXPECT_EQ(names(mon.usable()), (std::vector<std::string>{"main", "backup"}));
  ASSERT_EQ(io.sent.size(), 1u);  // only main pings
  const sip::Message opt = io.sent[0].request;
  EXPECT_EQ(opt.method(), "OPTIONS");
  EXPECT_EQ(opt.requestUriText(), "sip:192.0.2.10:5060");
  EXPECT_EQ(io.sent[0].to.host, "192.0.2.10");
  EXPECT_EQ(gauge(m, "hankyo_trunk_up", "main"), 1);

  io.call(0).on_failure(hk::Error{Code::Timeout, "timer F", {}, {}});
  EXPECT_FALSE(mon.isUp(*trunks.outbound()[0]));
  EXPECT_EQ(names(mon.usable()), (std::vector<std::string>{"backup"}));
  EXPECT_EQ(gauge(m, "hankyo_trunk_up", "main"), 0);
  EXPECT_EQ(gauge(m, "hankyo_trunk_up", "backup"), 1);  // not pinged: taken as up

  ASSERT_TRUE(io.fire(30s));  // the next OPTIONS, a period after the last one ended
  ASSERT_EQ(io.sent.size(), 2u);
  EXPECT_NE(io.sent[1].request.callId().value(), opt.callId().value());
  // Any answer means up, even a refusal.
  io.call(1).on_response(FakeTrunkIo::responseTo(io.sent[1].request, 405, "Not Allowed"));
  EXPECT_EQ(names(mon.usable()), (std::vector<std::string>{"main", "backup"}));
  EXPECT_EQ(gauge(m, "hankyo_trunk_up", "main"), 1);
  EXPECT_TRUE(io.hasTimer(30s));
  // Answers to an OPTIONS that is over change nothing.
  io.call(0).on_failure(hk::Error{Code::Timeout, "timer F", {}, {}});
  EXPECT_TRUE(mon.isUp(*trunks.outbound()[0]));

  bool done = false;
  mon.stop([&] { done = true; });
  EXPECT_TRUE(done);
  EXPECT_TRUE(io.timers.empty());
}

TEST(TrunkMonitor, HostNamesAreLookedUpAgainPeriodicallyAndAfterAFailure) {
  auto trunks = trunksFrom(
      "[trunk.carrier]\ndirection = outbound\nhost = sip.carrier.example\n"
      "username = acct\n");
  const Trunk& t = *trunks.outbound()[0];
  FakeTrunkIo io;
  metrics::Registry m;
  TrunkMonitor mon(io, trunks, m);
  mon.start();
  ASSERT_EQ(io.lookups.size(), 1u);
  EXPECT_EQ(io.lookups[0].first, "sip.carrier.example");
  EXPECT_EQ(mon.target(t).host, "sip.carrier.example");  // the transport looks it up meanwhile
  io.lookups[0].second(TrunkIo::Addresses{"192.0.2.7", "2001:db8::7"});
  EXPECT_EQ(mon.target(t).host, "192.0.2.7");
  EXPECT_EQ(mon.trunkFor({sip::TransportKind::Udp, "192.0.2.7", 5060, {}}), &t);
  EXPECT_EQ(mon.trunkFor({sip::TransportKind::Udp, "sip.carrier.example", 5060, {}}), &t);
  EXPECT_EQ(mon.trunkFor({sip::TransportKind::Tcp, "192.0.2.7", 5060, {}}), nullptr);
  EXPECT_EQ(mon.trunkFor({sip::TransportKind::Udp, "192.0.2.7", 5061, {}}), nullptr);

  mon.reportFailure(t);  // within 5 s of the last lookup: not again yet
  EXPECT_EQ(io.lookups.size(), 1u);
  ASSERT_TRUE(io.fire(TrunkMonitor::kDnsRetry));
  mon.reportFailure(t);
  ASSERT_EQ(io.lookups.size(), 2u);
  io.lookups[1].second(TrunkIo::Addresses{"192.0.2.8"});
  EXPECT_EQ(mon.target(t).host, "192.0.2.8");
  // Dialogs set up toward the old address still find their trunk.
  EXPECT_EQ(mon.trunkFor({sip::TransportKind::Udp, "192.0.2.7", 5060, {}}), &t);

  ASSERT_TRUE(io.fire(TrunkMonitor::kDnsRetry));
  ASSERT_TRUE(io.fire(TrunkMonitor::kDnsRefresh));  // the periodic lookup
  ASSERT_EQ(io.lookups.size(), 3u);
  io.lookups[2].second(hk::Error::notFound("cannot resolve"));
  EXPECT_EQ(mon.target(t).host, "192.0.2.8");  // a failed lookup keeps the last address
  EXPECT_TRUE(io.hasTimer(TrunkMonitor::kDnsRefresh));
}

TEST(TrunkMonitor, RegistersAndUnregistersAtStop) {
  auto trunks = trunksFrom(
      "[trunk.carrier]\ndirection = outbound\nhost = 192.0.2.30\nusername = acct\n"
      "password = pw\nregister = true\nregister_expires_sec = 300\n"
      "register_domain = carrier.example\n");
  FakeTrunkIo io;
  metrics::Registry m;
  TrunkMonitor mon(io, trunks, m);
  mon.start();
  ASSERT_EQ(io.sent.size(), 1u);
  EXPECT_EQ(io.sent[0].request.method(), "REGISTER");
  EXPECT_EQ(io.sent[0].request.requestUriText(), "sip:carrier.example");
  EXPECT_EQ(io.sent[0].request.header("To"), "<sip:acct@carrier.example>");
  io.call(0).on_response(FakeTrunkIo::responseTo(io.sent[0].request, 200, "OK"));
  EXPECT_EQ(gauge(m, "hankyo_trunk_registered", "carrier"), 1);
  EXPECT_NE(m.render().find("hankyo_trunk_registered{trunk=\"carrier\"} 1"), std::string::npos);
  bool done = false;
  mon.stop([&] { done = true; });
  EXPECT_FALSE(done);  // waits for the un-REGISTER
  ASSERT_EQ(io.sent.size(), 2u);
  EXPECT_EQ(io.sent[1].request.header("Expires"), "0");
  io.call(1).on_response(FakeTrunkIo::responseTo(io.sent[1].request, 200, "OK"));
  EXPECT_TRUE(done);
  EXPECT_EQ(gauge(m, "hankyo_trunk_registered", "carrier"), 0);
}

TEST(TrunkRoute, DescribesTheTrunksThatFailed) {
  TrunkRoute r;
  EXPECT_EQ(r.describe(), "");
  r.failures = {"trunk a: timer B", "trunk b: 503 Service Unavailable"};
  EXPECT_EQ(r.describe(), "trunk a: timer B; trunk b: 503 Service Unavailable");
}

}  // namespace
}  // namespace hk::b2bua
