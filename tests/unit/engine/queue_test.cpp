// queue: the caller waits for a line with guidance, hold music and its place in the queue;
// a free line leads on, the maximum wait and a full queue take their branches.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/engine/verbs_fakes.hpp"

namespace hk::engine {
namespace {

using namespace std::chrono_literals;
using test::VerbHarness;

const std::vector<std::string> kTargets = {"desk", "late", "full"};

Json queueStep(Json extra = Json::object()) {
  Json s = {{"verb", "queue"}, {"next", "desk"}, {"on_timeout", "late"}, {"on_full", "full"}};
  for (auto& [k, v] : extra.items()) s[k] = v;
  return s;
}

TEST(QueueRun, AnnouncementThenBuiltInHoldToneThenNextWhenALineFrees) {
  VerbHarness h(queueStep({{"announcement", {{"text", "ただいま混み合っております。"}}}}),
                kTargets);
  h.start();
  EXPECT_TRUE(h.call.waiting);
  EXPECT_EQ(h.call.max_callers_asked, 10u);  // the default max_callers
  ASSERT_EQ(h.call.plays.size(), 1u);
  EXPECT_EQ(h.call.plays[0].spec.text, "ただいま混み合っております。");
  EXPECT_FALSE(h.call.plays[0].spec.barge_in);
  h.call.finishPlay();
  ASSERT_EQ(h.call.plays.size(), 2u);
  ASSERT_TRUE(h.call.plays[1].spec.tone.has_value());
  EXPECT_EQ(*h.call.plays[1].spec.tone, b2bua::Tone::Ringback);
  EXPECT_EQ(h.call.plays[1].spec.loops, 0);  // until stopped
  EXPECT_EQ(h.ctx.outcome(), "");

  h.lineFree();
  EXPECT_EQ(h.ctx.outcome(), "next");
  EXPECT_EQ(h.call.playing(), 0u) << "the hold music stops";
  EXPECT_EQ(h.call.record.vars["queue_result"], "line_free");
  EXPECT_EQ(h.call.record.vars["queue_position"], "1");
  EXPECT_TRUE(h.ctx.timers.empty());
}

TEST(QueueRun, HoldMusicPromptFallsBackToTheToneWhenItCannotPlay) {
  const std::string id(32, 'a');
  VerbHarness h(queueStep({{"hold_music", id}}), kTargets);
  h.start();
  ASSERT_EQ(h.call.plays.size(), 1u);
  EXPECT_EQ(h.call.plays[0].spec.prompt_id, id);
  EXPECT_EQ(h.call.plays[0].spec.loops, 0);
  h.call.endPlay(h.call.playing(), b2bua::PlayEnd::Failed);
  ASSERT_EQ(h.call.plays.size(), 2u);
  EXPECT_TRUE(h.call.plays[1].spec.tone.has_value());
  h.call.endPlay(h.call.playing(), b2bua::PlayEnd::Failed);
  EXPECT_EQ(h.call.plays.size(), 2u) << "no retry loop when the tone fails too";
}

TEST(QueueRun, AnnouncesThePositionOnEntryAndEveryIntervalInTheAnnouncementsLanguage) {
  VerbHarness ja(queueStep({{"announce_position", true}, {"announce_every_sec", 30}}), kTargets);
  ja.call.ahead = 2;
  ja.start();
  ASSERT_EQ(ja.call.plays.size(), 1u);
  EXPECT_EQ(ja.call.plays[0].spec.text, "ただいま3番目でお待ちいただいております。");
  ja.call.finishPlay();
  EXPECT_TRUE(ja.call.plays.back().spec.tone.has_value());
  ja.call.ahead = 0;  // two callers ahead were served
  ASSERT_TRUE(ja.ctx.fire(30s));
  EXPECT_EQ(ja.call.plays.back().spec.text, "ただいま1番目でお待ちいただいております。");
  ja.call.finishPlay();
  EXPECT_TRUE(ja.call.plays.back().spec.tone.has_value()) << "the music resumes";
  EXPECT_TRUE(ja.ctx.fire(30s)) << "and the next announcement is due";

  VerbHarness en(queueStep({{"announce_position", true},
                            {"announcement", {{"text", "All our lines are busy."}}}}),
                 kTargets);
  en.call.ahead = 1;
  en.start();
  en.call.finishPlay();
  ASSERT_EQ(en.call.plays.size(), 2u);
  EXPECT_EQ(en.call.plays[1].spec.text, "You are number 2 in line. Please hold.");
}

TEST(QueueRun, MaxWaitLeavesTheQueueAsATimeout) {
  VerbHarness h(queueStep({{"max_wait_sec", 20}}), kTargets);
  h.start();
  ASSERT_TRUE(h.ctx.fire(20s));
  EXPECT_EQ(h.ctx.outcome(), "on_timeout");
  EXPECT_TRUE(h.call.left_queue);
  EXPECT_TRUE(h.call.gave_up_) << "logged as a queue timeout";
  EXPECT_EQ(h.call.playing(), 0u);
  EXPECT_EQ(h.call.record.vars["queue_result"], "timeout");
  h.lineFree();  // too late: dropped
  EXPECT_THAT(h.ctx.went, testing::ElementsAre("on_timeout"));
}

TEST(QueueRun, FullQueueTakesOnFull) {
  VerbHarness h(queueStep({{"max_callers", 2}}), kTargets);
  h.call.ahead = 2;
  h.start();
  EXPECT_EQ(h.call.max_callers_asked, 2u);
  EXPECT_EQ(h.ctx.outcome(), "on_full");
  EXPECT_TRUE(h.call.plays.empty());
  EXPECT_TRUE(h.ctx.timers.empty());
  EXPECT_EQ(h.call.record.vars["queue_result"], "full");
}

TEST(QueueRun, ACallWithoutALineQueueTakesOnFull) {
  VerbHarness h(queueStep(), kTargets);
  h.call.queue_status_override = fail(Code::Unavailable, "no line queue on this call");
  h.start();
  EXPECT_EQ(h.ctx.outcome(), "on_full");
}

TEST(QueueRun, CallerGoneLeavesTheQueueWithoutATimeout) {
  VerbHarness h(queueStep(), kTargets);
  h.start();
  h.callerGone();
  EXPECT_TRUE(h.call.left_queue);
  EXPECT_FALSE(h.call.gave_up_);
}

}  // namespace
}  // namespace hk::engine
