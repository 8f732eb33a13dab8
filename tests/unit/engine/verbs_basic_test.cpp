// The executors of play, say, set, hangup and forward, each in a small flow on FakeCall.
#include <gtest/gtest.h>

#include "unit/engine/flow_harness.hpp"

namespace hk::engine {
namespace {

using b2bua::AttemptResult;
using b2bua::Party;
using b2bua::PlayEnd;
using nlohmann::json;
using test::FlowHarness;
using Path = std::vector<std::string>;
using Kind = AttemptResult::Kind;

json flowOf(json first, json rest = json::object()) {
  rest["first"] = std::move(first);
  return {{"name", "t"}, {"start", "first"}, {"steps", rest}};
}

const std::string kPrompt = "0123456789abcdef0123456789abcdef";
const json kEnd = {{"verb", "hangup"}, {"reason", "rejected"}};

TEST(PlayRun, PlaysThePromptAsWrittenThenGoesNext) {
  FlowHarness h(flowOf(
      {{"verb", "play"}, {"file", kPrompt}, {"loop", 2}, {"barge_in", true}, {"next", "end"}},
      {{"end", kEnd}}));
  h.call.start();
  ASSERT_EQ(h.call.plays.size(), 1u);
  const auto& p = h.call.plays[0];
  EXPECT_EQ(p.prompt_id, kPrompt);
  EXPECT_TRUE(p.text.empty());
  EXPECT_EQ(p.to, Party::Caller);
  EXPECT_EQ(p.loops, 2);
  EXPECT_TRUE(p.barge_in);
  h.call.playDone(PlayEnd::BargeIn);
  EXPECT_EQ(h.path(), (Path{"first", "end"}));
  EXPECT_EQ(h.call.hangup_code, 603);
}

TEST(PlayRun, AFailedPromptDoesNotStopTheFlow) {
  FlowHarness h(flowOf({{"verb", "play"}, {"file", kPrompt}, {"next", "end"}}, {{"end", kEnd}}));
  h.call.start();
  h.call.playDone(PlayEnd::Failed);
  EXPECT_EQ(h.path(), (Path{"first", "end"}));
}

TEST(PlayRun, ToTheCalleeIsSkippedWithoutOne) {
  FlowHarness h(flowOf({{"verb", "play"}, {"file", kPrompt}, {"to", "callee"}, {"next", "end"}},
                       {{"end", kEnd}}));
  h.call.start();
  EXPECT_TRUE(h.call.plays.empty());
  EXPECT_EQ(h.path(), (Path{"first", "end"}));
}

TEST(PlayRun, ToBothReachesOnlyTheCallerWithoutACallee) {
  FlowHarness h(flowOf({{"verb", "play"}, {"file", kPrompt}, {"to", "both"}, {"next", "end"}},
                       {{"end", kEnd}}));
  h.call.start();
  ASSERT_EQ(h.call.plays.size(), 1u);
  EXPECT_EQ(h.call.plays[0].to, Party::Caller);
}

TEST(SayRun, SpeaksTheTextWithItsVoiceAndSpeed) {
  FlowHarness h(flowOf({{"verb", "say"},
                        {"text", "お電話ありがとうございます。"},
                        {"voice", "ja-nitech"},
                        {"speed", 1.5},
                        {"next", "end"}},
                       {{"end", kEnd}}));
  h.call.start();
  ASSERT_EQ(h.call.plays.size(), 1u);
  EXPECT_EQ(h.call.plays[0].text, "お電話ありがとうございます。");
  EXPECT_EQ(h.call.plays[0].voice, "ja-nitech");
  EXPECT_DOUBLE_EQ(h.call.plays[0].speed, 1.5);
  EXPECT_TRUE(h.call.plays[0].prompt_id.empty());
  h.call.playDone();
  EXPECT_EQ(h.path(), (Path{"first", "end"}));
}

TEST(SayRun, AutoVoiceIsLeftToTheCall) {
  FlowHarness h(flowOf({{"verb", "say"}, {"text", "hello"}}));
  h.call.start();
  ASSERT_EQ(h.call.plays.size(), 1u);
  EXPECT_EQ(h.call.plays[0].voice, "");
}

TEST(SetRun, WritesVariablesAndTagsOntoTheLog) {
  FlowHarness h(flowOf(
      {{"verb", "set"},
       {"tags", {"after-hours", "flyer"}},
       {"variables", {{"campaign", "spring"}}},
       {"next", "more"}},
      {{"more", {{"verb", "set"}, {"tags", {"flyer", "vip"}}, {"next", "end"}}}, {"end", kEnd}}));
  h.call.start();
  EXPECT_EQ(h.call.record.vars["campaign"], "spring");
  EXPECT_EQ(h.call.record.vars["tags"], "after-hours,flyer,vip");
  EXPECT_EQ(h.path(), (Path{"first", "more", "end"}));
}

TEST(HangupRun, EachReasonHasItsCode) {
  for (auto [reason, code] : std::vector<std::pair<std::string, int>>{
           {"normal", 480}, {"busy", 486}, {"rejected", 603}, {"unavailable", 503}}) {
    FlowHarness h(flowOf({{"verb", "hangup"}, {"reason", reason}}));
    h.call.start();
    EXPECT_EQ(h.call.hangup_code, code) << reason;
    EXPECT_EQ(h.path(), Path{"first"});
  }
}

json forwardFlow(json fwd) {
  fwd["verb"] = "forward";
  return flowOf(fwd,
                {{"sorry", {{"verb", "say"}, {"text", "sorry"}, {"next", "end"}}}, {"end", kEnd}});
}

TEST(ForwardRun, TriesTheTargetsInTurnAndEndsWithTheConnectedCall) {
  FlowHarness h(forwardFlow({{"targets", {"0311112222", "0311113333"}}, {"ring_timeout_sec", 12}}));
  h.call.info_.recording = b2bua::RecordSpec{};
  h.call.start();
  ASSERT_EQ(h.call.forwards.size(), 1u);
  EXPECT_EQ(h.call.forwards[0].destination, "0311112222");
  EXPECT_EQ(h.call.forwards[0].ring_timeout, std::chrono::seconds(12));
  h.call.attemptFails(Kind::NoAnswer);
  ASSERT_EQ(h.call.forwards.size(), 2u);
  EXPECT_EQ(h.call.forwards[1].destination, "0311113333");
  h.call.connect();
  EXPECT_FALSE(h.call.ended);
  EXPECT_EQ(h.call.recordings.size(), 1u);  // what the number asks for
  h.call.attemptFails(Kind::Busy);          // nothing runs any more
  EXPECT_EQ(h.call.forwards.size(), 2u);
  EXPECT_EQ(h.path(), Path{"first"});
}

TEST(ForwardRun, WithoutTargetsRingsTheNumbersDestinations) {
  FlowHarness h(forwardFlow(json::object()));
  h.call.start();
  ASSERT_EQ(h.call.forwards.size(), 1u);
  EXPECT_EQ(h.call.forwards[0].destination, "0311110001");
  EXPECT_EQ(h.call.forwards[0].ring_timeout, std::chrono::seconds(20));
}

TEST(ForwardRun, AllBusyTakesOnBusy) {
  FlowHarness h(forwardFlow({{"targets", {"0311112222", "0311113333"}}, {"on_busy", "sorry"}}));
  h.call.start();
  h.call.attemptFails(Kind::Busy, 486);
  h.call.attemptFails(Kind::Busy, 486);
  EXPECT_EQ(h.path(), (Path{"first", "sorry"}));
  EXPECT_FALSE(h.call.ended);
}

TEST(ForwardRun, NobodyAnsweringTakesOnNoAnswer) {
  FlowHarness h(forwardFlow(
      {{"targets", {"0311112222", "0311113333"}}, {"on_busy", "end"}, {"on_no_answer", "sorry"}}));
  h.call.start();
  h.call.attemptFails(Kind::Busy, 486);
  h.call.attemptFails(Kind::NoAnswer);
  EXPECT_EQ(h.path(), (Path{"first", "sorry"}));
}

TEST(ForwardRun, FailuresTakeOnFailed) {
  FlowHarness h(forwardFlow({{"targets", {"0311112222"}}, {"on_failed", "sorry"}}));
  h.call.start();
  h.call.attemptFails(Kind::Failed, 503);
  EXPECT_EQ(h.path(), (Path{"first", "sorry"}));
}

TEST(ForwardRun, AMissingBranchEndsTheCallWithThatOutcome) {
  FlowHarness busy(forwardFlow({{"targets", {"0311112222"}}}));
  busy.call.start();
  busy.call.attemptFails(Kind::Busy, 486);
  EXPECT_EQ(busy.call.hangup_code, 486);
  FlowHarness failed(forwardFlow({{"targets", {"0311112222"}}}));
  failed.call.start();
  failed.call.attemptFails(Kind::Failed, 404);
  EXPECT_EQ(failed.call.hangup_code, 404);
}

TEST(ForwardRun, FullLinesTakeOnBusyWithoutRinging) {
  FlowHarness h(forwardFlow({{"on_busy", "sorry"}}));
  h.call.fillLines();
  EXPECT_TRUE(h.call.forwards.empty());
  EXPECT_EQ(h.path(), (Path{"first", "sorry"}));
  FlowHarness no_branch(forwardFlow(json::object()));
  no_branch.call.fillLines();
  EXPECT_EQ(no_branch.call.hangup_code, 486);
}

TEST(ForwardRun, RoundRobinStartsEachCallFurtherDown) {
  json fwd = {{"targets", {"0311110010", "0311110020", "0311110030"}}, {"order", "round_robin"}};
  std::vector<std::string> firsts;
  for (int i = 0; i < 3; ++i) {
    FlowHarness h(forwardFlow(fwd));
    h.call.start();
    firsts.push_back(h.call.forwards.at(0).destination);
    h.call.attemptFails(Kind::Busy);
    EXPECT_EQ(h.call.forwards.size(), 2u);
  }
  std::sort(firsts.begin(), firsts.end());
  EXPECT_EQ(firsts, (std::vector<std::string>{"0311110010", "0311110020", "0311110030"}));
}

}  // namespace
}  // namespace hk::engine
