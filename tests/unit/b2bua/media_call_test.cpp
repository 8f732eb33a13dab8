// The media of a call end to end over real SIP and RTP on loopback: a B2BUA with a scripted
// CallHandler (what a flow will do), a caller and a destination played by test peers
// (sip_peer.hpp), the real media engine, prompt store and call-log writer (the fixture:
// media_call_fixture.hpp). What a party hears is what its RTP socket received.
#include "media/audio_file.hpp"
#include "unit/b2bua/media_call_fixture.hpp"

namespace hk::b2bua {
namespace {

using namespace std::chrono_literals;
using e2e::ringbackShare;
using e2e::tonePcm;
using test::RtpPeer;
using test::toneShare;
using test::Udp;
using Events = e2e::Events;

// The script: what to do on each event (on the calls' loop).
struct Script {
  std::function<void(CallControl&)> start;
  std::function<void(CallControl&)> connected;
  std::function<void(CallControl&, PlayId, PlayEnd)> play_done;
  std::function<void(CallControl&, const std::string&, DigitsEnd)> digits;
  std::function<void(CallControl&, const VoicemailResult&)> voicemail;
  std::function<void(CallControl&)> lines_full;
  std::function<void(CallControl&)> line_free;
};

class ScriptHandler final : public CallHandler {
 public:
  ScriptHandler(Script& s, Events& e) : s_(s), e_(e) {}
  void onStart(CallControl& c) override {
    if (s_.start) s_.start(c);
  }
  void onAttemptFailed(CallControl& c, const AttemptResult&) override { c.hangUp(480); }
  void onConnected(CallControl& c) override {
    e_.add("connected");
    if (s_.connected) s_.connected(c);
  }
  void onEnded(CallControl&) override { e_.add("ended"); }
  void onLinesFull(CallControl& c) override {
    e_.add("lines_full");
    if (s_.lines_full) s_.lines_full(c);
  }
  void onLineFree(CallControl& c) override {
    e_.add("line_free");
    if (s_.line_free) s_.line_free(c);
  }
  void onPlayDone(CallControl& c, PlayId id, PlayEnd why) override {
    e_.add(fmt::format("play:{}:{}", id, playEndName(why)));
    if (s_.play_done) s_.play_done(c, id, why);
  }
  void onDigit(CallControl&, char d) override { e_.add(fmt::format("digit:{}", d)); }
  void onDigits(CallControl& c, const std::string& d, DigitsEnd why) override {
    e_.add(fmt::format("digits:{}:{}", d, digitsEndName(why)));
    if (s_.digits) s_.digits(c, d, why);
  }
  void onVoicemailDone(CallControl& c, const VoicemailResult& r) override {
    {
      std::lock_guard<std::mutex> l(e_.mu);
      e_.voicemail = r;
    }
    e_.add(fmt::format("voicemail:{}", voicemailEndName(r.reason)));
    if (s_.voicemail) s_.voicemail(c, r);
  }

 private:
  Script& s_;
  Events& e_;
};

class MediaCall : public e2e::MediaCallFixture {
 protected:
  void SetUp() override {
    domain::TrackingNumber n = testNumber({"0311110200"});
    n.name = "web";
    n.max_lines = 1;
    ASSERT_NO_FATAL_FAILURE(startB2bua(
        {"/tmp/hk-media-call-XXXXXX", 40000, n,
         [this](const CallInfo&) { return std::make_unique<ScriptHandler>(script_, events_); },
         true, &callee_sip_}));
    auto ref = prompts_->savePcm(media::Pcm8k{tonePcm(1000, 600)}, "beep 1 kHz");
    ASSERT_TRUE(ref) << ref.error().message;
    prompt_id_ = ref->id;
  }

  // ---- the caller's SIP

  void invite() {
    std::string sdp = callerOffer();
    std::string m = fmt::format(
        "INVITE sip:05030000001@127.0.0.1:{0} SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:{1};branch=z9hG4bKinv1\r\n"
        "From: {2}\r\nTo: <sip:05030000001@127.0.0.1:{0}>\r\nCall-ID: {3}\r\n"
        "CSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.1:{1}>\r\nMax-Forwards: 70\r\n"
        "Content-Type: application/sdp\r\nContent-Length: {4}\r\n\r\n{5}",
        b2bua_->udpPort(), caller_sip_.port(), from_, call_id_, sdp.size(), sdp);
    caller_sip_.sendTo(b2bua_->udpPort(), m.data(), m.size());
  }

  // The caller's next final response to the INVITE (provisionals are noted, skipped).
  std::optional<sip::Message> callerFinal(std::chrono::milliseconds wait = 5s) {
    auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto d = caller_sip_.recv(50ms);
      if (!d) continue;
      auto m = sip::parseMessage(*d);
      if (!m || m->isRequest()) continue;
      if (m->status() == 183) caller_early_sdp_ = std::string(m->body());
      if (m->status() >= 200) return std::move(*m);
    }
    return std::nullopt;
  }

  // The caller's INVITE is forwarded and the callee answers; the caller ACKs and listens.
  void connectCall() {
    invite();
    ASSERT_TRUE(calleeAnswers());
    auto ok = callerFinal();
    ASSERT_TRUE(ok);
    ackAndListen(*ok);
  }

  // The flow asks for a judgement after the call (the callee hears the test prompt, then
  // `keys` within `timeout`) and forwards to the callee.
  void judgeThenForward(std::map<char, domain::ValidRes> keys, std::chrono::seconds timeout) {
    script_.start = [this, keys, timeout](CallControl& c) {
      PostCallSpec spec;
      spec.prompt.prompt_id = prompt_id_;
      spec.keys = keys;
      spec.timeout = timeout;
      ASSERT_TRUE(c.judgeAfterCall(spec));
      c.forward("0311110200", std::chrono::seconds(5));
    };
  }

  void ackAndListen(const sip::Message& ok) {
    to_ = std::string(ok.header("To").value_or(""));
    std::string m = fmt::format(
        "ACK sip:hankyo@127.0.0.1:{0} SIP/2.0\r\nVia: SIP/2.0/UDP "
        "127.0.0.1:{1};branch=z9hG4bKack1\r\n"
        "From: {2}\r\nTo: {3}\r\nCall-ID: {4}\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\n"
        "Content-Length: 0\r\n\r\n",
        b2bua_->udpPort(), caller_sip_.port(), from_, to_, call_id_);
    caller_sip_.sendTo(b2bua_->udpPort(), m.data(), m.size());
    caller_rtp_.setRemote(test::sdpPort(ok.body()));
  }

  void callerBye() {
    std::string m = fmt::format(
        "BYE sip:hankyo@127.0.0.1:{0} SIP/2.0\r\nVia: SIP/2.0/UDP "
        "127.0.0.1:{1};branch=z9hG4bKbye1\r\n"
        "From: {2}\r\nTo: {3}\r\nCall-ID: {4}\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\n"
        "Content-Length: 0\r\n\r\n",
        b2bua_->udpPort(), caller_sip_.port(), from_, to_, call_id_);
    caller_sip_.sendTo(b2bua_->udpPort(), m.data(), m.size());
  }

  // Answers a BYE from Hankyo on `ua` with 200; true when one came.
  bool answerBye(const Udp& ua, std::chrono::milliseconds wait = 5s) {
    auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto d = ua.recv(50ms);
      if (!d) continue;
      auto m = sip::parseMessage(*d);
      if (!m || !m->isRequest() || m->method() != "BYE") continue;
      replyFrom(ua, *d, 200, "");
      return true;
    }
    return false;
  }

  // ---- the destination: answers the forwarded INVITE at once with PCMU
  bool calleeAnswers(std::chrono::milliseconds wait = 5s) {
    auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto d = callee_sip_.recv(50ms);
      if (!d) continue;
      auto m = sip::parseMessage(*d);
      if (!m || !m->isRequest() || m->method() != "INVITE") continue;
      reply(*d, 200, "callee1");
      return true;
    }
    return false;
  }

  // The destination rings (180 without SDP) for `ring` x 20 ms, then answers; what the
  // caller hears meanwhile is kept in `during`.
  bool calleeRingsThenAnswers(int ring, std::vector<int16_t>& during) {
    auto until = std::chrono::steady_clock::now() + 5s;
    std::optional<std::string> inv;
    while (!inv && std::chrono::steady_clock::now() < until) {
      auto d = callee_sip_.recv(50ms);
      if (!d) continue;
      auto m = sip::parseMessage(*d);
      if (m && m->isRequest() && m->method() == "INVITE") inv = d;
    }
    if (!inv) return false;
    reply(*inv, 180, "callee1");
    size_t before = caller_rtp_.heardSamples();
    pace(ring, 0, 0);
    during = e2e::since(caller_rtp_, before);
    // The INVITE again, answered with 200 this time.
    callee_sip_.sendTo(callee_sip_.port(), inv->data(), inv->size());
    return calleeAnswers();
  }

  std::string prompt_id_;
  Script script_;
  std::string call_id_ = "media-call-1@test";
  std::string caller_early_sdp_;
};

TEST_F(MediaCall, AnswerNowRecordsAnsTmsAndTheCallerHearsThePrompt) {
  script_.start = [this](CallControl& c) {
    ASSERT_TRUE(c.answer(AnswerMode::Now));
    PlaySpec p;
    p.prompt_id = prompt_id_;
    c.play(p);
  };
  invite();
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status(), 200);
  EXPECT_TRUE(ok->header("Allow").has_value());
  EXPECT_TRUE(ok->header("Supported").has_value());
  ackAndListen(*ok);
  pace(10, 600, 0);  // the caller's own audio: its RTP is accepted while the prompt plays
  ASSERT_TRUE(events_.waitFor("play:1:finished"));
  auto heard = caller_rtp_.heard();
  ASSERT_GE(heard.size(), 8u * 500);  // the 600 ms prompt, give or take the first frames
  EXPECT_GT(toneShare(heard, 1000), 0.5);
  callerBye();
  ASSERT_TRUE(events_.waitFor("ended"));
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ans_tms.has_value());
  EXPECT_FALSE(r->tst_tms.has_value());  // nobody to talk to
  EXPECT_EQ(r->hup_usr, domain::HupUsr::Caller);
}

TEST_F(MediaCall, TextIsSpokenThroughTheTtsCacheOffTheLoop) {
  std::thread::id loop_thread;
  script_.start = [&](CallControl& c) {
    loop_thread = std::this_thread::get_id();
    ASSERT_TRUE(c.answer(AnswerMode::Now));
    PlaySpec p;
    p.text = "Thank you for calling";  // 21 bytes: 1.05 s from the fake engine
    p.voice = "en-kal";
    c.play(p);
  };
  invite();
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ackAndListen(*ok);
  ASSERT_TRUE(events_.waitFor("play:1:finished"));
  EXPECT_EQ(synth_.calls.load(), 1);
  {
    std::lock_guard<std::mutex> l(synth_.mu);
    EXPECT_NE(synth_.thread, loop_thread);
  }
  auto heard = caller_rtp_.heard();
  EXPECT_GE(heard.size(), 8u * 950);
  EXPECT_GT(toneShare(heard, 1000), 0.5);
  callerBye();
  ASSERT_TRUE(events_.waitFor("ended"));
}

TEST_F(MediaCall, AKeyPressBargesIntoAPrompt) {
  script_.start = [this](CallControl& c) {
    ASSERT_TRUE(c.answer(AnswerMode::Now));
    PlaySpec p;
    p.prompt_id = prompt_id_;
    p.loops = 0;  // until stopped
    p.barge_in = true;
    c.play(p);
  };
  invite();
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ackAndListen(*ok);
  pace(30, 0, 0);
  caller_rtp_.sendEvent(5, 5);
  ASSERT_TRUE(events_.waitFor("play:1:barge_in")) << events_.joined();
  EXPECT_TRUE(events_.waitFor("digit:5"));  // the press still counts
  size_t before = caller_rtp_.heardSamples();
  pace(25, 0, 0);
  auto heard = caller_rtp_.heard();
  std::vector<int16_t> after(heard.begin() + static_cast<std::ptrdiff_t>(before), heard.end());
  EXPECT_LT(toneShare(after, 1000), 0.05);  // the prompt is gone
  callerBye();
  ASSERT_TRUE(events_.waitFor("ended"));
}

TEST_F(MediaCall, AMissingPromptIsAFailedPlayNotACrash) {
  script_.start = [](CallControl& c) {
    ASSERT_TRUE(c.answer(AnswerMode::Now));
    PlaySpec p;
    p.prompt_id = std::string(32, 'a');  // well formed, not stored
    c.play(p);
  };
  script_.play_done = [](CallControl& c, PlayId, PlayEnd) { c.hangUp(0); };
  invite();
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ackAndListen(*ok);
  ASSERT_TRUE(events_.waitFor("play:1:failed"));
  EXPECT_TRUE(answerBye(caller_sip_));
  ASSERT_TRUE(events_.waitFor("ended"));
}

TEST_F(MediaCall, DigitsByRfc4733AndInBandAreCollectedOncePerPress) {
  script_.start = [](CallControl& c) {
    ASSERT_TRUE(c.answer(AnswerMode::Now));
    DigitSpec d;
    d.max_digits = 8;
    d.terminator = '#';
    d.first_timeout = 5s;
    d.inter_digit_timeout = 3s;
    ASSERT_TRUE(c.collectDigits(d));
  };
  script_.digits = [](CallControl& c, const std::string&, DigitsEnd) { c.hangUp(0); };
  invite();
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ackAndListen(*ok);
  pace(5, 0, 0);
  // '1' by RFC 4733 only.
  caller_rtp_.sendEvent(1, 5);
  pace(10, 0, 0);
  // '5' in band only: 770 + 1336 Hz for 100 ms, then silence.
  for (int i = 0; i < 5; ++i) caller_rtp_.sendTone(770, 1336);
  for (int i = 0; i < 10; ++i) caller_rtp_.sendTone(0.0001, 0, 0);
  pace(5, 0, 0);
  // '9' both ways at once (a carrier that sends both): one digit.
  for (int i = 0; i < 5; ++i) caller_rtp_.sendTone(852, 1477);
  caller_rtp_.sendEvent(9, 5);
  for (int i = 0; i < 10; ++i) caller_rtp_.sendTone(0.0001, 0, 0);
  pace(10, 0, 0);
  caller_rtp_.sendEvent(11, 5);  // '#'
  ASSERT_TRUE(events_.waitFor("digits:159:terminator")) << events_.joined();
  EXPECT_EQ(events_.count("digit:"), 4u);  // 1, 5, 9, #: no press twice
  EXPECT_TRUE(answerBye(caller_sip_));
  ASSERT_TRUE(events_.waitFor("ended"));
}

TEST_F(MediaCall, DigitCollectionTimesOutWithWhatCame) {
  script_.start = [](CallControl& c) {
    ASSERT_TRUE(c.answer(AnswerMode::Now));
    DigitSpec d;
    d.max_digits = 4;
    d.first_timeout = 300ms;
    d.inter_digit_timeout = 300ms;
    ASSERT_TRUE(c.collectDigits(d));
  };
  script_.digits = [](CallControl& c, const std::string&, DigitsEnd) { c.hangUp(0); };
  invite();
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ackAndListen(*ok);
  ASSERT_TRUE(events_.waitFor("digits::timeout"));
  EXPECT_TRUE(answerBye(caller_sip_));
}

TEST_F(MediaCall, AWhisperIsHeardByTheCalleeOnly) {
  script_.start = [](CallControl& c) { c.forward("0311110200", 10s); };
  script_.connected = [this](CallControl& c) {
    PlaySpec p;
    p.prompt_id = prompt_id_;
    p.to = Party::Callee;
    c.play(p);
  };
  invite();
  ASSERT_TRUE(calleeAnswers());
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status(), 200);
  ackAndListen(*ok);
  ASSERT_TRUE(events_.waitFor("connected"));
  pace(60, 600, 1400);  // 1.2 s: the whisper (0.6 s), then the conversation
  ASSERT_TRUE(events_.waitFor("play:1:finished"));
  auto callee_heard = callee_rtp_.heard();
  auto caller_heard = caller_rtp_.heard();
  ASSERT_GE(callee_heard.size(), 8u * 500);
  ASSERT_GE(caller_heard.size(), 8u * 500);
  std::vector<int16_t> whisper(callee_heard.begin(), callee_heard.begin() + 8 * 500);
  EXPECT_GT(toneShare(whisper, 1000), 0.5);        // the callee heard the whisper first
  EXPECT_LT(toneShare(caller_heard, 1000), 0.05);  // the caller never did
  EXPECT_GT(toneShare(caller_heard, 1400), 0.5);   // it heard the callee
  callerBye();
  EXPECT_TRUE(answerBye(callee_sip_));
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Answered);
}

TEST_F(MediaCall, EarlyMediaThenRingbackUntilTheDestinationAnswers) {
  script_.start = [](CallControl& c) {
    ASSERT_TRUE(c.answer(AnswerMode::EarlyMedia));
    c.forward("0311110200", 10s);
  };
  invite();
  // The caller gets 183 with our SDP at once, before the destination says anything.
  auto until = std::chrono::steady_clock::now() + 3s;
  while (caller_early_sdp_.empty() && std::chrono::steady_clock::now() < until) {
    auto d = caller_sip_.recv(50ms);
    auto m = d ? sip::parseMessage(*d) : Result<sip::Message>(fail(Code::Invalid, "none"));
    if (m && !m->isRequest() && m->status() == 183) caller_early_sdp_ = std::string(m->body());
  }
  ASSERT_FALSE(caller_early_sdp_.empty());
  caller_rtp_.setRemote(test::sdpPort(caller_early_sdp_));
  std::vector<int16_t> ringing;
  ASSERT_TRUE(calleeRingsThenAnswers(60, ringing));
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status(), 200);
  EXPECT_EQ(std::string(ok->body()), caller_early_sdp_);  // the answer does not change
  ackAndListen(*ok);
  ASSERT_TRUE(events_.waitFor("connected"));
  // Japanese ringback (400 Hz, 16 Hz modulation, 1 s on) while the destination rang.
  ASSERT_GE(ringing.size(), 8u * 800);
  std::vector<int16_t> on(ringing.begin(), ringing.begin() + 8 * 800);
  EXPECT_GT(ringbackShare(on), 0.5);
  size_t before = caller_rtp_.heardSamples();
  pace(40, 0, 1400);
  auto after = caller_rtp_.heard();
  std::vector<int16_t> talk_part(after.begin() + static_cast<std::ptrdiff_t>(before), after.end());
  EXPECT_GT(toneShare(talk_part, 1400), 0.5);  // then the destination, ringback gone
  callerBye();
  EXPECT_TRUE(answerBye(callee_sip_));
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Answered);
}

TEST_F(MediaCall, AFaxToneTagsTheCallFax) {
  script_.start = [](CallControl& c) { ASSERT_TRUE(c.answer(AnswerMode::Now)); };
  invite();
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ackAndListen(*ok);
  pace(25, 1100, 0);  // one CNG burst: 1100 Hz for 0.5 s
  for (int i = 0; i < 15; ++i) caller_rtp_.sendTone(0.0001, 0, 0);
  pace(5, 0, 0);
  callerBye();
  ASSERT_TRUE(events_.waitFor("ended"));
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->fax);
}

TEST_F(MediaCall, VoicemailIsStoredAndReadable) {
  script_.start = [](CallControl& c) {
    VoicemailSpec v;
    v.beep = true;
    v.max_sec = 10s;
    v.silence_sec = 0s;
    v.end_key = '#';
    ASSERT_TRUE(c.voicemail(v));
  };
  script_.voicemail = [](CallControl& c, const VoicemailResult&) { c.hangUp(0); };
  invite();
  auto ok = callerFinal();
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status(), 200);
  ackAndListen(*ok);
  pace(25, 600, 0);              // during the beep (200 ms): not recorded
  pace(50, 600, 0);              // the message: 1 s of 600 Hz
  caller_rtp_.sendEvent(11, 5);  // '#'
  ASSERT_TRUE(events_.waitFor("voicemail:end_key"));
  EXPECT_TRUE(answerBye(caller_sip_));
  VoicemailResult vm;
  {
    std::lock_guard<std::mutex> l(events_.mu);
    vm = events_.voicemail;
  }
  ASSERT_FALSE(vm.path.empty());
  auto wav = media::readWav8k(vm.path);
  ASSERT_TRUE(wav) << wav.error().message;
  EXPECT_GT(wav->durationMs(), 700);
  EXPECT_LT(wav->durationMs(), 2000);
  EXPECT_GT(toneShare(wav->samples, 600), 0.5);
  auto beep_heard = caller_rtp_.heard();
  EXPECT_GT(toneShare(beep_heard, 1000), 0.3);  // the caller heard the beep
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Transferred);
  EXPECT_EQ(r->voicemail, vm.path);
}

TEST_F(MediaCall, ASecondCallerWaitsWithoutALineAndIsServedWhenTheFirstEnds) {
  std::vector<size_t> positions;
  std::vector<bool> full_after;
  script_.start = [](CallControl& c) { c.forward("0311110200", std::chrono::seconds(5)); };
  script_.lines_full = [&](CallControl& c) {
    ASSERT_TRUE(c.answer(AnswerMode::Now));
    EXPECT_TRUE(c.linesFull());
    ASSERT_TRUE(c.waitForLine(10));
    positions.push_back(c.linePosition());
    EXPECT_EQ(c.waitForLine(10).error().code, Code::Conflict);
    PlaySpec hold;
    hold.tone = Tone::Ringback;
    hold.loops = 0;
    c.play(hold);
  };
  script_.line_free = [&](CallControl& c) {
    full_after.push_back(c.linesFull());
    c.forward("0311110200", std::chrono::seconds(5));
  };
  ASSERT_NO_FATAL_FAILURE(connectCall());
  // The second caller.
  Udp caller2;
  RtpPeer rtp2;
  std::string sdp = fmt::format(
      "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      "m=audio {} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
      rtp2.port());
  std::string m = fmt::format(
      "INVITE sip:05030000001@127.0.0.1:{0} SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:{1};branch=z9hG4bKinv2\r\n"
      "From: <sip:09087654321@127.0.0.1:{1}>;tag=caller2\r\nTo: <sip:05030000001@127.0.0.1:{0}>\r\n"
      "Call-ID: second@test\r\nCSeq: 1 INVITE\r\nContact: <sip:c2@127.0.0.1:{1}>\r\n"
      "Max-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: {2}\r\n\r\n{3}",
      b2bua_->udpPort(), caller2.port(), sdp.size(), sdp);
  caller2.sendTo(b2bua_->udpPort(), m.data(), m.size());
  ASSERT_TRUE(events_.waitFor("lines_full"));
  // Answered by us, hearing the hold tone; no INVITE to the destination.
  std::optional<std::string> ok2;
  auto until = std::chrono::steady_clock::now() + 3s;
  while (!ok2 && std::chrono::steady_clock::now() < until) {
    auto d = caller2.recv(50ms);
    if (d && d->rfind("SIP/2.0 200", 0) == 0) ok2 = d;
  }
  ASSERT_TRUE(ok2);
  rtp2.setRemote(test::sdpPort(sip::parseMessage(*ok2)->body()));
  bool invited = false;
  for (int i = 0; i < 50; ++i) {
    rtp2.sendTone(500);
    auto d = callee_sip_.recv(20ms);
    if (d && d->rfind("INVITE", 0) == 0) invited = true;
  }
  EXPECT_FALSE(invited) << "a waiting call is not forwarded";
  EXPECT_GT(rtp2.heardSamples(), 8u * 400) << "the hold tone";
  EXPECT_FALSE(events_.waitFor("line_free", 10ms));
  // The first call ends: its line goes to the second caller, which forwards.
  callerBye();
  ASSERT_TRUE(answerBye(callee_sip_));
  ASSERT_TRUE(events_.waitFor("line_free"));
  EXPECT_TRUE(calleeAnswers()) << "the second caller's forward";
  EXPECT_EQ(positions, std::vector<size_t>{1});
  EXPECT_EQ(full_after, std::vector<bool>{false});
}

TEST_F(MediaCall, PostCallJudgementKeepsTheCalleeAndTakesItsKey) {
  judgeThenForward({{'1', domain::ValidRes::Valid}, {'2', domain::ValidRes::Invalid}}, 3s);
  ASSERT_NO_FATAL_FAILURE(connectCall());
  pace(50, 600, 900);
  size_t heard_before = callee_rtp_.heardSamples();
  callerBye();
  // The callee hears the prompt (1 kHz) after the caller has gone, then presses 1 in band.
  pace(40, 0, 0);
  EXPECT_GT(callee_rtp_.heardSamples(), heard_before + 8 * 500) << "the callee still gets audio";
  EXPECT_FALSE(events_.waitFor("ended", 10ms)) << "the call goes on for the judgement";
  for (int i = 0; i < 6; ++i) {
    callee_rtp_.sendTone(697, 1209);
    (void)caller_sip_.recv(20ms);
  }
  for (int i = 0; i < 10; ++i) {
    callee_rtp_.sendTone(0.001, 0, 1);
    (void)caller_sip_.recv(20ms);
  }
  EXPECT_TRUE(answerBye(callee_sip_)) << "Hankyo hangs up the callee after the key";
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dial_stat, domain::DialStat::Answered);
  EXPECT_EQ(r->hup_usr, domain::HupUsr::Caller);
  EXPECT_EQ(r->valid_res, domain::ValidRes::Valid);
  EXPECT_EQ(r->valid_rule, "post_call_key");
  EXPECT_EQ(r->vars["post_call_key"], "1");
  EXPECT_LT(r->talking_ms, 1800) << "talk ends with the caller";
  EXPECT_GE(r->talking_ms, 800);
}

TEST_F(MediaCall, PostCallJudgementWithoutAKeyEndsAtTheTimeout) {
  judgeThenForward({{'1', domain::ValidRes::Valid}}, 1s);
  ASSERT_NO_FATAL_FAILURE(connectCall());
  pace(20, 600, 900);
  callerBye();
  EXPECT_TRUE(answerBye(callee_sip_, 5s));
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->hup_usr, domain::HupUsr::Caller);
  EXPECT_NE(r->valid_rule, "post_call_key") << "the usual judgement";
  EXPECT_EQ(r->vars.count("post_call_key"), 0u);
}

TEST_F(MediaCall, AFlowHangingUpBeforeTheAnswerIsLoggedAsItsHangUp) {
  script_.start = [](CallControl& c) { c.hangUp(486); };  // hangup verb, reason busy
  invite();
  auto final_response = callerFinal();
  ASSERT_TRUE(final_response);
  EXPECT_EQ(final_response->status(), 486);
  ASSERT_TRUE(events_.waitFor("ended"));
  auto r = record();
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ans_tms.has_value());
  EXPECT_EQ(r->hup_usr, domain::HupUsr::System);
  EXPECT_EQ(r->dial_stat, domain::DialStat::None);  // nothing was forwarded
  EXPECT_EQ(r->end_reason, "flow hangup");
}

}  // namespace
}  // namespace hk::b2bua
