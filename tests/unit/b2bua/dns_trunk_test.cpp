// Outbound trunks named by a host name, end to end: a real DNS server (dnsmasq) publishes
// NAPTR and SRV records for the carrier, a B2BUA forwards a real SIP call through the
// trunk; the INVITE goes to the SRV target with the lowest priority value and, when that
// one does not answer (timer B), to the next one; the attempt row names what failed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>

#include "b2bua/b2bua.hpp"
#include "calllog/writer.hpp"
#include "rtp/media_engine.hpp"
#include "rtp/port_pool.hpp"
#include "secure/caller_cipher.hpp"
#include "secure/keyfile.hpp"
#include "sip/parser.hpp"
#include "store/store.hpp"
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

class DnsTrunk : public ::testing::Test {
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
    std::string tmpl = "/tmp/hk-dns-trunk-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto st = store::Store::open("sqlite::memory:", clock_);
    ASSERT_TRUE(st) << st.error().message;
    store_ = std::move(*st);
    calllog::WriterOptions wo;
    wo.journal_path = (dir_ / "journal").string();
    auto w = calllog::Writer::start(*store_, clock_, metrics_, wo);
    ASSERT_TRUE(w) << w.error().message;
    writer_ = std::move(*w);
    writer_->onFinalized([this](const domain::CallRecord& r) {
      std::lock_guard<std::mutex> l(mu_);
      records_.push_back(r);
      cv_.notify_all();
    });
    auto keys = secure::KeyRing::loadOrCreate((dir_ / "key").string());
    ASSERT_TRUE(keys);
    cipher_ = std::make_unique<secure::CallerCipher>(std::move(*keys));
    rtp::PortPool::Config pc;
    pc.min_port = static_cast<uint16_t>(45000 + (::getpid() % 100) * 20);
    pc.max_port = static_cast<uint16_t>(pc.min_port + 19);
    auto pool = rtp::PortPool::create(pc);
    ASSERT_TRUE(pool) << pool.error().message;
    ports_ = std::move(*pool);
    media_ = std::make_unique<rtp::MediaEngine>(rtp::MediaEngine::Config{}, *ports_, clock_);
    std::map<std::string, std::string> sets = {{"trunk.in.direction", "inbound"},
                                               {"trunk.in.sources", "127.0.0.1"},
                                               {"trunk.carrier.direction", "outbound"},
                                               {"trunk.carrier.host", "carrier.test"}};
    auto cfg = Config::load(trunkConfigKeys(), "", {}, sets);
    ASSERT_TRUE(cfg) << cfg.error().message;
    auto trunks = Trunks::fromConfig(*cfg);
    ASSERT_TRUE(trunks) << trunks.error().message;
    domain::TrackingNumber n;
    n.id = 1;
    n.operator_id = 1;
    n.advertiser_id = 1;
    n.number = "05030000001";
    n.state = domain::NumberState::Assigned;
    n.destinations = {"0311110200"};
    loop_.start();
    B2buaDeps deps{loop_,
                   clock_,
                   std::move(*trunks),
                   *media_,
                   *ports_,
                   *writer_,
                   *cipher_,
                   metrics_,
                   [this, n]() -> Result<std::vector<domain::TrackingNumber>> {
                     loads_++;
                     return std::vector<domain::TrackingNumber>{n};
                   },
                   blocking_,
                   {}};  // the forwarding handler: the number's destinations
    B2buaOptions o;
    o.udp_listen = "127.0.0.1:0";
    o.timers.t1 = 25ms;  // timer B: 1.6 s
    o.timers.t2 = 100ms;
    o.timers.t4 = 100ms;
    o.directory_refresh = 20ms;
    o.dns.dns.servers = {sip::DnsServer{"127.0.0.1", dns_.port()}};
    o.dns.dns.timeout = 1s;
    auto b = B2bua::start(std::move(deps), o);
    ASSERT_TRUE(b) << b.error().message;
    b2bua_ = std::move(*b);
    // Numbers loaded, and the trunk's name looked up (both SRV targets known).
    auto& found = metrics_.gauge("hankyo_trunk_dns_targets", "", "trunk=\"carrier\"");
    for (int i = 0; i < 500 && (loads_ < 2 || found.value() < 2); ++i) (void)pace_.recv(5ms);
    ASSERT_GE(loads_.load(), 2);
    ASSERT_EQ(found.value(), 2);
  }

  void TearDown() override {
    if (b2bua_) b2bua_->stop();
    blocking_.stop();
    loop_.stop();
    b2bua_.reset();
    if (writer_) writer_->stop();
    dns_.stop();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  void invite() {
    std::string sdp = fmt::format(
        "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        "m=audio {} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
        caller_rtp_.port());
    std::string m = fmt::format(
        "INVITE sip:05030000001@127.0.0.1:{0} SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:{1};branch=z9hG4bKdns1\r\n"
        "From: <sip:09012345678@127.0.0.1:{1}>;tag=caller1\r\n"
        "To: <sip:05030000001@127.0.0.1:{0}>\r\nCall-ID: dns-trunk-1\r\n"
        "CSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.1:{1}>\r\nMax-Forwards: 70\r\n"
        "Content-Type: application/sdp\r\nContent-Length: {2}\r\n\r\n{3}",
        b2bua_->udpPort(), caller_.port(), sdp.size(), sdp);
    caller_.sendTo(b2bua_->udpPort(), m.data(), m.size());
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

  // `peer` answers the INVITE `req` with `status` (the B2BUA ACKs it).
  void answer(const Udp& peer, const std::string& req, const std::string& status) {
    std::string to = test::headerLines(req, "To");
    to.insert(to.size() - 2, ";tag=callee1");
    std::string r = "SIP/2.0 " + status + "\r\n" + test::headerLines(req, "Via") +
                    test::headerLines(req, "From") + to + test::headerLines(req, "Call-ID") +
                    test::headerLines(req, "CSeq") + "Content-Length: 0\r\n\r\n";
    peer.sendTo(b2bua_->udpPort(), r.data(), r.size());
  }
  void busy(const Udp& peer, const std::string& req) { answer(peer, req, "486 Busy Here"); }

  std::optional<domain::CallRecord> record(std::chrono::milliseconds wait = 5s) {
    std::unique_lock<std::mutex> l(mu_);
    if (!cv_.wait_for(l, wait, [this] { return !records_.empty(); })) return std::nullopt;
    return records_.back();
  }

  test::Dnsmasq dns_;
  std::filesystem::path dir_;
  SystemClock clock_;
  metrics::Registry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<calllog::Writer> writer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<domain::CallRecord> records_;
  std::unique_ptr<secure::CallerCipher> cipher_;
  std::unique_ptr<rtp::PortPool> ports_;
  std::unique_ptr<rtp::MediaEngine> media_;
  EventLoop loop_{"calls"};
  WorkerPool blocking_{"db", 1};
  std::atomic<int> loads_{0};
  std::unique_ptr<B2bua> b2bua_;
  Udp caller_, sip1_, sip2_, pace_;
  test::RtpPeer caller_rtp_;
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
  answer(sip1_, *first, "503 Service Unavailable");
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
