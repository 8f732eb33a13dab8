// Audio sources on a loopback session: frames paced every 20 ms on the leg's own stream,
// Replace and Mix, SourceDone, the relay resuming, an IVR session with leg A only.
#include <gtest/gtest.h>

#include "unit/rtp/audio_test_util.hpp"

namespace hk::rtp {
namespace {

using std::chrono::milliseconds;
using test::AudioHooks;
using test::constant;
using test::g711Decode;
using test::g711RoundTrip;
using test::ramp;
using test::rampSample;
using test::Received;
using test::receiveRtp;
using test::rtpPacket;
using test::ScriptedSource;

// Every frame of `got` follows the one before on one stream: same SSRC, sequence + 1,
// timestamp + 160.
void expectContinuous(const std::vector<Received>& got) {
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT_EQ(got[i].h.ssrc, got[0].h.ssrc) << i;
    EXPECT_EQ(got[i].h.sequence, static_cast<uint16_t>(got[i - 1].h.sequence + 1)) << i;
    EXPECT_EQ(got[i].h.timestamp, got[i - 1].h.timestamp + 160) << i;
  }
}

class SourceCodec : public AudioHooks, public testing::WithParamInterface<Codec> {};

TEST_P(SourceCodec, FramesReachTheLegOnItsOwnStreamThenSourceDoneOnce) {
  const Codec codec = GetParam();
  LegParams none;  // IVR: Hankyo answered the caller, no B leg yet
  SessionInfo s = start(leg(caller, codec), none);
  auto source = std::make_shared<ScriptedSource>(ramp(), 6);
  auto hook = engine->setSource(s.id, LegSide::A, source);
  ASSERT_TRUE(hook);
  EXPECT_NE(*hook, 0u);
  engine->paceForTest();  // the first frame goes at once
  paceFrames(10);
  std::vector<Received> got;
  for (int i = 0; i < 6; ++i) {
    auto r = receiveRtp(caller);
    ASSERT_TRUE(r) << "frame " << i;
    got.push_back(*r);
  }
  EXPECT_FALSE(caller.receive(milliseconds(50)));  // nothing after the source ended
  expectContinuous(got);
  EXPECT_TRUE(got[0].h.marker);
  for (size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(got[k].h.payload_type, codec == Codec::Pcmu ? 0 : 8);
    if (k > 0) {
      EXPECT_FALSE(got[k].h.marker);
    }
    ASSERT_EQ(got[k].payload.size(), kFrameSamples);
    for (size_t i = 0; i < kFrameSamples; ++i) {
      ASSERT_EQ(g711Decode(codec, got[k].payload[i]), g711RoundTrip(codec, rampSample(k, i)))
          << "frame " << k << " sample " << i;
    }
  }
  ASSERT_TRUE(owner.runUntil([&] { return count(MediaEvent::Type::SourceDone, LegSide::A); }));
  paceFrames(5);
  EXPECT_EQ(count(MediaEvent::Type::SourceDone, LegSide::A), 1u);
  EXPECT_EQ(count(MediaEvent::Type::SourceDone, LegSide::B), 0u);
  for (const auto& e : events) {
    if (e.type == MediaEvent::Type::SourceDone) {
      EXPECT_EQ(e.hook, *hook);
      EXPECT_EQ(e.session, s.id);
    }
  }
  EXPECT_EQ(source->calls(), 7u);  // six frames, then "done" once
  SessionStats st = stats(s.id);
  EXPECT_EQ(st.a.packets_out, 6u);
  EXPECT_EQ(st.a.bytes_out, 6u * kFrameSamples);
  EXPECT_EQ(source.use_count(), 1);  // the session let go of it
}

INSTANTIATE_TEST_SUITE_P(Codecs, SourceCodec, testing::Values(Codec::Pcmu, Codec::Pcma));

TEST_F(AudioHooks, PaceKeeps20msWithoutDriftOnTheInjectedClock) {
  SessionInfo s = start(leg(caller), LegParams{});
  auto source = std::make_shared<ScriptedSource>(constant(100));
  ASSERT_TRUE(engine->setSource(s.id, LegSide::A, source));
  engine->paceForTest();
  // One second in uneven steps (7 ms, 11 ms...): the deadlines are absolute, so the count
  // is exactly one frame per 20 ms.
  int elapsed = 0;
  for (int i = 0; elapsed < 1000; ++i) {
    int step = std::min(i % 2 ? 11 : 7, 1000 - elapsed);
    clock.advance(milliseconds(step));
    elapsed += step;
    engine->paceForTest();
  }
  std::vector<Received> got;
  while (auto r = receiveRtp(caller, milliseconds(200))) got.push_back(*r);
  EXPECT_EQ(got.size(), 51u);  // at 0, 20, ..., 1000 ms
  expectContinuous(got);

  // A stall of half a second: at most 5 frames go at once, the rest are skipped, and the
  // timestamps count the time (no sequence gap a receiver would take for loss).
  clock.advance(milliseconds(500));
  engine->paceForTest();
  std::vector<Received> after;
  while (auto r = receiveRtp(caller, milliseconds(200))) after.push_back(*r);
  ASSERT_EQ(after.size(), 5u);
  EXPECT_EQ(after[0].h.sequence, static_cast<uint16_t>(got.back().h.sequence + 1));
  EXPECT_EQ(after[0].h.timestamp, got.back().h.timestamp + 21 * 160);  // 20 ticks skipped
  expectContinuous(after);
}

TEST_F(AudioHooks, PaceRunsByItselfWithoutDriftOnTheRealClock) {
  make(SystemClock::instance());
  SessionInfo s = start(leg(caller), LegParams{});
  auto source = std::make_shared<ScriptedSource>(constant(100));
  ASSERT_TRUE(engine->setSource(s.id, LegSide::A, source));
  std::vector<Received> got;
  std::vector<double> arrival_ms;
  auto t0 = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - t0 < milliseconds(1000)) {
    auto r = receiveRtp(caller, milliseconds(300));
    ASSERT_TRUE(r);
    got.push_back(*r);
    arrival_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  ASSERT_GE(got.size(), 30u);
  // How late each frame is against its timestamp. Scheduling only makes frames later (a
  // busy machine: much later, or skipped ticks, seen as a timestamp jump); the earliest
  // frames of the last third are as early as those of the first third: no drift.
  std::vector<double> late;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].h.sequence, static_cast<uint16_t>(got[0].h.sequence + i));
    uint32_t ts = got[i].h.timestamp - got[0].h.timestamp;
    EXPECT_EQ(ts % 160, 0u);
    late.push_back(arrival_ms[i] - ts / 8.0);
  }
  size_t third = got.size() / 3;
  double first_third = *std::min_element(late.begin(), late.begin() + third);
  double last_third = *std::min_element(late.end() - third, late.end());
  EXPECT_NEAR(last_third, first_third, 10.0);
}

TEST_F(AudioHooks, ReplaceMutesTheOtherLegAndTheRelayResumesAfter) {
  SessionInfo s = start(leg(caller), leg(callee));
  callee.sendTo(s.port_b, rtpPacket(0x2222, 1, 160, 0, std::vector<uint8_t>(160, 0x42)));
  auto relayed = receiveRtp(caller);
  ASSERT_TRUE(relayed);
  auto source = std::make_shared<ScriptedSource>(constant(1000));
  ASSERT_TRUE(engine->setSource(s.id, LegSide::A, source, SourceMode::Replace));
  engine->paceForTest();
  std::vector<Received> got;
  for (uint16_t i = 0; i < 4; ++i) {
    callee.sendTo(s.port_b, rtpPacket(0x2222, static_cast<uint16_t>(2 + i), 320 + 160u * i, 0,
                                      std::vector<uint8_t>(160, 0x42)));
    statsUntil(s.id, [&](const SessionStats& st) { return st.b.packets_in == 2u + i; });
    paceFrames(1);
  }
  while (auto r = receiveRtp(caller, milliseconds(100))) got.push_back(*r);
  ASSERT_EQ(got.size(), 5u);  // the source's frames only
  for (const auto& r : got) {
    EXPECT_EQ(r.h.ssrc, relayed->h.ssrc);  // the leg's one stream
    for (uint8_t b : r.payload) ASSERT_EQ(b, g711::linearToUlaw(1000));
  }
  EXPECT_EQ(got[0].h.sequence, static_cast<uint16_t>(relayed->h.sequence + 1));
  EXPECT_TRUE(got[0].h.marker);
  expectContinuous(got);
  SessionStats st = stats(s.id);
  EXPECT_EQ(st.b.packets_dropped, 4u);

  ASSERT_TRUE(engine->setSource(s.id, LegSide::A, nullptr));
  callee.sendTo(s.port_b, rtpPacket(0x2222, 6, 960, 0, std::vector<uint8_t>(160, 0x43)));
  auto back = receiveRtp(caller);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->payload, std::vector<uint8_t>(160, 0x43));
  EXPECT_EQ(back->h.ssrc, relayed->h.ssrc);
  EXPECT_EQ(back->h.sequence, static_cast<uint16_t>(got.back().h.sequence + 1));
  EXPECT_TRUE(back->h.marker);
  EXPECT_GE(back->h.timestamp - got.back().h.timestamp, 160u);
  EXPECT_EQ(count(MediaEvent::Type::SourceDone, LegSide::A), 0u);  // stopped, not done
}

TEST_F(AudioHooks, MixAddsTheOtherLegSaturating) {
  SessionInfo s = start(leg(caller), leg(callee));
  // The source: 1000 in the first half of each frame, 30000 in the second.
  auto source = std::make_shared<ScriptedSource>([](size_t, std::span<int16_t> f) {
    for (size_t i = 0; i < f.size(); ++i) f[i] = i < 80 ? 1000 : 30000;
  });
  ASSERT_TRUE(engine->setSource(s.id, LegSide::A, source, SourceMode::Mix));
  engine->paceForTest();
  auto alone = receiveRtp(caller);  // nothing from the callee yet: the source alone
  ASSERT_TRUE(alone);
  EXPECT_EQ(g711::ulawToLinear(alone->payload[0]), g711RoundTrip(Codec::Pcmu, 1000));
  // The callee says 2000 then 20000: the sums are 3000 and 50000 -> 32767.
  std::vector<uint8_t> talk(160);
  for (size_t i = 0; i < talk.size(); ++i) talk[i] = g711::linearToUlaw(i < 80 ? 2000 : 20000);
  callee.sendTo(s.port_b, rtpPacket(0x2222, 1, 160, 0, talk));
  statsUntil(s.id, [](const SessionStats& st) { return st.b.packets_in == 1; });
  paceFrames(1);
  auto mixed = receiveRtp(caller);
  ASSERT_TRUE(mixed);
  for (size_t i = 0; i < 160; ++i) {
    int heard = g711::ulawToLinear(talk[i]);
    int sum = std::clamp((i < 80 ? 1000 : 30000) + heard, -32768, 32767);
    ASSERT_EQ(g711::ulawToLinear(mixed->payload[i]),
              g711RoundTrip(Codec::Pcmu, static_cast<int16_t>(sum)))
        << i;
  }
  EXPECT_EQ(g711::ulawToLinear(mixed->payload[100]), 32124);  // µ-law's loudest
  EXPECT_EQ(mixed->h.sequence, static_cast<uint16_t>(alone->h.sequence + 1));
  EXPECT_FALSE(caller.receive(milliseconds(50)));  // the callee's packet was not relayed as is
  EXPECT_EQ(stats(s.id).b.packets_dropped, 0u);    // mixed in, not dropped
}

TEST_F(AudioHooks, IvrLegAloneThenTheCalleeJoinsWhenThePromptEnds) {
  SessionInfo s = start(leg(caller, Codec::Pcma), LegParams{});
  auto prompt = std::make_shared<ScriptedSource>(constant(-500), 3);
  auto hook = engine->setSource(s.id, LegSide::A, prompt);
  ASSERT_TRUE(hook);
  engine->paceForTest();
  paceFrames(1);
  // The callee answers while the prompt plays; its audio waits for the prompt's end.
  ASSERT_TRUE(engine->updateLeg(s.id, LegSide::B, leg(callee, Codec::Pcmu)));
  callee.sendTo(s.port_b, rtpPacket(0x3333, 1, 160, 0, std::vector<uint8_t>(160, 0x55)));
  statsUntil(s.id, [](const SessionStats& st) { return st.b.packets_in == 1; });
  paceFrames(3);
  std::vector<Received> got;
  for (int i = 0; i < 3; ++i) got.push_back(receiveRtp(caller).value_or(Received{}));
  expectContinuous(got);
  ASSERT_TRUE(owner.runUntil([&] { return count(MediaEvent::Type::SourceDone, LegSide::A); }));
  callee.sendTo(s.port_b, rtpPacket(0x3333, 2, 320, 0, std::vector<uint8_t>(160, 0x55)));
  auto relayed = receiveRtp(caller);
  ASSERT_TRUE(relayed);
  EXPECT_EQ(relayed->h.payload_type, 8);  // transcoded to the caller's PCMA
  EXPECT_EQ(relayed->payload[0], g711::ulawToAlaw(0x55));
  EXPECT_EQ(relayed->h.ssrc, got[0].h.ssrc);
  EXPECT_EQ(relayed->h.sequence, static_cast<uint16_t>(got.back().h.sequence + 1));
}

TEST_F(AudioHooks, NewSourceContinuesTheStreamAndUnreachableLegDiscards) {
  SessionInfo s = start(leg(caller), LegParams{});
  auto first = std::make_shared<ScriptedSource>(constant(10));
  auto second = std::make_shared<ScriptedSource>(constant(20), 2);
  ASSERT_TRUE(engine->setSource(s.id, LegSide::A, first));
  engine->paceForTest();
  paceFrames(1);
  auto hook2 = engine->setSource(s.id, LegSide::A, second);
  paceFrames(3);
  std::vector<Received> got;
  while (auto r = receiveRtp(caller, milliseconds(100))) got.push_back(*r);
  ASSERT_EQ(got.size(), 4u);
  expectContinuous(got);
  EXPECT_TRUE(got[2].h.marker);  // the switch
  EXPECT_FALSE(got[1].h.marker);
  ASSERT_TRUE(owner.runUntil([&] { return count(MediaEvent::Type::SourceDone, LegSide::A); }));
  EXPECT_EQ(events.back().hook, *hook2);  // the replaced source never reports
  EXPECT_EQ(first.use_count(), 1);

  // Leg B has no address: the source plays into the void, and still ends.
  auto unheard = std::make_shared<ScriptedSource>(constant(30), 4);
  ASSERT_TRUE(engine->setSource(s.id, LegSide::B, unheard));
  engine->paceForTest();
  paceFrames(5);
  EXPECT_EQ(unheard->calls(), 5u);
  EXPECT_TRUE(owner.runUntil([&] { return count(MediaEvent::Type::SourceDone, LegSide::B); }));
  EXPECT_EQ(stats(s.id).b.packets_out, 0u);
}

TEST_F(AudioHooks, EndedSessionDropsItsSourceWithoutSourceDone) {
  SessionInfo s = start(leg(caller), leg(callee));
  auto source = std::make_shared<ScriptedSource>(constant(10));
  ASSERT_TRUE(engine->setSource(s.id, LegSide::A, source));
  engine->paceForTest();
  ASSERT_TRUE(receiveRtp(caller));
  bool done = false;
  engine->destroySession(s.id, [&](const SessionStats&) { done = true; });
  ASSERT_TRUE(owner.runUntil([&] { return done; }));
  paceFrames(3);
  EXPECT_EQ(source.use_count(), 1);
  EXPECT_EQ(count(MediaEvent::Type::SourceDone, LegSide::A), 0u);
  EXPECT_FALSE(engine->setSource(s.id, LegSide::A, source));
  EXPECT_EQ(engine->activeSessions(), 0u);
}

}  // namespace
}  // namespace hk::rtp
