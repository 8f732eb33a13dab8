// The gather executor against the fake call: menu choices, free entry into a variable,
// barge-in, the wait counted from the prompt's end, retries after timeouts and wrong keys,
// and the failures (a prompt that cannot play, a call without media).
#include <gtest/gtest.h>

#include "engine/verbs/register.hpp"
#include "verbs_fakes.hpp"

namespace hk::engine {
namespace {

using namespace std::chrono_literals;
using b2bua::DigitsEnd;
using b2bua::PlayEnd;
using test::VerbHarness;

Json menu(Json extra = Json::object()) {
  Json s = {{"verb", "gather"},
            {"prompt", {{"text", "ご用件の番号を押してください。"}}},
            {"choices", {{"1", "sales"}, {"2", "support"}}},
            {"variable", "menu"},
            {"on_invalid", "sorry"},
            {"on_timeout", "bye"}};
  s.update(extra);
  return s;
}
const std::vector<std::string> kMenuTargets = {"sales", "support", "sorry", "bye"};

TEST(GatherRun, PlaysThePromptThenTheKeyChoosesItsBranch) {
  VerbHarness h(menu(), kMenuTargets);
  h.start();
  ASSERT_EQ(h.call.plays.size(), 1u);
  EXPECT_EQ(h.call.plays[0].spec.text, "ご用件の番号を押してください。");
  EXPECT_TRUE(h.call.plays[0].spec.barge_in);
  EXPECT_EQ(h.call.plays[0].spec.to, b2bua::Party::Caller);
  // Keys are collected during the prompt; the 5 s wait starts when it ends.
  ASSERT_EQ(h.call.collections.size(), 1u);
  EXPECT_GT(h.call.collections[0].first_timeout, 60s);
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Finished);
  ASSERT_EQ(h.call.collections.size(), 2u);
  EXPECT_EQ(h.call.collections[1].first_timeout, 5s);
  EXPECT_EQ(h.call.collections[1].max_digits, 1u);
  EXPECT_EQ(h.call.collections[1].terminator, '#');
  EXPECT_EQ(h.ctx.outcome(), "");

  h.call.press('2');
  EXPECT_EQ(h.ctx.outcome(), "choices/2");
  EXPECT_EQ(h.ctx.vars.at("menu"), "2");
}

TEST(GatherRun, AKeyDuringThePromptStopsItAndIsTheChoice) {
  VerbHarness h(menu(), kMenuTargets);
  h.start();
  h.call.press('1');
  EXPECT_EQ(h.call.playing(), 0u);
  EXPECT_EQ(h.call.collections.size(), 1u);  // the barge-in did not restart the collection
  EXPECT_EQ(h.ctx.outcome(), "choices/1");
  EXPECT_EQ(h.ctx.vars.at("menu"), "1");
}

TEST(GatherRun, TimeoutsReplayThePromptThenLeaveByOnTimeout) {
  VerbHarness h(menu({{"retries", 1}, {"timeout_sec", 8}}), kMenuTargets);
  h.start();
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Finished);
  EXPECT_EQ(h.call.collections.back().first_timeout, 8s);
  h.call.digitTimeout();
  EXPECT_EQ(h.ctx.outcome(), "");
  ASSERT_EQ(h.call.plays.size(), 2u);  // replayed
  h.call.endPlay(h.call.plays[1].id, PlayEnd::Finished);
  h.call.digitTimeout();
  EXPECT_EQ(h.ctx.outcome(), "on_timeout");
  EXPECT_EQ(h.call.plays.size(), 2u);
  EXPECT_FALSE(h.ctx.vars.count("menu"));
}

TEST(GatherRun, WrongKeysUseTheRetriesThenLeaveByOnInvalid) {
  VerbHarness h(menu(), kMenuTargets);  // retries: 2 by default
  h.start();
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(h.ctx.outcome(), "") << i;
    h.call.press('7');
  }
  EXPECT_EQ(h.ctx.outcome(), "on_invalid");
  EXPECT_EQ(h.call.plays.size(), 3u);
  EXPECT_FALSE(h.ctx.vars.count("menu"));
}

TEST(GatherRun, AWrongKeyThenARightOne) {
  VerbHarness h(menu(), kMenuTargets);
  h.start();
  h.call.press('5');
  EXPECT_EQ(h.call.plays.size(), 2u);
  EXPECT_EQ(h.call.playing(), h.call.plays[1].id);
  h.call.press('1');
  EXPECT_EQ(h.ctx.outcome(), "choices/1");
}

TEST(GatherRun, TheLastTryDecidesTheBranch) {
  VerbHarness h(menu({{"retries", 1}}), kMenuTargets);
  h.start();
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Finished);
  h.call.digitTimeout();  // try 1: nothing
  h.call.press('9');      // try 2: wrong
  EXPECT_EQ(h.ctx.outcome(), "on_invalid");
}

TEST(GatherRun, NoRetriesMeansOneTry) {
  VerbHarness h(menu({{"retries", 0}}), kMenuTargets);
  h.start();
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Finished);
  h.call.digitTimeout();
  EXPECT_EQ(h.ctx.outcome(), "on_timeout");
  EXPECT_EQ(h.call.plays.size(), 1u);
}

TEST(GatherRun, FreeEntryIsKeptInTheVariableAndGoesOnToNext) {
  Json step = {{"verb", "gather"},
               {"prompt", {{"text", "折り返しの電話番号を押してください。"}}},
               {"max_digits", 11},
               {"variable", "callback"},
               {"next", "thanks"}};
  VerbHarness h(step, {"thanks"});
  h.start();
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Finished);
  EXPECT_EQ(h.call.collections.back().max_digits, 11u);
  h.call.pressAll("0312345678#");
  EXPECT_EQ(h.ctx.outcome(), "next");
  EXPECT_EQ(h.ctx.vars.at("callback"), "0312345678");
}

TEST(GatherRun, MultiKeyChoicesWaitForTheNextKey) {
  Json step = menu({{"choices", {{"1", "sales"}, {"12", "support"}}}});
  {
    VerbHarness h(step, kMenuTargets);
    h.start();
    EXPECT_EQ(h.call.collections[0].max_digits, 2u);  // the longest choice
    h.call.pressAll("12");
    EXPECT_EQ(h.ctx.outcome(), "choices/12");
  }
  {
    VerbHarness h(step, kMenuTargets);
    h.start();
    h.call.press('1');
    EXPECT_EQ(h.ctx.outcome(), "");
    h.call.digitTimeout();  // the inter-digit wait ends the entry
    EXPECT_EQ(h.ctx.outcome(), "choices/1");
  }
}

TEST(GatherRun, WithoutATerminatorTheHashKeyIsAChoice) {
  VerbHarness h(menu({{"terminator", ""}, {"choices", {{"#", "sales"}, {"0", "support"}}}}),
                kMenuTargets);
  h.start();
  EXPECT_FALSE(h.call.collections[0].terminator.has_value());
  h.call.press('#');
  EXPECT_EQ(h.ctx.outcome(), "choices/#");
}

TEST(GatherRun, TheTerminatorAloneCountsAsNothingEntered) {
  VerbHarness h(menu({{"retries", 0}}), kMenuTargets);
  h.start();
  h.call.press('#');
  EXPECT_EQ(h.ctx.outcome(), "on_timeout");
}

TEST(GatherRun, WithoutAPromptTheWaitStartsAtOnce) {
  Json step = menu();
  step.erase("prompt");
  VerbHarness h(step, kMenuTargets);
  h.start();
  EXPECT_TRUE(h.call.plays.empty());
  ASSERT_EQ(h.call.collections.size(), 1u);
  EXPECT_EQ(h.call.collections[0].first_timeout, 5s);
  h.call.press('1');
  EXPECT_EQ(h.ctx.outcome(), "choices/1");
}

TEST(GatherRun, APromptThatFailsStillWaitsForKeys) {
  VerbHarness h(menu(), kMenuTargets);
  h.start();
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Failed);
  EXPECT_EQ(h.call.collections.back().first_timeout, 5s);
  h.call.press('2');
  EXPECT_EQ(h.ctx.outcome(), "choices/2");
}

TEST(GatherRun, WithoutMediaItLeavesByOnTimeout) {
  VerbHarness h(menu(), kMenuTargets);
  h.call.collect_status = fail(Code::Unavailable, "no media on this call");
  h.start();
  EXPECT_EQ(h.ctx.outcome(), "on_timeout");
  EXPECT_TRUE(h.call.plays.empty());
}

TEST(GatherRun, APromptEndedByTheHangUpLeavesNothingRunning) {
  VerbHarness h(menu(), kMenuTargets);
  h.start();
  h.call.endPlay(h.call.plays[0].id, PlayEnd::Hangup);
  EXPECT_EQ(h.call.collections.size(), 1u);
  EXPECT_EQ(h.ctx.outcome(), "");
}

TEST(GatherRun, EventsOfOtherPlaysAreIgnored) {
  VerbHarness h(menu(), kMenuTargets);
  h.start();
  h.run->onPlayDone(h.ctx, 999, PlayEnd::Finished);
  EXPECT_EQ(h.call.collections.size(), 1u);
  EXPECT_EQ(h.call.playing(), h.call.plays[0].id);
}

TEST(GatherRun, AnEntryStopsAPromptStillPlaying) {
  // A collection that ends while the prompt plays (its long first wait ran out).
  VerbHarness h(menu({{"retries", 0}}), kMenuTargets);
  h.start();
  h.call.digitTimeout();
  EXPECT_EQ(h.ctx.outcome(), "on_timeout");
  EXPECT_EQ(h.call.playing(), 0u);
  EXPECT_EQ(h.call.stopped.size(), 1u);
}

}  // namespace
}  // namespace hk::engine
