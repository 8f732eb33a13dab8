#pragma once
// The shared fixture of the B2BUA's end-to-end tests (media_call_test.cpp,
// callee_screen_test.cpp, blocked_call_test.cpp, dns_trunk_test.cpp): a B2BUA over real SIP and RTP
// on loopback with the real media engine, prompt store, TTS cache (fake engine) and call-log
// writer; a caller and a destination played by test peers (sip_peer.hpp). What a party hears is
// what its RTP socket received.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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

namespace hk::b2bua::e2e {

using namespace std::chrono_literals;
using test::RtpPeer;
using test::toneShare;
using test::Udp;

// What the handler saw, in order, for the test thread.
struct Events {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> log;
  VoicemailResult voicemail;

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
  std::string joined() {
    std::lock_guard<std::mutex> l(mu);
    std::string out;
    for (const auto& x : log) out += x + " ";
    return out;
  }
  size_t count(const std::string& prefix) {
    std::lock_guard<std::mutex> l(mu);
    return static_cast<size_t>(std::count_if(
        log.begin(), log.end(), [&](const std::string& x) { return x.rfind(prefix, 0) == 0; }));
  }
};

inline std::vector<int16_t> tonePcm(double hz, int ms) {
  std::vector<int16_t> v(static_cast<size_t>(ms * 8));
  for (size_t i = 0; i < v.size(); ++i) {
    v[i] = static_cast<int16_t>(8000 * std::sin(2 * M_PI * hz * static_cast<double>(i) / 8000));
  }
  return v;
}

// What `p` heard from sample `from` on.
inline std::vector<int16_t> since(const RtpPeer& p, size_t from) {
  auto all = p.heard();
  if (from >= all.size()) return {};
  return {all.begin() + static_cast<std::ptrdiff_t>(from), all.end()};
}

// Japanese ringback: 400 Hz with 16 Hz modulation.
inline double ringbackShare(const std::vector<int16_t>& pcm) {
  return toneShare(pcm, 400) + toneShare(pcm, 384) + toneShare(pcm, 416);
}

// Speech without an engine: a 1 kHz tone, 50 ms per byte of text, noting the thread it ran on.
class FakeSynth final : public media::Synthesizer {
 public:
  Result<media::Pcm8k> synthesize(const media::TtsRequest& req) override {
    calls++;
    std::lock_guard<std::mutex> l(mu);
    thread = std::this_thread::get_id();
    return media::Pcm8k{tonePcm(1000, static_cast<int>(req.text.size()) * 50)};
  }
  std::string engineVersion(std::string_view) const override { return "fake-1"; }
  std::atomic<int> calls{0};
  std::mutex mu;
  std::thread::id thread;
};

// What differs between the tests' B2BUAs.
struct FixtureSpec {
  std::string tmp_template;  // for mkdtemp: "/tmp/hk-...-XXXXXX"
  int rtp_port_base = 0;     // 50 RTP ports from here + (pid % 200) * 50
  domain::TrackingNumber number;
  HandlerFactory handlers;
  bool voicemail = false;      // a voicemail folder
  const Udp* pacer = nullptr;  // the socket whose receive paces the test (null: pace_)
  // The block lists (B2buaDeps::load_block_lists); empty: no call blocking.
  std::function<Result<std::vector<store::BlockEntry>>()> load_block_lists;
  // The trunks (Config "trunk.*" settings); empty: inbound "carrier" from 127.0.0.1 and
  // outbound "pbx" to callee_sip_.
  std::map<std::string, std::string> trunks;
  // SIP timer T1 (T2 = 4 x T1, T4 = 5 x T1; timer B = 64 x T1).
  std::chrono::milliseconds t1{100};
  // Outbound trunks' name lookups (B2buaOptions::dns); the default: /etc/resolv.conf.
  sip::ResolverConfig dns;
};

class MediaCallFixture : public ::testing::Test {
 protected:
  // The routable test number 05030000001, forwarding to `destinations`.
  static domain::TrackingNumber testNumber(std::vector<std::string> destinations) {
    domain::TrackingNumber n;
    n.id = 1;
    n.operator_id = 1;
    n.advertiser_id = 1;
    n.number = "05030000001";
    n.state = domain::NumberState::Assigned;
    n.destinations = std::move(destinations);
    return n;
  }

  // Starts the store, call-log writer, media and the B2BUA, then waits until the directory
  // is in place (loaded twice: the second load is timed from the first one's arrival).
  void startB2bua(FixtureSpec spec) {
    pacer_ = spec.pacer ? spec.pacer : &pace_;
    std::string tmpl = spec.tmp_template;
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
      std::lock_guard<std::mutex> l(rec_mu_);
      records_.push_back(r);
      rec_cv_.notify_all();
    });
    auto keys = secure::KeyRing::loadOrCreate((dir_ / "key").string());
    ASSERT_TRUE(keys);
    cipher_ = std::make_unique<secure::CallerCipher>(std::move(*keys));
    rtp::PortPool::Config pc;
    pc.min_port = static_cast<uint16_t>(spec.rtp_port_base + (::getpid() % 200) * 50);
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
    if (spec.trunks.empty()) {
      spec.trunks = {{"trunk.carrier.direction", "inbound"},
                     {"trunk.carrier.sources", "127.0.0.1"},
                     {"trunk.pbx.direction", "outbound"},
                     {"trunk.pbx.host", "127.0.0.1"},
                     {"trunk.pbx.port", std::to_string(callee_sip_.port())}};
    }
    auto cfg = Config::load(trunkConfigKeys(), "", {}, spec.trunks);
    ASSERT_TRUE(cfg) << cfg.error().message;
    auto trunks = Trunks::fromConfig(*cfg);
    ASSERT_TRUE(trunks) << trunks.error().message;
    loop_.start();
    B2buaDeps deps{loop_,
                   clock_,
                   std::move(*trunks),
                   *media_,
                   *ports_,
                   *writer_,
                   *cipher_,
                   metrics_,
                   [this, n = spec.number]() -> Result<std::vector<domain::TrackingNumber>> {
                     loads_++;
                     return std::vector<domain::TrackingNumber>{n};
                   },
                   blocking_,
                   std::move(spec.handlers),
                   prompts_.get(),
                   tts_.get(),
                   &media_work_};
    deps.load_block_lists = std::move(spec.load_block_lists);
    B2buaOptions o;
    o.udp_listen = "127.0.0.1:0";
    o.timers.t1 = spec.t1;
    o.timers.t2 = 4 * spec.t1;
    o.timers.t4 = 5 * spec.t1;
    o.directory_refresh = 20ms;
    o.recordings_dir = (dir_ / "media" / "recordings").string();
    if (spec.voicemail) o.voicemail_dir = (dir_ / "media" / "voicemail").string();
    o.dns = std::move(spec.dns);
    auto b = B2bua::start(std::move(deps), o);
    ASSERT_TRUE(b) << b.error().message;
    b2bua_ = std::move(*b);
    for (int i = 0; i < 500 && loads_ < 2; ++i) (void)pacer_->recv(5ms);
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

  // The caller's offer (PCMU and telephone-event); sets from_ for its requests.
  std::string callerOffer() {
    from_ = fmt::format("<sip:09012345678@127.0.0.1:{}>;tag=caller1", caller_sip_.port());
    return fmt::format(
        "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        "m=audio {} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n",
        caller_rtp_.port());
  }

  // Answers the request `req` from `ua` with `code` (To tagged `to_tag` when not empty); a
  // 200 with a tag carries the destination's answer (PCMU) and points its RTP at the offer.
  void replyFrom(const Udp& ua, const std::string& req, int code, const std::string& to_tag) {
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
    const char* phrase = code == 200   ? "OK"
                         : code == 180 ? "Ringing"
                         : code == 486 ? "Busy Here"
                         : code == 503 ? "Service Unavailable"
                                       : "Error";
    std::string r = fmt::format("SIP/2.0 {} {}\r\n", code, phrase) + test::headerLines(req, "Via") +
                    test::headerLines(req, "From") + to + test::headerLines(req, "Call-ID") +
                    test::headerLines(req, "CSeq") + extra +
                    fmt::format("Content-Length: {}\r\n\r\n", sdp.size()) + sdp;
    ua.sendTo(b2bua_->udpPort(), r.data(), r.size());
  }
  // The destination's answer to `req`.
  void reply(const std::string& req, int code, const std::string& to_tag) {
    replyFrom(callee_sip_, req, code, to_tag);
  }

  // Real-time pacing: `frames` x 20 ms, each party sending its tone (0: nothing).
  void pace(int frames, double caller_hz, double callee_hz) {
    for (int i = 0; i < frames; ++i) {
      if (caller_hz > 0) caller_rtp_.sendTone(caller_hz);
      if (callee_hz > 0) callee_rtp_.sendTone(callee_hz);
      (void)pacer_->recv(20ms);  // nothing is expected there now
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
  FakeSynth synth_;
  std::unique_ptr<media::TtsCache> tts_;
  EventLoop loop_{"calls"};
  WorkerPool blocking_{"db", 1};
  WorkerPool media_work_{"media", 1};
  std::atomic<int> loads_{0};
  Events events_;
  std::unique_ptr<B2bua> b2bua_;
  Udp caller_sip_, callee_sip_, pace_;
  RtpPeer caller_rtp_, callee_rtp_;
  const Udp* pacer_ = &pace_;
  std::string from_, to_;
};

}  // namespace hk::b2bua::e2e
