// RFC 3263 choices without I/O: SRV order (RFC 2782 weights, pinned random source) and the
// NAPTR records a SIP client follows.
#include "sip/dns_select.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace hk::sip {
namespace {

std::vector<std::string> targets(const std::vector<SrvRecord>& v) {
  std::vector<std::string> out;
  for (const auto& r : v) out.push_back(r.target);
  return out;
}

// Returns the given draws in turn (each clamped to the bound asked for) and records bounds.
struct ScriptedRandom {
  std::vector<uint32_t> draws;
  std::vector<uint32_t> bounds;
  size_t next = 0;
  DnsRandom fn() {
    return [this](uint32_t bound) {
      bounds.push_back(bound);
      uint32_t v = next < draws.size() ? draws[next++] : 0;
      return std::min(v, bound);
    };
  }
};

TEST(SrvOrder, LowerPriorityValueFirstWhateverTheWeights) {
  ScriptedRandom rnd{{0, 0, 0}};
  auto out = orderSrv({{20, 100, 5060, "b2"}, {10, 1, 5060, "a"}, {30, 0, 5060, "c"}}, rnd.fn());
  EXPECT_EQ(targets(out), (std::vector<std::string>{"a", "b2", "c"}));
}

TEST(SrvOrder, WeightedDrawWithinOnePriority) {
  // Weights 10 (x), 30 (y), 60 (z): running sums 10, 40, 100.
  std::vector<SrvRecord> recs = {{1, 10, 1, "x"}, {1, 30, 2, "y"}, {1, 60, 3, "z"}};
  {
    ScriptedRandom rnd{{41, 5}};  // 41 -> z (running 100); then x(10), y(40): 5 -> x
    auto out = orderSrv(recs, rnd.fn());
    EXPECT_EQ(targets(out), (std::vector<std::string>{"z", "x", "y"}));
    EXPECT_EQ(rnd.bounds, (std::vector<uint32_t>{100, 40, 30}));  // the sum left each time
  }
  {
    ScriptedRandom rnd{{10, 10}};  // 10 -> x (running 10 >= 10); then y 30, z 90: 10 -> y
    auto out = orderSrv(recs, rnd.fn());
    EXPECT_EQ(targets(out), (std::vector<std::string>{"x", "y", "z"}));
  }
  {
    ScriptedRandom rnd{{11, 100}};  // 11 -> y; then x 10, z 70: 100 (clamped 70) -> z
    auto out = orderSrv(recs, rnd.fn());
    EXPECT_EQ(targets(out), (std::vector<std::string>{"y", "z", "x"}));
  }
}

TEST(SrvOrder, ZeroWeightIsPickedOnlyByADrawOfZero) {
  std::vector<SrvRecord> recs = {{1, 50, 1, "heavy"}, {1, 0, 2, "zero"}};
  ScriptedRandom zero{{0}};
  EXPECT_EQ(orderSrv(recs, zero.fn()).front().target, "zero");
  ScriptedRandom one{{1}};
  EXPECT_EQ(orderSrv(recs, one.fn()).front().target, "heavy");
}

TEST(SrvOrder, WeightsShareTheLoadWithARealRandomSource) {
  std::vector<SrvRecord> recs = {{1, 80, 1, "big"}, {1, 20, 2, "small"}};
  std::map<std::string, int> first;
  auto rnd = systemDnsRandom();
  for (int i = 0; i < 2000; ++i) first[orderSrv(recs, rnd).front().target]++;
  EXPECT_GT(first["big"], 1400);   // about 1600
  EXPECT_GT(first["small"], 250);  // about 400
}

TEST(SrvOrder, ADotTargetMeansNoService) {
  EXPECT_TRUE(orderSrv({{0, 0, 0, "."}}, systemDnsRandom()).empty());
  auto out = orderSrv({{0, 0, 0, "."}, {5, 1, 5060, "a"}}, systemDnsRandom());
  EXPECT_EQ(targets(out), (std::vector<std::string>{"a"}));
}

TEST(NaptrSelect, KeepsSipServicesOfAllowedTransportsByOrderThenPreference) {
  std::vector<NaptrRecord> recs = {
      {20, 10, "s", "SIP+D2U", "", "_sip._udp.b.example"},
      {10, 20, "S", "sip+d2t", "", "_sip._tcp.a.example"},
      {10, 10, "s", "SIP+D2U", "", "_sip._udp.a.example"},
      {5, 10, "s", "SIPS+D2T", "", "_sips._tcp.a.example"},  // TLS: not ours
      {5, 10, "u", "E2U+sip", "!^.*$!sip:x@y!", ""},         // ENUM-style: ignored
      {5, 10, "a", "SIP+D2U", "", "a.example"},              // "a" flag: not ours
  };
  auto both = selectNaptr(recs, {TransportKind::Udp, TransportKind::Tcp});
  ASSERT_EQ(both.size(), 3u);
  EXPECT_EQ(both[0].srv_name, "_sip._udp.a.example");
  EXPECT_EQ(both[0].transport, TransportKind::Udp);
  EXPECT_EQ(both[1].srv_name, "_sip._tcp.a.example");
  EXPECT_EQ(both[1].transport, TransportKind::Tcp);
  EXPECT_EQ(both[2].srv_name, "_sip._udp.b.example");

  auto udp = selectNaptr(recs, {TransportKind::Udp});
  ASSERT_EQ(udp.size(), 2u);
  EXPECT_EQ(udp[0].srv_name, "_sip._udp.a.example");
  EXPECT_EQ(udp[1].srv_name, "_sip._udp.b.example");
  auto tcp = selectNaptr(recs, {TransportKind::Tcp});
  ASSERT_EQ(tcp.size(), 1u);
  EXPECT_EQ(tcp[0].srv_name, "_sip._tcp.a.example");
}

TEST(NaptrSelect, SrvNames) {
  EXPECT_EQ(srvName(TransportKind::Udp, "carrier.example"), "_sip._udp.carrier.example");
  EXPECT_EQ(srvName(TransportKind::Tcp, "carrier.example"), "_sip._tcp.carrier.example");
}

}  // namespace
}  // namespace hk::sip
