#pragma once
// Helpers for the audio hook tests: a recording sink, scripted sources, and a loopback
// MediaEngine fixture (caller and callee on 127.0.0.1, the test clock, events recorded).
// The hooks run on the media thread: everything they record is behind a mutex.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "rtp/audio_hooks.hpp"
#include "rtp/g711.hpp"
#include "rtp/media_engine.hpp"
#include "rtp/packet.hpp"
#include "unit/rtp/media_test_util.hpp"

namespace hk::rtp::test {

struct HeardChunk {
  LegSide from;
  uint32_t timestamp;
  uint16_t sequence;
  std::vector<int16_t> pcm;
};

struct HeardPress {
  LegSide from;
  char digit;
  uint32_t duration;
};

class RecordingSink final : public AudioSink {
 public:
  void onAudio(const AudioChunk& c) override {
    std::lock_guard lock(mu_);
    chunks_.push_back({c.from, c.timestamp, c.sequence, {c.pcm.begin(), c.pcm.end()}});
    cv_.notify_all();
  }
  void onTelephoneEvent(LegSide from, char digit, uint32_t duration) override {
    std::lock_guard lock(mu_);
    presses_.push_back({from, digit, duration});
    cv_.notify_all();
  }
  void onDetach() override {
    std::lock_guard lock(mu_);
    ++detached_;
    cv_.notify_all();
  }

  // Waits (no sleep) until `pred` holds on the sink's state.
  bool waitFor(const std::function<bool()>& pred,
               std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, pred);
  }
  bool waitChunks(size_t n) {
    return waitFor([&] { return chunks_.size() >= n; });
  }
  std::vector<HeardChunk> chunks() {
    std::lock_guard lock(mu_);
    return chunks_;
  }
  std::vector<HeardPress> presses() {
    std::lock_guard lock(mu_);
    return presses_;
  }
  int detached() {
    std::lock_guard lock(mu_);
    return detached_;
  }
  // Fields read under waitFor's lock.
  const std::vector<HeardChunk>& chunksLocked() const { return chunks_; }
  const std::vector<HeardPress>& pressesLocked() const { return presses_; }
  int detachedLocked() const { return detached_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<HeardChunk> chunks_;
  std::vector<HeardPress> presses_;
  int detached_ = 0;
};

// Frame k (from 0) is made by `make(k, frame)`; after `frames` frames (none: endless) the
// source says it is done. Counts its fill() calls.
class ScriptedSource final : public AudioSource {
 public:
  using Maker = std::function<void(size_t, std::span<int16_t>)>;
  explicit ScriptedSource(Maker make, std::optional<size_t> frames = std::nullopt)
      : make_(std::move(make)), frames_(frames) {}
  bool fill(std::span<int16_t> frame) override {
    std::lock_guard lock(mu_);
    ++calls_;
    if (frames_ && made_ >= *frames_) return false;
    make_(made_++, frame);
    return true;
  }
  size_t calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  Maker make_;
  std::optional<size_t> frames_;
  size_t made_ = 0;
  size_t calls_ = 0;
};

// Sample i of frame k of a ramp: every frame differs, and covers a wide range of levels.
inline int16_t rampSample(size_t k, size_t i) {
  return static_cast<int16_t>((static_cast<int>(k * kFrameSamples + i) * 397) % 60000 - 30000);
}
inline ScriptedSource::Maker ramp() {
  return [](size_t k, std::span<int16_t> f) {
    for (size_t i = 0; i < f.size(); ++i) f[i] = rampSample(k, i);
  };
}
inline ScriptedSource::Maker constant(int16_t v) {
  return [v](size_t, std::span<int16_t> f) { std::fill(f.begin(), f.end(), v); };
}

// What a G.711 receiver hears for `pcm` sent in `codec`.
inline int16_t g711RoundTrip(Codec codec, int16_t pcm) {
  return codec == Codec::Pcmu ? g711::ulawToLinear(g711::linearToUlaw(pcm))
                              : g711::alawToLinear(g711::linearToAlaw(pcm));
}
inline int16_t g711Decode(Codec codec, uint8_t code) {
  return codec == Codec::Pcmu ? g711::ulawToLinear(code) : g711::alawToLinear(code);
}

inline std::vector<uint8_t> rtpPacket(uint32_t ssrc, uint16_t seq, uint32_t ts, uint8_t pt,
                                      const std::vector<uint8_t>& payload, bool marker = false) {
  RtpHeader h;
  h.ssrc = ssrc;
  h.sequence = seq;
  h.timestamp = ts;
  h.payload_type = pt;
  h.marker = marker;
  return buildRtp(h, payload);
}

struct Received {
  RtpHeader h;
  std::vector<uint8_t> payload;
};

inline std::optional<Received> receiveRtp(
    const UdpPeer& peer, std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  auto bytes = peer.receive(timeout);
  if (!bytes) return std::nullopt;
  auto v = parseRtp(*bytes);
  if (!v) return std::nullopt;
  return Received{v->header, {v->payload.begin(), v->payload.end()}};
}

class AudioHooks : public testing::Test {
 protected:
  void SetUp() override { make(clock); }
  void make(const Clock& clk) {
    engine.reset();
    if (!pool) {
      auto p = PortPool::create(freeRange(8));
      ASSERT_TRUE(p) << p.error().message;
      pool = std::move(*p);
    }
    MediaEngine::Config cfg;
    cfg.threads = 1;
    cfg.tick = std::chrono::milliseconds(100000);  // no RTCP in the way
    cfg.seed = 11;
    engine = std::make_unique<MediaEngine>(cfg, *pool, clk);
  }
  void TearDown() override {
    engine.reset();
    EXPECT_EQ(pool->inUse(), 0u);
  }

  LegParams leg(const UdpPeer& peer, Codec codec = Codec::Pcmu,
                std::optional<uint8_t> te = std::nullopt) {
    LegParams p;
    p.remote = peer.endpoint();
    p.codec = codec;
    p.payload_type = codec == Codec::Pcmu ? 0 : 8;
    p.telephone_event = te;
    return p;
  }

  SessionInfo start(const LegParams& a, const LegParams& b) {
    SessionParams sp{"127.0.0.1", "127.0.0.1", a, b, "trn-audio"};
    auto info = engine->createSession(sp, owner, [this](const MediaEvent& e) {
      std::lock_guard lock(events_mu);
      events.push_back(e);
    });
    EXPECT_TRUE(info) << info.error().message;
    return info ? *info : SessionInfo{};
  }

  // Moves the clock by 20 ms steps, running the due audio ticks after each. The pace also
  // runs by itself (a real timer reading the test clock): so that it cannot run a tick
  // before the commands the test just gave, those are flushed first, at the same time.
  void paceFrames(int n) {
    engine->paceForTest();
    for (int i = 0; i < n; ++i) {
      clock.advance(std::chrono::milliseconds(20));
      engine->paceForTest();
    }
  }

  size_t count(MediaEvent::Type type, LegSide leg) {
    owner.runAll();
    std::lock_guard lock(events_mu);
    return static_cast<size_t>(std::count_if(events.begin(), events.end(), [&](const auto& e) {
      return e.type == type && e.leg == leg;
    }));
  }

  SessionStats stats(SessionId id) {
    std::optional<SessionStats> out;
    bool done = false;
    engine->requestStats(id, owner, [&](std::optional<SessionStats> s) {
      out = s;
      done = true;
    });
    EXPECT_TRUE(owner.runUntil([&] { return done; }));
    return out.value_or(SessionStats{});
  }
  SessionStats statsUntil(SessionId id, const std::function<bool(const SessionStats&)>& pred) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    SessionStats st = stats(id);
    while (!pred(st) && std::chrono::steady_clock::now() < deadline) st = stats(id);
    EXPECT_TRUE(pred(st));
    return st;
  }

  TestClock clock;
  OwnerQueue owner;
  std::unique_ptr<PortPool> pool;
  std::unique_ptr<MediaEngine> engine;
  std::mutex events_mu;
  std::vector<MediaEvent> events;
  UdpPeer caller;
  UdpPeer callee;
};

}  // namespace hk::rtp::test
