// The callee's screen (ForwardOptions: whisper, accept key) and the recording consent, end
// to end over real SIP and RTP on loopback (as media_call_test.cpp): a B2BUA with a handler
// that forwards to the number's destinations in turn, a caller and destinations played by
// test peers (sip_peer.hpp), the real media engine and call-log writer. What a party hears
// is what its RTP socket received.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <filesystem>

#include "b2bua/b2bua.hpp"
#include "base/config.hpp"
#include "base/executor.hpp"
#include "calllog/writer.hpp"
#include "media/prompt_store.hpp"
#include "media/tts_cache.hpp"
#include "rtp/media_engine.hpp"
#include "rtp/port_pool.hpp"
#include "secure/caller_cipher.hpp"
#include "secure/keyfile.hpp"
#include "store/store.hpp"
#include "unit/b2bua/sip_peer.hpp"

namespace hk::b2bua {
namespace {

using namespace std::chrono_literals;
using test::RtpPeer;
using test::toneShare;
using test::Udp;

struct Events {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> log;
  void add(std::string s) {
    std::lock_guard<std::mutex> l(mu);
    log.push_back(std::move(s));
    cv.notify_all();
  }
  bool waitFor(const std::string& s, std::chrono::milliseconds t = 5s) {
    std::unique_lock<std::mutex> l(mu);
    return cv.wait_for(l, t, [&] { return std::find(log.begin(), log.end(), s) != log.end(); });
  }
  bool has(const std::string& s) {
    std::lock_guard<std::mutex> l(mu);
    return std::find(log.begin(), log.end(), s) != log.end();
  }
};

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

// Speech without an engine: a 1 kHz tone, 50 ms per byte of text.
class ToneSynth final : public media::Synthesizer {
 public:
  Result<media::Pcm8k> synthesize(const media::TtsRequest& req) override {
    std::vector<int16_t> v(req.text.size() * 400);
    for (size_t i = 0; i < v.size(); ++i) {
      v[i] = static_cast<int16_t>(8000 * std::sin(2 * M_PI * 1000 * static_cast<double>(i) / 8000));
    }
    return media::Pcm8k{std::move(v)};
  }
  std::string engineVersion(std::string_view) const override { return "tone-1"; }
};

std::vector<int16_t> since(const RtpPeer& p, size_t from) {
  auto all = p.heard();
  if (from >= all.size()) return {};
  return {all.begin() + static_cast<std::ptrdiff_t>(from), all.end()};
}

double ringbackShare(const std::vector<int16_t>& pcm) {
  return toneShare(pcm, 400) + toneShare(pcm, 384) + toneShare(pcm, 416);
}

class CalleeScreenTest : public ::testing::Test {
 protected:
  void start(const ForwardOptions& o, domain::RecordingSetting rec = {}) {
    char tmpl[] = "/tmp/hk-callee-screen-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
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
      std::lock_guard<std::mutex> l(rec_mu_);
      records_.push_back(r);
      rec_cv_.notify_all();
    });
    auto keys = secure::KeyRing::loadOrCreate((dir_ / "key").string());
    ASSERT_TRUE(keys);
    cipher_ = std::make_unique<secure::CallerCipher>(std::move(*keys));
    rtp::PortPool::Config pc;
    pc.min_port = static_cast<uint16_t>(30000 + (::getpid() % 200) * 50);
    pc.max_port = static_cast<uint16_t>(pc.min_port + 49);
    auto pool = rtp::PortPool::create(pc);
    ASSERT_TRUE(pool) << pool.error().message;
    ports_ = std::move(*pool);
    media_ = std::make_unique<rtp::MediaEngine>(rtp::MediaEngine::Config{}, *ports_, clock_);
    media::PromptStoreOptions po;
    po.media_dir = dir_ / "media";
    auto ps = media::PromptStore::open(po);
    ASSERT_TRUE(ps);
    prompts_ = std::move(*ps);
    tts_ = std::make_unique<media::TtsCache>(dir_ / "media" / "tts", synth_);
    std::map<std::string, std::string> sets = {
        {"trunk.carrier.direction", "inbound"},
        {"trunk.carrier.sources", "127.0.0.1"},
        {"trunk.pbx.direction", "outbound"},
        {"trunk.pbx.host", "127.0.0.1"},
        {"trunk.pbx.port", std::to_string(callee_sip_.port())}};
    auto cfg = Config::load(trunkConfigKeys(), "", {}, sets);
    ASSERT_TRUE(cfg) << cfg.error().message;
    auto trunks = Trunks::fromConfig(*cfg);
    ASSERT_TRUE(trunks) << trunks.error().message;
    loop_.start();
    domain::TrackingNumber n;
    n.id = 1;
    n.operator_id = 1;
    n.advertiser_id = 1;
    n.number = "05030000001";
    n.state = domain::NumberState::Assigned;
    n.destinations = {"0311110200", "0311110300"};
    n.recording = std::move(rec);
    B2buaDeps deps{
        loop_,
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
        [this, o](const CallInfo&) { return std::make_unique<ScreenHandler>(o, events_); },
        prompts_.get(),
        tts_.get(),
        &media_work_};
    B2buaOptions bo;
    bo.udp_listen = "127.0.0.1:0";
    bo.timers.t1 = 100ms;
    bo.timers.t2 = 400ms;
    bo.timers.t4 = 500ms;
    bo.directory_refresh = 20ms;
    bo.recordings_dir = (dir_ / "media" / "recordings").string();
    auto b = B2bua::start(std::move(deps), bo);
    ASSERT_TRUE(b) << b.error().message;
    b2bua_ = std::move(*b);
    for (int i = 0; i < 500 && loads_ < 2; ++i) (void)pace_.recv(5ms);
    ASSERT_GE(loads_.load(), 2);
  }

  void TearDown() override {
    if (b2bua_) b2bua_->stop();
    media_work_.stop();
    blocking_.stop();
    loop_.stop();
    b2bua_.reset();
    if (writer_) writer_->stop();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  // ---- the caller
  void invite() {
    std::string sdp = fmt::format(
        "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        "m=audio {} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n",
        caller_rtp_.port());
    from_ = fmt::format("<sip:09012345678@127.0.0.1:{}>;tag=caller1", caller_sip_.port());
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
  void reply(const std::string& req, int code, const std::string& to_tag) {
    std::string to = test::headerLines(req, "To");
    if (!to_tag.empty()) to.insert(to.size() - 2, ";tag=" + to_tag);
    std::string sdp, extra;
    if (code == 200 && !to_tag.empty()) {
      sdp = fmt::format(
          "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          "m=audio {} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
          "a=rtpmap:101 telephone-event/8000\r\n",
          callee_rtp_.port());
      extra = fmt::format("Contact: <sip:callee@127.0.0.1:{}>\r\nContent-Type: application/sdp\r\n",
                          callee_sip_.port());
      if (auto m = sip::parseMessage(req)) callee_rtp_.setRemote(test::sdpPort(m->body()));
    }
    std::string r = fmt::format("SIP/2.0 {} {}\r\n", code, code == 200 ? "OK" : "Error") +
                    test::headerLines(req, "Via") + test::headerLines(req, "From") + to +
                    test::headerLines(req, "Call-ID") + test::headerLines(req, "CSeq") + extra +
                    fmt::format("Content-Length: {}\r\n\r\n", sdp.size()) + sdp;
    callee_sip_.sendTo(b2bua_->udpPort(), r.data(), r.size());
  }

  // Real-time pacing: `frames` x 20 ms, the callee sending `callee_hz` (0: nothing).
  void pace(int frames, double caller_hz, double callee_hz) {
    for (int i = 0; i < frames; ++i) {
      if (caller_hz > 0) caller_rtp_.sendTone(caller_hz);
      if (callee_hz > 0) callee_rtp_.sendTone(callee_hz);
      (void)pace_.recv(20ms);
    }
  }

  std::optional<domain::CallRecord> record(std::chrono::milliseconds wait = 5s) {
    std::unique_lock<std::mutex> l(rec_mu_);
    if (!rec_cv_.wait_for(l, wait, [this] { return !records_.empty(); })) return std::nullopt;
    return records_.back();
  }

  std::filesystem::path dir_;
  SystemClock clock_;
  metrics::Registry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<calllog::Writer> writer_;
  std::mutex rec_mu_;
  std::condition_variable rec_cv_;
  std::vector<domain::CallRecord> records_;
  std::unique_ptr<secure::CallerCipher> cipher_;
  std::unique_ptr<rtp::PortPool> ports_;
  std::unique_ptr<rtp::MediaEngine> media_;
  std::unique_ptr<media::PromptStore> prompts_;
  ToneSynth synth_;
  std::unique_ptr<media::TtsCache> tts_;
  EventLoop loop_{"calls"};
  WorkerPool blocking_{"db", 1};
  WorkerPool media_work_{"media", 1};
  std::atomic<int> loads_{0};
  Events events_;
  std::unique_ptr<B2bua> b2bua_;
  Udp caller_sip_, callee_sip_, pace_;
  RtpPeer caller_rtp_, callee_rtp_;
  std::deque<std::string> pending_;
  std::string from_, to_;
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
  invite();
  auto inv = calleeRequest("INVITE");
  ASSERT_TRUE(inv);
  reply(*inv, 200, "callee1");
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
  auto ok = callerFinal(3s);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status(), 200);
  ack(*ok);
  ASSERT_TRUE(events_.waitFor("connected"));
  size_t before = caller_rtp_.heardSamples();
  pace(40, 600, 1400);
  EXPECT_GT(toneShare(since(caller_rtp_, before), 1400), 0.5);
  send(caller_sip_, "BYE", 2);
  EXPECT_TRUE(calleeRequest("BYE"));
  auto r = record();
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
  invite();
  auto inv = calleeRequest("INVITE");
  ASSERT_TRUE(inv);
  reply(*inv, 200, "callee1");
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
  auto ok = callerFinal(3s);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status(), 200);
  ack(*ok);
  ASSERT_TRUE(events_.waitFor("connected"));
  send(caller_sip_, "BYE", 2);
  EXPECT_TRUE(calleeRequest("BYE"));
  auto r = record();
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
  invite();
  auto inv = calleeRequest("INVITE");
  ASSERT_TRUE(inv);
  reply(*inv, 200, "callee1");
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
  invite();
  auto inv = calleeRequest("INVITE");
  ASSERT_TRUE(inv);
  reply(*inv, 200, "callee1");
  auto ok = callerFinal(3s);  // no screen: the caller is answered at once
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status(), 200);
  ack(*ok);
  pace(45, 600, 1400);  // 0.9 s: inside the consent
  EXPECT_FALSE(events_.has("connected")) << "connected before the consent ended";
  auto caller_heard = caller_rtp_.heard();
  auto callee_heard = callee_rtp_.heard();
  ASSERT_GE(caller_heard.size(), 8u * 600);
  ASSERT_GE(callee_heard.size(), 8u * 600);
  EXPECT_GT(toneShare(caller_heard, 1000), 0.5);
  EXPECT_GT(toneShare(callee_heard, 1000), 0.5);
  EXPECT_LT(toneShare(caller_heard, 1400), 0.05);
  EXPECT_LT(toneShare(callee_heard, 600), 0.05);
  ASSERT_TRUE(events_.waitFor("connected"));
  size_t before = caller_rtp_.heardSamples();
  pace(40, 600, 1400);
  EXPECT_GT(toneShare(since(caller_rtp_, before), 1400), 0.5);
  send(caller_sip_, "BYE", 2);
  EXPECT_TRUE(calleeRequest("BYE"));
  auto r = record();
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
  send(caller_sip_, "BYE", 2);
  EXPECT_TRUE(calleeRequest("BYE"));
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Answered);
}

}  // namespace
}  // namespace hk::b2bua
