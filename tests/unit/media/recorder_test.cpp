#include "media/recorder.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <random>
#include <vector>

#include "media/goertzel.hpp"
#include "support/fake_clock.hpp"
#include "unit/media/test_signals.hpp"

namespace hk::media {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using rtp::LegSide;

constexpr double kHzA = 600;   // the caller's tone
constexpr double kHzB = 1400;  // the callee's tone

struct WavFile {
  int channels = 0;
  int rate = 0;
  std::vector<std::vector<int16_t>> ch;  // per channel
  size_t frames() const { return ch.empty() ? 0 : ch[0].size(); }
};

WavFile readWav(const std::string& path) {
  WavFile w;
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  if (!f) return w;
  w.channels = info.channels;
  w.rate = info.samplerate;
  std::vector<int16_t> all(static_cast<size_t>(info.frames * info.channels));
  sf_readf_short(f, all.data(), info.frames);
  sf_close(f);
  w.ch.resize(static_cast<size_t>(info.channels));
  for (size_t i = 0; i < all.size(); ++i) w.ch[i % w.ch.size()].push_back(all[i]);
  return w;
}

// Per 20 ms frame of a channel: 1 if `hz` is clearly there, else 0.
std::string presence(const std::vector<int16_t>& ch, double hz) {
  std::string s;
  for (size_t off = 0; off + 160 <= ch.size(); off += 160)
    s += goertzelPower(std::span(ch).subspan(off, 160), hz) > 0.002 ? '1' : '0';
  return s;
}

// One party's sender: a continuous tone cut in 20 ms packets with its own timestamp base.
struct Sender {
  LegSide side;
  double hz;
  uint32_t ts;
  uint16_t seq = 0;
  size_t n = 0;  // samples generated
  std::vector<int16_t> next() {
    std::vector<int16_t> p(160);
    for (auto& v : p)
      v = test::clip(test::dbm0ToAmplitude(-12) *
                     std::sin(2 * std::numbers::pi * hz * static_cast<double>(n++) / 8000));
    return p;
  }
};

struct RecorderTest : ::testing::Test {
  hk::test::FakeClock clock;
  fs::path dir;
  void SetUp() override {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("hk_rec_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const char* name) { return (dir / name).string(); }

  // Sends one packet from `s` now (or `delay` later in arrival terms), advancing its
  // timestamp.
  static void send(CallRecorder& r, Sender& s, MonoTime arrival) {
    auto p = s.next();
    r.onAudio(rtp::AudioChunk{s.side, s.ts, s.seq++, arrival, p});
    s.ts += 160;
  }
  // `ms` of both parties talking, packets every 20 ms.
  void talk(CallRecorder& r, std::vector<Sender*> who, int ms) {
    for (int t = 0; t < ms; t += 20) {
      clock.advance(20ms);
      for (Sender* s : who) send(r, *s, clock.mono());
    }
  }
};

TEST_F(RecorderTest, StereoPutsEachPartyOnItsOwnChannel) {
  CallRecorder r(path("a.wav"), clock);
  ASSERT_TRUE(r.start());
  Sender a{LegSide::A, kHzA, 1000};
  Sender b{LegSide::B, kHzB, 0xFFFFF000u};  // another base, wrapping during the call
  talk(r, {&a, &b}, 3000);
  auto res = r.finish();
  EXPECT_TRUE(res.complete) << res.error;
  EXPECT_EQ(res.path, path("a.wav"));
  EXPECT_NEAR(static_cast<double>(res.duration.count()), 3000, 100);
  auto w = readWav(res.path);
  ASSERT_EQ(w.channels, 2);
  EXPECT_EQ(w.rate, 8000);
  EXPECT_NEAR(static_cast<double>(w.frames()), 24000, 800);
  auto mid = [&](int c) { return std::span(w.ch[static_cast<size_t>(c)]).subspan(4000, 16000); };
  EXPECT_GT(goertzelPower(mid(0), kHzA), 0.02);
  EXPECT_LT(goertzelPower(mid(0), kHzB), 1e-4);
  EXPECT_GT(goertzelPower(mid(1), kHzB), 0.02);
  EXPECT_LT(goertzelPower(mid(1), kHzA), 1e-4);
}

TEST_F(RecorderTest, CallerOnlyAndCalleeOnlyAreMono) {
  for (auto mode : {RecordMode::CallerOnly, RecordMode::CalleeOnly}) {
    auto file = path(mode == RecordMode::CallerOnly ? "caller.wav" : "callee.wav");
    CallRecorder r(file, clock, RecorderOptions{.mode = mode});
    ASSERT_TRUE(r.start());
    Sender a{LegSide::A, kHzA, 1};
    Sender b{LegSide::B, kHzB, 2};
    talk(r, {&a, &b}, 1000);
    ASSERT_TRUE(r.finish().complete);
    auto w = readWav(file);
    ASSERT_EQ(w.channels, 1);
    auto mid = std::span(w.ch[0]).subspan(2000, 4000);
    const double want = mode == RecordMode::CallerOnly ? kHzA : kHzB;
    const double other = mode == RecordMode::CallerOnly ? kHzB : kHzA;
    EXPECT_GT(goertzelPower(mid, want), 0.02);
    EXPECT_LT(goertzelPower(mid, other), 1e-4);
  }
}

// B talks 1 s, is silent (on hold) 2 s, talks 1 s; A talks throughout. `jump`: B's
// timestamps jump over the pause; otherwise they resume where they stopped.
void holdScenario(RecorderTest& t, bool jump) {
  CallRecorder r(t.path("hold.wav"), t.clock);
  ASSERT_TRUE(r.start());
  Sender a{LegSide::A, kHzA, 500};
  Sender b{LegSide::B, kHzB, 123456};
  t.talk(r, {&a, &b}, 1000);
  t.talk(r, {&a}, 2000);
  if (jump) b.ts += 2000 * 8;
  t.talk(r, {&a, &b}, 1000);
  auto res = r.finish();
  ASSERT_TRUE(res.complete);
  EXPECT_NEAR(static_cast<double>(res.duration.count()), 4000, 100);
  auto w = readWav(res.path);
  ASSERT_EQ(w.channels, 2);
  auto pa = presence(w.ch[0], kHzA);
  auto pb = presence(w.ch[1], kHzB);
  // A: continuous from its first packet to the end.
  EXPECT_EQ(pa.substr(2, 196), std::string(196, '1')) << pa;
  // B: on 0-1 s, off 1-3 s, on 3-4 s, each edge within 100 ms of where it belongs.
  EXPECT_EQ(pb.substr(5, 40), std::string(40, '1')) << pb;
  EXPECT_EQ(pb.substr(55, 90), std::string(90, '0')) << pb;
  EXPECT_EQ(pb.substr(155, 40), std::string(40, '1')) << pb;
  // B comes back in step with A: the same moment on both channels.
  const size_t back = pb.find('1', 60);
  EXPECT_NEAR(static_cast<double>(back), 150.0, 2.0) << pb;
}

TEST_F(RecorderTest, APartyOnHoldGetsSilenceAndStaysInStep) { holdScenario(*this, false); }
TEST_F(RecorderTest, APartyWhoseTimestampsJumpStaysInStep) { holdScenario(*this, true); }

TEST_F(RecorderTest, NobodySendingStillAdvancesTheFile) {
  CallRecorder r(path("quiet.wav"), clock);
  ASSERT_TRUE(r.start());
  Sender a{LegSide::A, kHzA, 0};
  talk(r, {&a}, 500);
  clock.advance(3000ms);  // nothing at all for 3 s
  talk(r, {&a}, 500);
  clock.advance(1000ms);
  auto res = r.finish();
  EXPECT_NEAR(static_cast<double>(res.duration.count()), 5000, 100);
  auto pa = presence(readWav(res.path).ch[0], kHzA);
  EXPECT_EQ(pa.substr(30, 140), std::string(140, '0')) << pa;
  EXPECT_EQ(pa.substr(180, 15), std::string(15, '1')) << pa;
}

TEST_F(RecorderTest, LossAndReorderStillGiveAContinuousFile) {
  CallRecorder r(path("lossy.wav"), clock);
  ASSERT_TRUE(r.start());
  Sender a{LegSide::A, kHzA, 77};
  Sender b{LegSide::B, kHzB, 99};
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> jitter(0, 30);
  // A's packets: every 20th lost, random network delay up to 30 ms (so some overtake),
  // every 13th duplicated.
  std::vector<std::pair<MonoTime, rtp::AudioChunk>> inflight;
  std::vector<std::vector<int16_t>> payloads;
  payloads.reserve(300);
  for (int i = 0; i < 250; ++i) {
    clock.advance(20ms);
    send(r, b, clock.mono());
    payloads.push_back(a.next());
    rtp::AudioChunk c{LegSide::A, a.ts, a.seq++, {}, payloads.back()};
    a.ts += 160;
    if (i % 20 != 10)
      inflight.emplace_back(clock.mono() + std::chrono::milliseconds(jitter(rng)), c);
    if (i % 13 == 0) inflight.emplace_back(clock.mono() + 35ms, c);
    std::stable_sort(inflight.begin(), inflight.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    while (!inflight.empty() && inflight.front().first <= clock.mono()) {
      auto c2 = inflight.front().second;
      c2.arrival = inflight.front().first;
      r.onAudio(c2);
      inflight.erase(inflight.begin());
    }
  }
  auto res = r.finish();
  ASSERT_TRUE(res.complete);
  EXPECT_NEAR(static_cast<double>(res.duration.count()), 5000, 100);
  auto w = readWav(res.path);
  auto pa = presence(w.ch[0], kHzA);
  EXPECT_EQ(pa.substr(5, 235), std::string(235, '1')) << pa;
  EXPECT_LT(r.lateSamples(), 160u);
}

TEST_F(RecorderTest, WritesInBlocksWhileRecording) {
  CallRecorder r(path("blocks.wav"), clock);
  ASSERT_TRUE(r.start());
  Sender a{LegSide::A, kHzA, 0};
  talk(r, {&a}, 2000);
  // 2 s in: all but the last block (200 ms) and the hold-back (160 ms) is on disk.
  const auto size = fs::file_size(path("blocks.wav"));
  EXPECT_GE(size, 44u + 1400u * 8 * 4);
  EXPECT_LE(size, 44u + 2000u * 8 * 4);
  r.finish();
}

TEST_F(RecorderTest, AMissingDirectoryStopsTheRecorderWithAReason) {
  metrics::Counter errors;
  CallRecorder r(path("no/such/dir/x.wav"), clock, RecorderOptions{.write_errors = &errors});
  auto st = r.start();
  EXPECT_FALSE(st);
  EXPECT_FALSE(r.recording());
  EXPECT_NE(r.lastError().find("no/such/dir/x.wav"), std::string::npos) << r.lastError();
  Sender a{LegSide::A, kHzA, 0};
  talk(r, {&a}, 200);
  auto res = r.finish();
  EXPECT_FALSE(res.complete);
  EXPECT_EQ(res.error, r.lastError());
  EXPECT_EQ(r.writeErrors(), 1u);
  EXPECT_EQ(errors.value(), 1u);

  CallRecorder full("/dev/full", clock);
  EXPECT_FALSE(full.start());
  EXPECT_FALSE(full.finish().complete);
}

// Makes writes past `bytes` fail (EFBIG) for the scope of the guard, as a full disk would.
struct FileSizeLimit {
  rlimit saved{};
  void (*old_handler)(int) = nullptr;
  explicit FileSizeLimit(rlim_t bytes) {
    old_handler = std::signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &saved);
    rlimit lim{bytes, saved.rlim_max};
    setrlimit(RLIMIT_FSIZE, &lim);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);
  }
};

TEST_F(RecorderTest, AFailedWriteStopsTheRecorderWithoutThrowing) {
  metrics::Counter errors;
  CallRecorder r(path("full.wav"), clock, RecorderOptions{.write_errors = &errors});
  ASSERT_TRUE(r.start());
  Sender a{LegSide::A, kHzA, 0};
  Sender b{LegSide::B, kHzB, 0};
  {
    FileSizeLimit limit(32000);  // about 1 s of stereo
    talk(r, {&a, &b}, 3000);
  }
  EXPECT_FALSE(r.recording());
  EXPECT_EQ(r.writeErrors(), 1u);
  EXPECT_EQ(errors.value(), 1u);
  EXPECT_NE(r.lastError().find("failed"), std::string::npos) << r.lastError();
  auto res = r.finish();
  EXPECT_FALSE(res.complete);
  EXPECT_LE(res.duration, 1000ms);
  EXPECT_GE(res.duration, 700ms);
  EXPECT_EQ(r.finish().duration, res.duration);  // the same answer again
}

TEST_F(RecorderTest, FinishIsFinal) {
  auto file = path("final.wav");
  {
    CallRecorder r(file, clock);
    ASSERT_TRUE(r.start());
    Sender a{LegSide::A, kHzA, 0};
    talk(r, {&a}, 1000);
    r.onDetach();
    EXPECT_FALSE(r.recording());
    talk(r, {&a}, 1000);  // ignored
    EXPECT_NEAR(static_cast<double>(r.finish().duration.count()), 1000, 100);
  }
  EXPECT_NEAR(static_cast<double>(readWav(file).frames()), 8000, 800);
}

}  // namespace
}  // namespace hk::media
