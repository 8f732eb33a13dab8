// The record executor: start (with the mode) or stop, the consent message played after the
// recording started and waited for, and recording that cannot start.
#include <gtest/gtest.h>

#include "verbs_fakes.hpp"

namespace hk::engine {
namespace {

using b2bua::PlayEnd;
using b2bua::RecordWhat;
using test::VerbHarness;

Json rec(Json extra) {
  Json s = {{"verb", "record"}, {"next", "desk"}};
  s.update(extra);
  return s;
}
const std::vector<std::string> kTargets = {"desk"};

TEST(RecordRun, StartsStereoByDefaultAndGoesOn) {
  VerbHarness h(rec({{"enabled", true}}), kTargets);
  h.start();
  EXPECT_TRUE(h.call.recording);
  ASSERT_EQ(h.call.record_specs.size(), 1u);
  EXPECT_EQ(h.call.record_specs[0].what, RecordWhat::Stereo);
  EXPECT_TRUE(h.call.plays.empty());
  EXPECT_EQ(h.ctx.outcome(), "next");
}

TEST(RecordRun, ModeChoosesTheParties) {
  for (auto [mode, what] :
       {std::pair{"caller", RecordWhat::Caller}, std::pair{"callee", RecordWhat::Callee},
        std::pair{"both", RecordWhat::Stereo}}) {
    VerbHarness h(rec({{"enabled", true}, {"mode", mode}}), kTargets);
    h.start();
    ASSERT_EQ(h.call.record_specs.size(), 1u) << mode;
    EXPECT_EQ(h.call.record_specs[0].what, what) << mode;
  }
}

TEST(RecordRun, TheConsentPlaysOnceRecordingAndTheStepWaitsForIt) {
  VerbHarness h(rec({{"enabled", true}, {"consent", {{"text", "この通話は録音されます。"}}}}),
                kTargets);
  h.start();
  EXPECT_TRUE(h.call.recording);
  ASSERT_EQ(h.call.plays.size(), 1u);
  EXPECT_EQ(h.call.plays[0].spec.text, "この通話は録音されます。");
  EXPECT_FALSE(h.call.plays[0].spec.barge_in);
  EXPECT_EQ(h.ctx.outcome(), "");
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Finished);
  EXPECT_EQ(h.ctx.outcome(), "next");
}

TEST(RecordRun, AConsentThatCannotPlayStillGoesOn) {
  VerbHarness h(rec({{"enabled", true}, {"consent", {{"file", std::string(32, 'a')}}}}), kTargets);
  h.start();
  ASSERT_EQ(h.call.plays.size(), 1u);
  EXPECT_EQ(h.call.plays[0].spec.prompt_id, std::string(32, 'a'));
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Failed);
  EXPECT_EQ(h.ctx.outcome(), "next");
}

TEST(RecordRun, TheCallerHangingUpDuringTheConsentLeavesItToTheEngine) {
  VerbHarness h(rec({{"enabled", true}, {"consent", {{"text", "録音します。"}}}}), kTargets);
  h.start();
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Hangup);
  EXPECT_EQ(h.ctx.outcome(), "");
}

TEST(RecordRun, DisabledStopsTheRecording) {
  VerbHarness h(rec({{"enabled", false}}), kTargets);
  h.call.recording = true;
  h.start();
  EXPECT_FALSE(h.call.recording);
  EXPECT_EQ(h.call.record_stops, 1);
  EXPECT_EQ(h.ctx.outcome(), "next");
}

TEST(RecordRun, RecordingThatCannotStartGoesOnWithoutTheConsent) {
  VerbHarness h(rec({{"enabled", true}, {"consent", {{"text", "録音します。"}}}}), kTargets);
  h.call.record_status = fail(Code::Unavailable, "recording is not configured (media.dir)");
  h.start();
  EXPECT_FALSE(h.call.recording);
  EXPECT_TRUE(h.call.plays.empty());
  EXPECT_EQ(h.ctx.outcome(), "next");
}

TEST(RecordRun, AlreadyRecordingIsFine) {
  VerbHarness h(rec({{"enabled", true}, {"consent", {{"text", "録音します。"}}}}), kTargets);
  h.call.recording = true;
  h.start();
  EXPECT_TRUE(h.call.recording);
  ASSERT_EQ(h.call.plays.size(), 1u);  // the caller is still told
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Finished);
  EXPECT_EQ(h.ctx.outcome(), "next");
}

}  // namespace
}  // namespace hk::engine
