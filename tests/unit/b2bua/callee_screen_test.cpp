// The callee's screen (ForwardOptions: whisper, accept key) and the recording consent, end
// to end over real SIP and RTP on loopback (as media_call_test.cpp): a B2BUA with a handler
// that forwards to the number's destinations in turn, a caller and destinations played by
// test peers (sip_peer.hpp), the real media engine and call-log writer (the fixture:
// media_call_fixture.hpp). What a party hears is what its RTP socket received.
#include <deque>

#include "unit/b2bua/media_call_fixture.hpp"

namespace hk::b2bua {
namespace {

using namespace std::chrono_literals;
using e2e::ringbackShare;
using e2e::since;
using test::toneShare;
using test::Udp;
using Events = e2e::Events;

// Forwards to the number's destinations in turn with the test's options.
class ScreenHandler final : public CallHandler {
 public:
  ScreenHandler(const ForwardOptions& o, Events& e) : o_(o), e_(e) {}
  void onStart(CallControl& c) override { next(c); }
  void onAttemptFailed(CallControl& c, const AttemptResult& r) override {
    e_.add(fmt::format("failed:{}:{}", static_cast<int>(r.kind), r.reason));
    next(c);
  }
  void onConnected(CallControl& c) override {
    e_.add("connected");
    if (c.info().recording) (void)c.startRecording(*c.info().recording);
  }
  void onEnded(CallControl&) override { e_.add("ended"); }

 private:
  void next(CallControl& c) {
    const auto& d = c.info().number.destinations;
    if (i_ >= d.size()) return c.hangUp(480);
    c.forward(d[i_++], o_);
  }
  ForwardOptions o_;
  Events& e_;
  size_t i_ = 0;
};

class CalleeScreenTest : public e2e::MediaCallFixture {
 protected:
  void start(const ForwardOptions& o, domain::RecordingSetting rec = {}) {
    domain::TrackingNumber n = testNumber({"0311110200", "0311110300"});
    n.recording = std::move(rec);
    startB2bua({"/tmp/hk-callee-screen-XXXXXX", 30000, n, [this, o](const CallInfo&) {
                  return std::make_unique<ScreenHandler>(o, events_);
                }});
  }

  // ---- the caller
  void invite() {
    std::string sdp = callerOffer();
    send(caller_sip_, "INVITE", 1, "Content-Type: application/sdp\r\n", sdp);
  }
  void send(const Udp& ua, const std::string& method, int cseq, const std::string& extra = {},
            const std::string& body = {}) {
    std::string m = fmt::format(
        "{0} sip:05030000001@127.0.0.1:{1} SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:{2};branch=z9hG4bK{7}\r\n"
        "From: {3}\r\nTo: {4}\r\nCall-ID: screen-1@test\r\nCSeq: {5} {0}\r\n"
        "Contact: <sip:caller@127.0.0.1:{2}>\r\nMax-Forwards: 70\r\n{6}"
        "Content-Length: {8}\r\n\r\n{9}",
        method, b2bua_->udpPort(), ua.port(), from_,
        to_.empty() ? "<sip:05030000001@127.0.0.1>" : to_, cseq, extra,
        method == "CANCEL" || method == "INVITE" ? "inv1" : method, body.size(), body);
    ua.sendTo(b2bua_->udpPort(), m.data(), m.size());
  }
  // The caller's final response (none: nullopt).
  std::optional<sip::Message> callerFinal(std::chrono::milliseconds wait) {
    auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto d = caller_sip_.recv(20ms);
      auto m = d ? sip::parseMessage(*d) : Result<sip::Message>(fail(Code::Invalid, "none"));
      if (m && !m->isRequest() && m->status() >= 200 && m->cseq() &&
          m->cseq()->method == "INVITE") {
        return std::move(*m);
      }
    }
    return std::nullopt;
  }
  void ack(const sip::Message& ok) {
    to_ = std::string(ok.header("To").value_or(""));
    send(caller_sip_, "ACK", 1);
    caller_rtp_.setRemote(test::sdpPort(ok.body()));
  }

  // ---- the destinations (one socket: the outbound trunk)
  // The next request of `method` to the destinations; a BYE is answered 200.
  std::optional<std::string> calleeRequest(const std::string& method,
                                           std::chrono::milliseconds wait = 5s) {
    auto until = std::chrono::steady_clock::now() + wait;
    for (;;) {
      for (auto it = pending_.begin(); it != pending_.end(); ++it) {
        auto m = sip::parseMessage(*it);
        if (m && m->method() == method) {
          std::string raw = *it;
          pending_.erase(it);
          if (method == "BYE") reply(raw, 200, "");
          return raw;
        }
      }
      if (std::chrono::steady_clock::now() >= until) return std::nullopt;
      auto d = callee_sip_.recv(20ms);
      auto m = d ? sip::parseMessage(*d) : Result<sip::Message>(fail(Code::Invalid, "none"));
      if (m && m->isRequest() && m->method() != "ACK") pending_.push_back(*d);
    }
  }
  // ---- the steps the tests share
  // The caller calls and the first destination answers at once.
  void calleeAnswersInvite() {
    invite();
    auto inv = calleeRequest("INVITE");
    ASSERT_TRUE(inv);
    reply(*inv, 200, "callee1");
  }
  // The caller is answered (200 within 3 s) and ACKs.
  void callerAnswered() {
    auto ok = callerFinal(3s);
    ASSERT_TRUE(ok);
    ASSERT_EQ(ok->status(), 200);
    ack(*ok);
  }
  // Once connected, both talk for 0.8 s: the caller hears the callee.
  void talkConnected() {
    ASSERT_TRUE(events_.waitFor("connected"));
    size_t before = caller_rtp_.heardSamples();
    pace(40, 600, 1400);
    EXPECT_GT(toneShare(since(caller_rtp_, before), 1400), 0.5);
  }
  // The caller hangs up; the destination gets (and answers) a BYE. The call's record.
  std::optional<domain::CallRecord> callerHangsUp() {
    send(caller_sip_, "BYE", 2);
    EXPECT_TRUE(calleeRequest("BYE"));
    return record();
  }

  std::deque<std::string> pending_;
};

ForwardOptions screened(std::chrono::seconds accept_timeout = 5s) {
  ForwardOptions o;
  o.ring_timeout = 10s;
  o.whisper = PlaySpec{};
  o.whisper->text = "A call from the web.";  // 20 bytes: 1 s of 1 kHz
  o.accept_key = '1';
  o.accept_timeout = accept_timeout;
  return o;
}

TEST_F(CalleeScreenTest, TheCalleeHearsTheWhisperAndTakesTheCallWithItsKey) {
  start(screened());
  ASSERT_NO_FATAL_FAILURE(calleeAnswersInvite());
  // The whisper: the callee hears it, the caller still hears ringback and not the callee.
  pace(60, 0, 1400);
  EXPECT_FALSE(callerFinal(1ms)) << "the caller is answered before the callee took the call";
  EXPECT_FALSE(events_.has("connected"));
  auto callee_heard = callee_rtp_.heard();
  auto caller_heard = caller_rtp_.heard();
  ASSERT_GE(callee_heard.size(), 8u * 800);
  EXPECT_GT(toneShare(callee_heard, 1000), 0.5);
  ASSERT_GE(caller_heard.size(), 8u * 800);
  EXPECT_GT(ringbackShare(caller_heard), 0.5);
  EXPECT_LT(toneShare(caller_heard, 1400), 0.05);
  EXPECT_LT(toneShare(caller_heard, 1000), 0.05);
  // The accept key (RFC 4733): the caller is answered and hears the callee.
  callee_rtp_.sendEvent(1, 5);
  ASSERT_NO_FATAL_FAILURE(callerAnswered());
  ASSERT_NO_FATAL_FAILURE(talkConnected());
  auto r = callerHangsUp();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Answered);
  EXPECT_EQ(r->fwd_id, "0311110200");
  ASSERT_TRUE(r->tst_tms.has_value());
  ASSERT_EQ(r->attempts.size(), 1u);
  ASSERT_TRUE(r->attempts[0].answered_at.has_value());
  // Talk starts at the key, after the whisper: not at the callee's 200.
  EXPECT_GE(*r->tst_tms - *r->attempts[0].answered_at, 1000ms);
  EXPECT_GT(r->talking_ms, 500);
}

TEST_F(CalleeScreenTest, AnotherKeyIsNoAnswerAndTheNextDestinationRings) {
  ForwardOptions o = screened();
  o.whisper.reset();  // the key alone
  start(o);
  ASSERT_NO_FATAL_FAILURE(calleeAnswersInvite());
  pace(10, 0, 0);
  // '2' in band (697 + 1336 Hz), 120 ms, then silence (the end of the press).
  for (int i = 0; i < 6; ++i) callee_rtp_.sendTone(697, 1336);
  for (int i = 0; i < 10; ++i) callee_rtp_.sendTone(0.0001, 0, 0);
  pace(10, 0, 0);
  ASSERT_TRUE(calleeRequest("BYE")) << "the first destination keeps the call";
  ASSERT_TRUE(events_.waitFor("failed:1:not accepted (another key)"));
  auto inv2 = calleeRequest("INVITE");
  ASSERT_TRUE(inv2);
  EXPECT_NE(inv2->find("INVITE sip:0311110300@"), std::string::npos);
  reply(*inv2, 200, "callee2");
  pace(10, 0, 0);
  callee_rtp_.sendEvent(1, 5);
  ASSERT_NO_FATAL_FAILURE(callerAnswered());
  ASSERT_TRUE(events_.waitFor("connected"));
  auto r = callerHangsUp();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Answered);
  EXPECT_EQ(r->fwd_id, "0311110300");
  EXPECT_TRUE(r->tst_tms.has_value());
  ASSERT_EQ(r->attempts.size(), 2u);
  EXPECT_FALSE(r->attempts[0].answered_at.has_value());
  EXPECT_NE(r->attempts[0].reason.find("not accepted"), std::string::npos);
  EXPECT_TRUE(r->attempts[1].answered_at.has_value());
}

TEST_F(CalleeScreenTest, NoKeyFromAnyoneIsNoAnswer) {
  ForwardOptions o = screened(1s);
  o.whisper.reset();
  start(o);
  invite();
  for (const char* tag : {"callee1", "callee2"}) {
    auto inv = calleeRequest("INVITE");
    ASSERT_TRUE(inv) << tag;
    reply(*inv, 200, tag);
    ASSERT_TRUE(calleeRequest("BYE", 3s)) << tag;
  }
  auto fin = callerFinal(3s);
  ASSERT_TRUE(fin);
  EXPECT_EQ(fin->status(), 480);
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::NoAnswer);
  EXPECT_FALSE(r->tst_tms.has_value());
  EXPECT_EQ(r->attempts.size(), 2u);
}

TEST_F(CalleeScreenTest, TheCallerLeavingDuringTheWhisperEndsBoth) {
  start(screened());
  ASSERT_NO_FATAL_FAILURE(calleeAnswersInvite());
  pace(20, 0, 0);
  send(caller_sip_, "CANCEL", 1);
  EXPECT_TRUE(calleeRequest("BYE"));
  ASSERT_TRUE(events_.waitFor("ended"));
  EXPECT_FALSE(events_.has("connected"));
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Answered);
  EXPECT_FALSE(r->tst_tms.has_value());
  EXPECT_EQ(r->talking_ms, 0);
}

TEST_F(CalleeScreenTest, TheConsentIsHeardByBothBeforeTheyHearEachOtherThenRecorded) {
  domain::RecordingSetting rec;
  rec.mode = domain::RecordingMode::Stereo;
  rec.consent_text = "This call is recorded.";  // 22 bytes: 1.1 s of 1 kHz
  ForwardOptions o;
  o.ring_timeout = 10s;
  start(o, rec);
  ASSERT_NO_FATAL_FAILURE(calleeAnswersInvite());
  ASSERT_NO_FATAL_FAILURE(callerAnswered());  // no screen: the caller is answered at once
  pace(45, 600, 1400);                        // 0.9 s: inside the consent
  EXPECT_FALSE(events_.has("connected")) << "connected before the consent ended";
  auto caller_heard = caller_rtp_.heard();
  auto callee_heard = callee_rtp_.heard();
  ASSERT_GE(caller_heard.size(), 8u * 600);
  ASSERT_GE(callee_heard.size(), 8u * 600);
  EXPECT_GT(toneShare(caller_heard, 1000), 0.5);
  EXPECT_GT(toneShare(callee_heard, 1000), 0.5);
  EXPECT_LT(toneShare(caller_heard, 1400), 0.05);
  EXPECT_LT(toneShare(callee_heard, 600), 0.05);
  ASSERT_NO_FATAL_FAILURE(talkConnected());
  auto r = callerHangsUp();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Answered);
  EXPECT_FALSE(r->recording.empty()) << r->recording_error;
  EXPECT_GT(r->recording_ms, 0);
  EXPECT_LT(r->recording_ms, 1500);  // from the end of the consent, not from the 200
}

TEST_F(CalleeScreenTest, CallerIdTrackingNumberIsWhatTheCalleeSees) {
  ForwardOptions o;
  o.ring_timeout = 10s;
  o.presentation = ForwardOptions::Presentation::TrackingNumber;  // the trunk says caller
  start(o);
  invite();
  auto inv = calleeRequest("INVITE");
  ASSERT_TRUE(inv);
  std::string from = test::headerLines(*inv, "From");
  EXPECT_NE(from.find("sip:05030000001@"), std::string::npos) << from;
  EXPECT_EQ(from.find("09012345678"), std::string::npos) << from;
  reply(*inv, 200, "callee1");
  auto ok = callerFinal(3s);
  ASSERT_TRUE(ok);
  ack(*ok);
  auto r = callerHangsUp();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Answered);
}

}  // namespace
}  // namespace hk::b2bua
