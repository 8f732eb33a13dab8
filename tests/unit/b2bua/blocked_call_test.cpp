// A blocked caller and the lines (line_limits.cpp, block_check.cpp), end to end over real
// SIP and RTP on loopback (media_call_fixture.hpp): a blocked call hears its "not in
// service" announcement on early media and is rejected without holding one of the number's
// lines, so a caller who is not blocked gets the only line meanwhile.
#include "unit/b2bua/media_call_fixture.hpp"

namespace hk::b2bua {
namespace {

using namespace std::chrono_literals;
using test::RtpPeer;
using test::toneShare;
using test::Udp;

// What a flow does for the callers who are not blocked: forward to the destination.
class ForwardHandler final : public CallHandler {
 public:
  explicit ForwardHandler(e2e::Events& e) : e_(e) {}
  void onStart(CallControl& c) override {
    e_.add("start");
    c.forward("0311110200", std::chrono::seconds(5));
  }
  void onLinesFull(CallControl& c) override {
    e_.add("lines_full");
    c.hangUp(486);
  }
  void onAttemptFailed(CallControl& c, const AttemptResult&) override { c.hangUp(480); }
  void onConnected(CallControl&) override { e_.add("connected"); }

 private:
  e2e::Events& e_;
};

// A caller on its own SIP and RTP sockets.
struct Caller {
  Udp sip;
  RtpPeer rtp;
};

class BlockedCall : public e2e::MediaCallFixture {
 protected:
  void SetUp() override {
    domain::TrackingNumber n = testNumber({"0311110200"});
    n.max_lines = 1;
    e2e::FixtureSpec spec{
        "/tmp/hk-blocked-call-XXXXXX",
        20000,
        n,
        [this](const CallInfo&) { return std::make_unique<ForwardHandler>(events_); },
        false,
        &callee_sip_};
    spec.load_block_lists = []() -> Result<std::vector<store::BlockEntry>> {
      store::BlockEntry e;
      e.id = 7;
      e.operator_id = 1;
      e.number_id = 1;
      e.kind = store::BlockKind::Prefix;
      e.prefix = "0901111";
      return std::vector<store::BlockEntry>{e};
    };
    ASSERT_NO_FATAL_FAILURE(startB2bua(std::move(spec)));
  }

  void invite(Caller& c, const std::string& number, const std::string& call_id) {
    std::string sdp = fmt::format(
        "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        "m=audio {} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
        c.rtp.port());
    std::string m = fmt::format(
        "INVITE sip:05030000001@127.0.0.1:{0} SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:{1};branch=z9hG4bK{2}\r\n"
        "From: <sip:{3}@127.0.0.1:{1}>;tag=t{2}\r\nTo: <sip:05030000001@127.0.0.1:{0}>\r\n"
        "Call-ID: {2}@test\r\nCSeq: 1 INVITE\r\nContact: <sip:c@127.0.0.1:{1}>\r\n"
        "Max-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: {4}\r\n\r\n{5}",
        b2bua_->udpPort(), c.sip.port(), call_id, number, sdp.size(), sdp);
    c.sip.sendTo(b2bua_->udpPort(), m.data(), m.size());
  }

  // The first response of `c` with a status in [lo, hi], within `wait`.
  static std::optional<sip::Message> response(Caller& c, int lo, int hi,
                                              std::chrono::milliseconds wait = 5s) {
    auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto d = c.sip.recv(20ms);
      if (!d) continue;
      auto m = sip::parseMessage(*d);
      if (m && !m->isRequest() && m->status() >= lo && m->status() <= hi) return std::move(*m);
    }
    return std::nullopt;
  }

  // Forwarded INVITEs the destination received within `wait`; each answered with 200.
  int calleeInvites(std::chrono::milliseconds wait) {
    int n = 0;
    auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto d = callee_sip_.recv(20ms);
      if (!d) continue;
      auto m = sip::parseMessage(*d);
      if (!m || !m->isRequest() || m->method() != "INVITE") continue;
      reply(*d, 200, fmt::format("callee{}", ++n));
    }
    return n;
  }
};

TEST_F(BlockedCall, TheAnnouncementHoldsNoLineAndTheNextCallerGetsIt) {
  Caller blocked, other;
  invite(blocked, "09011112222", "blocked1");
  auto early = response(blocked, 183, 183);
  ASSERT_TRUE(early) << "the blocked caller gets early media";
  // While the announcement plays (about 2.8 s with the fake synthesiser), the only line is
  // free: the next caller starts its flow and is forwarded.
  invite(other, "09087654321", "other1");
  EXPECT_TRUE(events_.waitFor("start"));
  EXPECT_EQ(calleeInvites(1s), 1) << "the other caller is forwarded";
  auto ok = response(other, 200, 200);
  ASSERT_TRUE(ok) << "the other caller is connected";
  EXPECT_FALSE(events_.has("lines_full"));
  EXPECT_FALSE(response(blocked, 200, 699, 10ms)) << "still announcing";
  // The blocked caller heard the announcement, then the intercept's 404; never forwarded.
  auto rejected = response(blocked, 200, 699);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status(), 404);
  EXPECT_GT(toneShare(blocked.rtp.heard(), 1000), 0.3) << "the announcement";
  EXPECT_EQ(calleeInvites(100ms), 0);
  EXPECT_EQ(events_.count("start"), 1u) << "no flow runs for the blocked caller";
}

}  // namespace
}  // namespace hk::b2bua
