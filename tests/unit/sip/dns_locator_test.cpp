// RFC 3263 lookups: NAPTR -> SRV -> A/AAAA over a scripted DNS (with TTL caching on a fake
// clock), and the same against a real DNS server (dnsmasq) through glibc's resolver and
// the Resolver's worker.
#include "sip/dns_locator.hpp"

#include <gtest/gtest.h>

#include <future>
#include <map>

#include "base/executor.hpp"
#include "sip/transport_resolver.hpp"
#include "support/fake_clock.hpp"
#include "unit/sip/dnsmasq_fixture.hpp"

namespace hk::sip {
namespace {

using namespace std::chrono_literals;

DnsRecord srv(const std::string& name, uint16_t pri, uint16_t w, uint16_t port,
              const std::string& target, uint32_t ttl = 300) {
  DnsRecord r;
  r.name = name;
  r.type = static_cast<uint16_t>(DnsType::Srv);
  r.ttl = ttl;
  r.srv = SrvRecord{pri, w, port, target};
  return r;
}
DnsRecord addr(const std::string& name, const std::string& ip, uint32_t ttl = 300) {
  DnsRecord r;
  r.name = name;
  r.type = static_cast<uint16_t>(ip.find(':') == std::string::npos ? DnsType::A : DnsType::Aaaa);
  r.ttl = ttl;
  r.address = ip;
  return r;
}
DnsRecord naptr(const std::string& name, uint16_t order, const std::string& service,
                const std::string& repl, uint32_t ttl = 300) {
  DnsRecord r;
  r.name = name;
  r.type = static_cast<uint16_t>(DnsType::Naptr);
  r.ttl = ttl;
  r.naptr = NaptrRecord{order, 10, "s", service, "", repl};
  return r;
}

// A DNS that knows a fixed zone and counts the questions it is asked.
class ZoneClient final : public DnsClient {
 public:
  void add(DnsRecord r) { zone_[{r.name, r.type}].push_back(std::move(r)); }
  Result<DnsAnswer> query(const std::string& name, DnsType type) override {
    asked.push_back(name + "/" + std::to_string(static_cast<int>(type)));
    if (down) return hk::Error::unavailable("no answer");
    DnsAnswer a;
    auto it = zone_.find({name, static_cast<uint16_t>(type)});
    if (it != zone_.end()) a.answers = it->second;
    return a;
  }
  std::vector<std::string> asked;
  bool down = false;

 private:
  std::map<std::pair<std::string, uint16_t>, std::vector<DnsRecord>> zone_;
};

std::vector<std::string> described(const std::vector<Located>& v) {
  std::vector<std::string> out;
  for (const auto& l : v) out.push_back(l.describe());
  return out;
}

struct LocatorTest : ::testing::Test {
  std::shared_ptr<ZoneClient> dns = std::make_shared<ZoneClient>();
  test::FakeClock clock;
  LocatorConfig config;
  // Always the first record of the running sum: priority order, zero weights first.
  DnsRandom first = [](uint32_t) { return 0u; };
};

TEST_F(LocatorTest, NaptrThenSrvThenAddressesInPriorityOrder) {
  dns->add(naptr("carrier.example", 10, "SIP+D2U", "_sip._udp.carrier.example"));
  dns->add(naptr("carrier.example", 20, "SIP+D2T", "_sip._tcp.carrier.example"));
  dns->add(srv("_sip._udp.carrier.example", 20, 0, 5072, "b.carrier.example"));
  dns->add(srv("_sip._udp.carrier.example", 10, 0, 5071, "a.carrier.example"));
  dns->add(srv("_sip._tcp.carrier.example", 10, 0, 5080, "a.carrier.example"));
  dns->add(addr("a.carrier.example", "192.0.2.1"));
  dns->add(addr("a.carrier.example", "2001:db8::1"));
  dns->add(addr("b.carrier.example", "192.0.2.2"));
  SipLocator loc(dns, clock, config, first);
  auto r = loc.locate({"carrier.example", std::nullopt, {TransportKind::Udp, TransportKind::Tcp}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(described(*r), (std::vector<std::string>{
                               "a.carrier.example 192.0.2.1:5071/udp",
                               "a.carrier.example [2001:db8::1]:5071/udp",
                               "b.carrier.example 192.0.2.2:5072/udp",
                               "a.carrier.example 192.0.2.1:5080/tcp",
                               "a.carrier.example [2001:db8::1]:5080/tcp",
                           }));
  EXPECT_EQ(r->front().how, "NAPTR+SRV");
  EXPECT_EQ(r->front().priority, 10);
  EXPECT_EQ(r->front().srv_set, 0);
  EXPECT_EQ(r->back().srv_set, 1);  // the TCP answer
  // A trunk on UDP only never gets the TCP servers.
  auto udp = loc.locate({"carrier.example", std::nullopt, {TransportKind::Udp}});
  ASSERT_TRUE(udp);
  EXPECT_EQ(udp->size(), 3u);
  for (const auto& l : *udp) EXPECT_EQ(l.transport, TransportKind::Udp);
}

TEST_F(LocatorTest, SrvWithoutNaptrAndAddressWithoutSrv) {
  dns->add(srv("_sip._udp.srv.example", 1, 0, 5999, "pbx.srv.example"));
  dns->add(addr("pbx.srv.example", "198.51.100.7"));
  dns->add(addr("plain.example", "198.51.100.8"));
  SipLocator loc(dns, clock, config, first);
  auto a = loc.locate({"srv.example", std::nullopt, {TransportKind::Udp}});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(described(*a), (std::vector<std::string>{"pbx.srv.example 198.51.100.7:5999/udp"}));
  EXPECT_EQ(a->front().how, "SRV");
  auto b = loc.locate({"plain.example", std::nullopt, {TransportKind::Udp}});
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(described(*b), (std::vector<std::string>{"plain.example 198.51.100.8:5060/udp"}));
  EXPECT_EQ(b->front().how, "A");
  auto none = loc.locate({"nothing.example", std::nullopt, {TransportKind::Udp}});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Code::NotFound);
}

TEST_F(LocatorTest, ExplicitPortOrIpLiteralSkipsNaptrAndSrv) {
  dns->add(naptr("carrier.example", 10, "SIP+D2U", "_sip._udp.carrier.example"));
  dns->add(srv("_sip._udp.carrier.example", 10, 0, 5071, "a.carrier.example"));
  dns->add(addr("carrier.example", "192.0.2.9"));
  SipLocator loc(dns, clock, config, first);
  auto r = loc.locate({"carrier.example", uint16_t{5080}, {TransportKind::Tcp}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(described(*r), (std::vector<std::string>{"carrier.example 192.0.2.9:5080/tcp"}));
  EXPECT_EQ(dns->asked, (std::vector<std::string>{"carrier.example/1", "carrier.example/28"}));
  dns->asked.clear();
  auto ip = loc.locate({"[2001:db8::5]", std::nullopt, {TransportKind::Udp}});
  ASSERT_TRUE(ip);
  EXPECT_EQ(described(*ip), (std::vector<std::string>{"[2001:db8::5]:5060/udp"}));
  EXPECT_TRUE(dns->asked.empty());
}

TEST_F(LocatorTest, AnswersAreReusedForTheirOwnTtlCappedByTheConfig) {
  dns->add(srv("_sip._udp.carrier.example", 10, 0, 5071, "a.carrier.example", 30));
  dns->add(addr("a.carrier.example", "192.0.2.1", 3600));  // capped at 300
  config.negative_ttl = 10s;
  SipLocator loc(dns, clock, config, first);
  LocateRequest req{"carrier.example", std::nullopt, {TransportKind::Udp}};
  ASSERT_TRUE(loc.locate(req));
  // NAPTR (none), SRV, A, AAAA (none).
  EXPECT_EQ(loc.queries(), 4u);
  ASSERT_TRUE(loc.locate(req));
  EXPECT_EQ(loc.queries(), 4u);  // all from the cache
  clock.advance(11s);            // the negative answers (NAPTR, AAAA) are stale
  ASSERT_TRUE(loc.locate(req));
  EXPECT_EQ(loc.queries(), 6u);
  clock.advance(20s);  // 31 s: the SRV (TTL 30) is stale too, the A (300) is not
  dns->asked.clear();
  ASSERT_TRUE(loc.locate(req));
  EXPECT_EQ(dns->asked,
            (std::vector<std::string>{"carrier.example/35", "_sip._udp.carrier.example/33",
                                      "a.carrier.example/28"}));
  clock.advance(300s);  // past the cap of the A record
  dns->asked.clear();
  ASSERT_TRUE(loc.locate(req));
  EXPECT_NE(std::find(dns->asked.begin(), dns->asked.end(), "a.carrier.example/1"),
            dns->asked.end());
}

TEST_F(LocatorTest, ServersNotAnsweringAreAnErrorAndNotCached) {
  dns->down = true;
  SipLocator loc(dns, clock, config, first);
  auto r = loc.locate({"carrier.example", std::nullopt, {TransportKind::Udp}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Unavailable);
  dns->down = false;
  dns->add(addr("carrier.example", "192.0.2.3"));
  auto again = loc.locate({"carrier.example", std::nullopt, {TransportKind::Udp}});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->front().address, "192.0.2.3");
}

TEST(SrvRedraw, EachCallDrawsTheWeightsAgainWithinOnePriority) {
  auto l = [](const std::string& name, const std::string& ip, uint16_t pri, uint16_t w, int set) {
    return Located{TransportKind::Udp, ip, 5060, name, "SRV", pri, w, set};
  };
  std::vector<Located> in = {l("a", "192.0.2.1", 10, 10, 0), l("a", "192.0.2.2", 10, 10, 0),
                             l("b", "192.0.2.3", 10, 90, 0), l("c", "192.0.2.4", 20, 5, 0),
                             l("d", "192.0.2.5", 10, 5, 1),  l("e", "192.0.2.6", 0, 0, -1)};
  auto order = [](const std::vector<Located>& v) {
    std::string s;
    for (const auto& x : v) s += x.address.substr(8) + " ";
    return s;
  };
  // The top of the running sum picks b (a's 10, then b's 100); b's addresses move ahead of
  // a's, which stay together; other priorities and answers keep their place.
  EXPECT_EQ(order(redrawSrv(in, [](uint32_t bound) { return bound; })), "3 1 2 4 5 6 ");
  EXPECT_EQ(order(redrawSrv(in, [](uint32_t) { return 0u; })), "1 2 3 4 5 6 ");
  // With a real random source b comes first about 9 times in 10.
  auto rnd = systemDnsRandom();
  int b_first = 0;
  for (int i = 0; i < 1000; ++i) b_first += redrawSrv(in, rnd).front().name == "b";
  EXPECT_GT(b_first, 800);
  EXPECT_LT(b_first, 980);
}

TEST(DnsServers, ParsesTheSetting) {
  auto s = parseDnsServers("127.0.0.1:5353, 192.0.2.53");
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].ip, "127.0.0.1");
  EXPECT_EQ((*s)[0].port, 5353);
  EXPECT_EQ((*s)[1].port, 53);
  EXPECT_TRUE(parseDnsServers("")->empty());
  EXPECT_FALSE(parseDnsServers("dns.example"));
  EXPECT_FALSE(parseDnsServers("127.0.0.1:0"));
  EXPECT_FALSE(parseDnsServers("127.0.0.1:99999"));
  EXPECT_FALSE(parseDnsServers("1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4"));
  EXPECT_EQ(parseDnsServers("x").error().field, "sip.dns_servers");
}

// The real thing: dnsmasq serving NAPTR, SRV and A/AAAA records; glibc's resolver asking it
// on the Resolver's worker; the answer back on the loop.
TEST(DnsRealServer, LocatesThroughDnsmasq) {
  if (!test::Dnsmasq::binary())
    GTEST_SKIP() << "dnsmasq is not installed (apt-get install dnsmasq-base)";
  test::Dnsmasq dnsmasq;
  std::string err;
  ASSERT_TRUE(dnsmasq.start(
      {"--naptr-record=carrier.test,10,50,s,SIP+D2U,,_sip._udp.carrier.test",
       "--srv-host=_sip._udp.carrier.test,sip2.carrier.test,5072,20,0",
       "--srv-host=_sip._udp.carrier.test,sip1.carrier.test,5071,10,60",
       "--host-record=sip1.carrier.test,127.0.0.1", "--host-record=sip2.carrier.test,127.0.0.2,::1",
       "--srv-host=_sip._udp.srvonly.test,pbx.srvonly.test,6000,0,0",
       "--host-record=pbx.srvonly.test,127.0.0.3"},
      err))
      << err;
  EventLoop loop{"dns-test"};
  WorkerPool workers{"dns-test-w", 1};
  loop.start();
  ResolverConfig rc;
  rc.dns.servers = {DnsServer{"127.0.0.1", dnsmasq.port()}};
  rc.dns.timeout = 1s;
  SystemClock clock;
  auto resolver = std::make_unique<Resolver>(loop, workers, clock, rc);
  auto locate = [&](const std::string& host) {
    std::promise<Result<std::vector<Located>>> p;
    loop.post([&] {
      resolver->locate({host, std::nullopt, {TransportKind::Udp}}, [&](const auto& r) {
        EXPECT_TRUE(loop.inLoopThread());
        p.set_value(r);
      });
    });
    auto f = p.get_future();
    EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
    return f.get();
  };
  auto r = locate("carrier.test");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(described(*r), (std::vector<std::string>{
                               "sip1.carrier.test 127.0.0.1:5071/udp",
                               "sip2.carrier.test 127.0.0.2:5072/udp",
                               "sip2.carrier.test [::1]:5072/udp",
                           }));
  EXPECT_EQ(r->front().how, "NAPTR+SRV");
  auto s = locate("srvonly.test");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(described(*s), (std::vector<std::string>{"pbx.srvonly.test 127.0.0.3:6000/udp"}));
  EXPECT_EQ(s->front().how, "SRV");
  dnsmasq.stop();
  // Cached (TTL 60): still answered with the server gone.
  auto cached = locate("carrier.test");
  ASSERT_TRUE(cached) << cached.error().message;
  EXPECT_EQ(cached->size(), 3u);
  loop.post([&] { resolver.reset(); });
  loop.stop();
  workers.stop();
}

}  // namespace
}  // namespace hk::sip
