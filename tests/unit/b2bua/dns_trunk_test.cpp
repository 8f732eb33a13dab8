// Outbound trunks named by a host name, end to end: a real DNS server (dnsmasq) publishes
// NAPTR and SRV records for the carrier, a B2BUA forwards a real SIP call through the
// trunk; the INVITE goes to the SRV target with the lowest priority value and, when that
// one does not answer (timer B), to the next one; the attempt row names what failed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "unit/b2bua/media_call_fixture.hpp"
#include "unit/b2bua/sip_peer.hpp"
#include "unit/sip/dnsmasq_fixture.hpp"

namespace hk::b2bua {
namespace {

using namespace std::chrono_literals;
using test::Udp;

// A UDP port nobody listens on (bound, then closed).
uint16_t deadPort() {
  Udp u;
  return u.port();
}

class DnsTrunk : public e2e::MediaCallFixture {
 protected:
  void SetUp() override {
    if (!test::Dnsmasq::binary()) {
      GTEST_SKIP() << "dnsmasq is not installed (Debian package dnsmasq-base)";
    }
  }

  // dnsmasq serves carrier.test: NAPTR -> _sip._udp.carrier.test -> sip1 (priority 10,
  // port `first`) and sip2 (priority 20, port `second`), both 127.0.0.1. Then the B2BUA
  // starts with trunk "carrier" = host carrier.test (no port, no transport).
  void start(uint16_t first, uint16_t second) {
    std::string err;
    ASSERT_TRUE(dns_.start(
        {"--naptr-record=carrier.test,10,50,s,SIP+D2U,,_sip._udp.carrier.test",
         fmt::format("--srv-host=_sip._udp.carrier.test,sip2.carrier.test,{},20,10", second),
         fmt::format("--srv-host=_sip._udp.carrier.test,sip1.carrier.test,{},10,10", first),
         "--host-record=sip1.carrier.test,127.0.0.1", "--host-record=sip2.carrier.test,127.0.0.1"},
        err))
        << err;
    // The forwarding handler (no factory): the number's destination, through "carrier".
    e2e::FixtureSpec spec{"/tmp/hk-dns-trunk-XXXXXX", 50000, testNumber({"0311110200"}), {}};
    spec.trunks = {{"trunk.in.direction", "inbound"},
                   {"trunk.in.sources", "127.0.0.1"},
                   {"trunk.carrier.direction", "outbound"},
                   {"trunk.carrier.host", "carrier.test"}};
    spec.t1 = 25ms;  // timer B: 1.6 s
    spec.dns.dns.servers = {sip::DnsServer{"127.0.0.1", dns_.port()}};
    spec.dns.dns.timeout = 1s;
    ASSERT_NO_FATAL_FAILURE(startB2bua(std::move(spec)));
    // The trunk's name looked up: both SRV targets known.
    auto& found = metrics_.gauge("hankyo_trunk_dns_targets", "", "trunk=\"carrier\"");
    for (int i = 0; i < 500 && found.value() < 2; ++i) (void)pace_.recv(5ms);
    ASSERT_EQ(found.value(), 2);
  }

  void TearDown() override {
    MediaCallFixture::TearDown();
    dns_.stop();
  }

  void invite() {
    std::string sdp = callerOffer();  // sets from_
    std::string m = fmt::format(
        "INVITE sip:05030000001@127.0.0.1:{0} SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:{1};branch=z9hG4bKdns1\r\nFrom: {2}\r\n"
        "To: <sip:05030000001@127.0.0.1:{0}>\r\nCall-ID: dns-trunk-1\r\n"
        "CSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.1:{1}>\r\nMax-Forwards: 70\r\n"
        "Content-Type: application/sdp\r\nContent-Length: {3}\r\n\r\n{4}",
        b2bua_->udpPort(), caller_sip_.port(), from_, sdp.size(), sdp);
    caller_sip_.sendTo(b2bua_->udpPort(), m.data(), m.size());
  }

  // The first INVITE `peer` receives within `wait`.
  static std::optional<std::string> inviteAt(const Udp& peer, std::chrono::milliseconds wait) {
    auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto d = peer.recv(50ms);
      if (d && d->rfind("INVITE ", 0) == 0) return d;
    }
    return std::nullopt;
  }

  // `peer` answers the INVITE `req` with `code` (the B2BUA ACKs it).
  void answer(const Udp& peer, const std::string& req, int code) {
    replyFrom(peer, req, code, "callee1");
  }
  void busy(const Udp& peer, const std::string& req) { answer(peer, req, 486); }

  test::Dnsmasq dns_;
  Udp sip1_, sip2_;
};

TEST_F(DnsTrunk, InviteGoesToTheSrvTargetWithTheLowestPriorityValue) {
  ASSERT_NO_FATAL_FAILURE(start(sip1_.port(), sip2_.port()));
  invite();
  auto req = inviteAt(sip1_, 5s);
  ASSERT_TRUE(req) << "sip1 (priority 10) got no INVITE";
  // RFC 3263: the Request-URI keeps the domain; the packet went to the SRV target.
  EXPECT_EQ(req->substr(0, req->find("\r\n")), "INVITE sip:0311110200@carrier.test SIP/2.0");
  busy(sip1_, *req);
  auto rec = record();
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->attempts.size(), 1u);
  EXPECT_EQ(rec->attempts[0].sip_code, 486);
  EXPECT_EQ(rec->attempts[0].reason.find("sip1.carrier.test"), std::string::npos)
      << rec->attempts[0].reason;
  EXPECT_FALSE(inviteAt(sip2_, 100ms)) << "sip2 (priority 20) got an INVITE too";
}

TEST_F(DnsTrunk, ADeadFirstTargetFailsOverToTheNextSrvTarget) {
  uint16_t dead = deadPort();
  ASSERT_NO_FATAL_FAILURE(start(dead, sip2_.port()));
  invite();
  auto req = inviteAt(sip2_, 6s);  // after timer B (1.6 s) on sip1
  ASSERT_TRUE(req) << "sip2 (priority 20) got no INVITE";
  EXPECT_EQ(req->substr(0, req->find("\r\n")), "INVITE sip:0311110200@carrier.test SIP/2.0");
  busy(sip2_, *req);
  auto rec = record();
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->attempts.size(), 1u);  // one attempt row, both servers in it
  EXPECT_EQ(rec->attempts[0].sip_code, 486);
  EXPECT_NE(rec->attempts[0].reason.find(
                fmt::format("trunk carrier (sip1.carrier.test 127.0.0.1:{}/udp)", dead)),
            std::string::npos)
      << rec->attempts[0].reason;
}

TEST_F(DnsTrunk, A503FromTheFirstTargetFailsOverToTheNextSrvTarget) {
  ASSERT_NO_FATAL_FAILURE(start(sip1_.port(), sip2_.port()));
  invite();
  auto first = inviteAt(sip1_, 5s);
  ASSERT_TRUE(first) << "sip1 (priority 10) got no INVITE";
  answer(sip1_, *first, 503);
  auto req = inviteAt(sip2_, 5s);
  ASSERT_TRUE(req) << "sip2 (priority 20) got no INVITE after sip1's 503";
  busy(sip2_, *req);
  auto rec = record();
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->attempts.size(), 1u);
  EXPECT_EQ(rec->attempts[0].sip_code, 486);
  EXPECT_NE(rec->attempts[0].reason.find(fmt::format(
                "trunk carrier (sip1.carrier.test 127.0.0.1:{}/udp): 503", sip1_.port())),
            std::string::npos)
      << rec->attempts[0].reason;
}

}  // namespace
}  // namespace hk::b2bua
