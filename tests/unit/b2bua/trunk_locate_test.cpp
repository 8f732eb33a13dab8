// How the trunk monitor asks for RFC 3263 lookups (what the trunk's config allows) and what
// it keeps of the answer: every SRV target as a candidate, the first one the target.
#include <gtest/gtest.h>

#include <map>

#include "b2bua/trunk_monitor.hpp"

namespace hk::b2bua {
namespace {

// Sends nothing; lookups wait for the test's answer.
class LocatingIo final : public TrunkIo {
 public:
  using Answer = std::function<void(const Result<std::vector<sip::Located>>&)>;
  void send(const sip::Message&, const sip::Target&, sip::ClientCallbacks) override {}
  TimerId after(std::chrono::milliseconds d, std::function<void()> fn) override {
    pending[d] = std::move(fn);  // the latest of each delay
    return ++timers;
  }
  void cancel(TimerId) override {}
  void resolve(const std::string& host, std::function<void(const Result<Addresses>&)>) override {
    resolved.push_back(host);
  }
  void locate(const sip::LocateRequest& req, Answer cb) override {
    requests.push_back(req);
    answers.push_back(std::move(cb));
  }
  std::string contact(sip::TransportKind, std::string_view) const override { return "<sip:x>"; }
  std::string localHost() const override { return "192.0.2.5"; }
  std::chrono::milliseconds stopWait() const override { return std::chrono::milliseconds(0); }

  std::vector<sip::LocateRequest> requests;
  std::vector<Answer> answers;
  std::vector<std::string> resolved;
  TimerId timers = 0;
  std::map<std::chrono::milliseconds, std::function<void()>> pending;
};

Trunks trunks(std::map<std::string, std::string> sets) {
  auto cfg = Config::load(trunkConfigKeys(), "", {}, sets);
  EXPECT_TRUE(cfg) << cfg.error().message;
  auto t = Trunks::fromConfig(*cfg);
  EXPECT_TRUE(t) << t.error().message;
  return std::move(*t);
}

TEST(TrunkLocate, AskForWhatTheTrunkConfigAllows) {
  auto ts = trunks({{"trunk.srv.direction", "outbound"},
                    {"trunk.srv.host", "carrier.example"},
                    {"trunk.pinned.direction", "outbound"},
                    {"trunk.pinned.host", "pbx.example"},
                    {"trunk.pinned.port", "5080"},
                    {"trunk.pinned.transport", "tcp"},
                    {"trunk.ip.direction", "outbound"},
                    {"trunk.ip.host", "192.0.2.9"}});
  LocatingIo io;
  metrics::Registry m;
  TrunkMonitor mon(io, ts, m);
  mon.start();
  ASSERT_EQ(io.requests.size(), 2u);  // the IP trunk needs no lookup
  EXPECT_TRUE(io.resolved.empty());
  std::map<std::string, sip::LocateRequest> by;
  for (const auto& r : io.requests) by[r.host] = r;
  EXPECT_FALSE(by["carrier.example"].port.has_value());  // NAPTR/SRV
  EXPECT_EQ(by["carrier.example"].transports,
            (std::vector<sip::TransportKind>{sip::TransportKind::Udp, sip::TransportKind::Tcp}));
  EXPECT_EQ(by["pbx.example"].port, std::optional<uint16_t>(5080));  // A/AAAA only
  EXPECT_EQ(by["pbx.example"].transports,
            (std::vector<sip::TransportKind>{sip::TransportKind::Tcp}));
}

TEST(TrunkLocate, EverySrvTargetIsACandidateAndTheFirstIsTheTarget) {
  auto ts = trunks({{"trunk.srv.direction", "outbound"}, {"trunk.srv.host", "carrier.example"}});
  LocatingIo io;
  metrics::Registry m;
  TrunkMonitor mon(io, ts, m);
  auto& found = m.gauge("hankyo_trunk_dns_targets", "", "trunk=\"srv\"");
  mon.start();
  ASSERT_EQ(io.answers.size(), 1u);
  const Trunk& t = *ts.outbound().front();
  EXPECT_EQ(found.value(), 0);
  EXPECT_EQ(mon.target(t).host, "carrier.example");  // not looked up yet: the name itself
  io.answers[0](std::vector<sip::Located>{
      {sip::TransportKind::Udp, "192.0.2.1", 5071, "a.carrier.example", "NAPTR+SRV", 10, 1, 0},
      {sip::TransportKind::Tcp, "192.0.2.2", 5072, "b.carrier.example", "NAPTR+SRV", 10, 1, 1}});
  EXPECT_EQ(found.value(), 2);
  auto to = mon.target(t);
  EXPECT_EQ(to.host, "192.0.2.1");
  EXPECT_EQ(to.port, 5071);
  auto all = mon.targets(t);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].describe(), "b.carrier.example 192.0.2.2:5072/tcp");
  // In-dialog requests to either server belong to the trunk (its credentials).
  EXPECT_EQ(mon.trunkFor({sip::TransportKind::Tcp, "192.0.2.2", 5072, {}}), &t);
  EXPECT_EQ(mon.trunkFor({sip::TransportKind::Udp, "192.0.2.2", 5099, {}}), nullptr);
  // A later failed lookup keeps what was known.
  io.pending.at(TrunkMonitor::kDnsRetry)();  // lookups after a failure: not within 5 s
  mon.reportFailure(t);
  ASSERT_EQ(io.answers.size(), 2u);
  io.answers[1](hk::Error::unavailable("no answer"));
  EXPECT_EQ(mon.targets(t).size(), 2u);
  EXPECT_EQ(mon.target(t).host, "192.0.2.1");
}

TEST(TrunkLocate, EachRouteDrawsTheSrvWeightsAgain) {
  auto ts = trunks({{"trunk.srv.direction", "outbound"}, {"trunk.srv.host", "carrier.example"}});
  LocatingIo io;
  metrics::Registry m;
  TrunkMonitor mon(io, ts, m);
  uint32_t draw = 0;
  mon.setRandom([&draw](uint32_t bound) { return std::min(draw, bound); });
  mon.start();
  ASSERT_EQ(io.answers.size(), 1u);
  // One SRV answer, one priority: a (weight 1) and b (weight 3).
  io.answers[0](std::vector<sip::Located>{
      {sip::TransportKind::Udp, "192.0.2.1", 5060, "a.example", "SRV", 10, 1, 0},
      {sip::TransportKind::Udp, "192.0.2.2", 5060, "b.example", "SRV", 10, 3, 0}});
  const Trunk& t = *ts.outbound().front();
  draw = 0;
  EXPECT_EQ(mon.targets(t).front().name, "a.example");
  draw = 2;  // past a's running sum (1)
  EXPECT_EQ(mon.targets(t).front().name, "b.example");
  EXPECT_EQ(mon.targets(t).size(), 2u);
}

}  // namespace
}  // namespace hk::b2bua
