// Audio sinks on a loopback session: what a leg sends, decoded, for the recorder and the
// detectors; RFC 4733 presses once each; onDetach when removed or when the session ends.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "rtp/telephone_event.hpp"
#include "unit/rtp/audio_test_util.hpp"

namespace hk::rtp {
namespace {

using test::AudioHooks;
using test::g711Decode;
using test::RecordingSink;
using test::rtpPacket;

// `samples` G.711 codes of a 440 Hz tone at -6 dBFS, starting at sample `from`.
std::vector<uint8_t> toneCodes(Codec codec, size_t samples, size_t from) {
  std::vector<uint8_t> out(samples);
  for (size_t i = 0; i < samples; ++i) {
    double t = static_cast<double>(from + i) / kSampleRate;
    auto v = static_cast<int16_t>(16000 * std::sin(2 * 3.14159265358979 * 440 * t));
    out[i] = codec == Codec::Pcmu ? g711::linearToUlaw(v) : g711::linearToAlaw(v);
  }
  return out;
}

struct PtimeCase {
  Codec codec;
  int ptime_ms;
};

class SinkPtime : public AudioHooks, public testing::WithParamInterface<PtimeCase> {};

TEST_P(SinkPtime, HearsTheExactSamplesTheLegSent) {
  const auto [codec, ptime] = GetParam();
  const uint8_t pt = codec == Codec::Pcmu ? 0 : 8;
  const size_t samples = static_cast<size_t>(ptime) * 8;
  SessionInfo s = start(leg(caller, codec), leg(callee, codec));
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(engine->addSink(s.id, LegSide::A, sink));
  std::vector<std::vector<uint8_t>> sent;
  for (uint16_t i = 0; i < 4; ++i) {
    sent.push_back(toneCodes(codec, samples, i * samples));
    caller.sendTo(s.port_a, rtpPacket(0x1234, static_cast<uint16_t>(500 + i),
                                      9000 + static_cast<uint32_t>(i * samples), pt, sent.back()));
    ASSERT_TRUE(test::receiveRtp(callee)) << "the relay goes on beside the sink";
  }
  ASSERT_TRUE(sink->waitChunks(4));
  auto chunks = sink->chunks();
  ASSERT_EQ(chunks.size(), 4u);
  for (size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_EQ(chunks[i].from, LegSide::A);
    EXPECT_EQ(chunks[i].sequence, 500 + i);
    EXPECT_EQ(chunks[i].timestamp, 9000 + i * samples);
    ASSERT_EQ(chunks[i].pcm.size(), samples);
    for (size_t k = 0; k < samples; ++k) {
      ASSERT_EQ(chunks[i].pcm[k], g711Decode(codec, sent[i][k])) << "chunk " << i << " at " << k;
    }
  }
  // The tone survives the trip: the peak is near the 16000 that was encoded.
  int peak = 0;
  for (const auto& c : chunks) {
    for (int16_t v : c.pcm) peak = std::max(peak, std::abs(int{v}));
  }
  EXPECT_NEAR(peak, 16000, 600);
}

INSTANTIATE_TEST_SUITE_P(CodecsAndPtimes, SinkPtime,
                         testing::Values(PtimeCase{Codec::Pcmu, 20}, PtimeCase{Codec::Pcma, 20},
                                         PtimeCase{Codec::Pcmu, 30}, PtimeCase{Codec::Pcma, 30},
                                         PtimeCase{Codec::Pcmu, 10}, PtimeCase{Codec::Pcma, 40}));

TEST_F(AudioHooks, SinkHearsOnlyItsLegAndSeveralSinksShareOne) {
  SessionInfo s = start(leg(caller), leg(callee));
  auto on_b = std::make_shared<RecordingSink>();
  auto recorder = std::make_shared<RecordingSink>();
  auto detector = std::make_shared<RecordingSink>();
  ASSERT_TRUE(engine->addSink(s.id, LegSide::B, on_b));
  auto rec_id = engine->addSink(s.id, LegSide::A, recorder);
  ASSERT_TRUE(rec_id);
  ASSERT_TRUE(engine->addSink(s.id, LegSide::A, detector));
  caller.sendTo(s.port_a, rtpPacket(1, 1, 160, 0, std::vector<uint8_t>(160, 0x10)));
  callee.sendTo(s.port_b, rtpPacket(2, 1, 160, 0, std::vector<uint8_t>(160, 0x20)));
  ASSERT_TRUE(recorder->waitChunks(1));
  ASSERT_TRUE(detector->waitChunks(1));
  ASSERT_TRUE(on_b->waitChunks(1));
  EXPECT_EQ(on_b->chunks()[0].from, LegSide::B);
  EXPECT_EQ(on_b->chunks()[0].pcm[0], g711::ulawToLinear(0x20));
  EXPECT_EQ(recorder->chunks()[0].pcm[0], g711::ulawToLinear(0x10));

  // Removed: onDetach once, nothing more heard; the other sink goes on.
  ASSERT_TRUE(engine->removeSink(s.id, *rec_id));
  caller.sendTo(s.port_a, rtpPacket(1, 2, 320, 0, std::vector<uint8_t>(160, 0x11)));
  ASSERT_TRUE(detector->waitChunks(2));
  EXPECT_EQ(recorder->detached(), 1);
  EXPECT_EQ(recorder->chunks().size(), 1u);
  EXPECT_EQ(detector->detached(), 0);
  ASSERT_TRUE(engine->removeSink(s.id, *rec_id));  // twice: ignored
  EXPECT_EQ(on_b->chunks().size(), 1u);            // A's packets never reach B's sink
}

TEST_F(AudioHooks, EachPressIsReportedOnceAtItsEnd) {
  SessionInfo s = start(leg(caller, Codec::Pcmu, 101), leg(callee, Codec::Pcmu, 101));
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(engine->addSink(s.id, LegSide::A, sink));
  uint16_t seq = 10;
  auto press = [&](uint8_t event, uint32_t ts, uint16_t duration) {
    for (uint16_t d = 160; d < duration; d = static_cast<uint16_t>(d + 160)) {
      auto p = buildTelephoneEvent({event, false, 10, d});
      caller.sendTo(s.port_a, rtpPacket(0x77, seq++, ts, 101, {p.begin(), p.end()}, d == 160));
    }
    for (int i = 0; i < 3; ++i) {  // the end packet, sent three times
      auto p = buildTelephoneEvent({event, true, 10, duration});
      caller.sendTo(s.port_a, rtpPacket(0x77, seq++, ts, 101, {p.begin(), p.end()}));
    }
  };
  press(5, 1000, 800);
  press(11, 3000, 1280);
  // A late copy of the first press's end, after the second began: not a new press.
  auto late = buildTelephoneEvent({5, true, 10, 800});
  caller.sendTo(s.port_a, rtpPacket(0x77, seq++, 1000, 101, {late.begin(), late.end()}));
  press(1, 5000, 480);
  ASSERT_TRUE(sink->waitFor([&] { return sink->pressesLocked().size() >= 3; }));
  // Everything sent has been read once the callee got it all (23 relayed event packets).
  for (int i = 0; i < 23; ++i) ASSERT_TRUE(callee.receive()) << i;
  auto presses = sink->presses();
  ASSERT_EQ(presses.size(), 3u);
  EXPECT_EQ(presses[0].digit, '5');
  EXPECT_EQ(presses[0].duration, 800u);
  EXPECT_EQ(presses[1].digit, '#');
  EXPECT_EQ(presses[1].duration, 1280u);
  EXPECT_EQ(presses[2].digit, '1');
  EXPECT_EQ(presses[2].from, LegSide::A);
  EXPECT_TRUE(sink->chunks().empty());  // events are not audio
  EXPECT_EQ(count(MediaEvent::Type::Digit, LegSide::A), 3u);
}

TEST_F(AudioHooks, EndedSessionDetachesEachSinkOnce) {
  SessionInfo s = start(leg(caller), leg(callee));
  auto both = std::make_shared<RecordingSink>();  // a recorder of both parties
  auto replaced = std::make_shared<RecordingSink>();
  auto only = std::make_shared<RecordingSink>();
  ASSERT_TRUE(engine->addSink(s.id, LegSide::A, both));
  ASSERT_TRUE(engine->addSink(s.id, LegSide::B, both));
  ASSERT_TRUE(engine->setSink(s.id, LegSide::B, replaced));
  ASSERT_TRUE(engine->setSink(s.id, LegSide::B, only));  // replaces both of B's sinks
  caller.sendTo(s.port_a, rtpPacket(1, 1, 160, 0, std::vector<uint8_t>(160, 0x10)));
  ASSERT_TRUE(both->waitChunks(1));  // still hears A
  EXPECT_EQ(replaced->detached(), 1);
  EXPECT_EQ(both->detached(), 0);
  bool done = false;
  engine->destroySession(s.id, [&](const SessionStats&) { done = true; });
  ASSERT_TRUE(owner.runUntil([&] { return done; }));
  EXPECT_EQ(both->detached(), 1);
  EXPECT_EQ(only->detached(), 1);
  EXPECT_EQ(replaced->detached(), 1);
  auto again = engine->addSink(s.id, LegSide::A, std::make_shared<RecordingSink>());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Code::NotFound);
  EXPECT_FALSE(engine->addSink(SessionId{}, LegSide::A, nullptr));
}

TEST_F(AudioHooks, SinkGivenJustBeforeTheEndAndAtShutdownIsDetached) {
  SessionInfo s = start(leg(caller), leg(callee));
  auto late = std::make_shared<RecordingSink>();
  ASSERT_TRUE(engine->addSink(s.id, LegSide::A, late));
  engine->destroySession(s.id);
  ASSERT_TRUE(late->waitFor([&] { return late->detachedLocked() == 1; }));
  SessionInfo s2 = start(leg(caller), leg(callee));
  auto live = std::make_shared<RecordingSink>();
  ASSERT_TRUE(engine->addSink(s2.id, LegSide::B, live));
  engine.reset();  // the engine's end ends its sessions
  EXPECT_EQ(live->detached(), 1);
  EXPECT_EQ(live.use_count(), 1);  // the session let go of it
}

class ThrowingSink final : public AudioSink {
 public:
  void onAudio(const AudioChunk&) override { throw std::runtime_error("disk full"); }
};

TEST_F(AudioHooks, ThrowingSinkIsTakenOffAndTheRelayGoesOn) {
  SessionInfo s = start(leg(caller), leg(callee));
  auto bad = std::make_shared<ThrowingSink>();
  auto good = std::make_shared<RecordingSink>();
  ASSERT_TRUE(engine->addSink(s.id, LegSide::A, bad));
  ASSERT_TRUE(engine->addSink(s.id, LegSide::A, good));
  for (uint16_t i = 0; i < 3; ++i) {
    caller.sendTo(s.port_a, rtpPacket(1, i, 160u * i, 0, std::vector<uint8_t>(160, 0x10)));
    ASSERT_TRUE(callee.receive());
  }
  ASSERT_TRUE(good->waitChunks(3));
  SessionStats st = stats(s.id);
  EXPECT_EQ(st.b.packets_out, 3u);
  EXPECT_EQ(bad.use_count(), 1);  // dropped by the session after its first throw
}

}  // namespace
}  // namespace hk::rtp
