// The flow engine (FlowRun) against FakeCall: steps in turn, branches, the end of a flow,
// max_visits, answer modes, late events, timers, and what goes onto the call log.
#include <gtest/gtest.h>

#include "engine/flow_directory.hpp"
#include "flow/verb_registry.hpp"
#include "unit/engine/flow_harness.hpp"

namespace hk::engine {
namespace {

using b2bua::AnswerMode;
using b2bua::PlayEnd;
using nlohmann::json;
using test::FlowHarness;
using Path = std::vector<std::string>;

// "gather" for these tests: collects a key, 5 s later leaves through on_timeout, a key
// leaves through choices/<key>.
class ScriptedGather final : public VerbRun {
 public:
  void start(StepContext& ctx) override {
    (void)ctx.call().collectDigits({});
    ctx.startTimer(std::chrono::seconds(5), [&ctx] { ctx.go("on_timeout"); });
  }
  void onDigits(StepContext& ctx, const std::string& d, b2bua::DigitsEnd) override {
    ctx.go("choices/" + d);
  }
};

RunRegistry withScriptedGather() {
  RunRegistry r = RunRegistry::builtin();
  r.add("gather", [](const flow::Step&) { return std::make_unique<ScriptedGather>(); });
  return r;
}

json menuFlow(int max_visits) {
  return {{"name", "menu"},
          {"start", "menu"},
          {"max_visits", max_visits},
          {"steps",
           {{"menu",
             {{"verb", "gather"},
              {"prompt", {{"text", "press one"}}},
              {"choices", {{"1", "again"}}},
              {"on_timeout", "bye"}}},
            {"again", {{"verb", "say"}, {"text", "once more"}, {"next", "menu"}}},
            {"bye", {{"verb", "hangup"}, {"reason", "busy"}}}}}};
}

TEST(FlowEngine, RunsStepsInTurnAndLogsFlowAndPath) {
  FlowHarness h(
      {{"name", "welcome"},
       {"start", "greet"},
       {"steps",
        {{"greet", {{"verb", "say"}, {"text", "hello"}, {"next", "tag"}}},
         {"tag", {{"verb", "set"}, {"variables", {{"campaign", "spring"}}}, {"next", "bye"}}},
         {"bye", {{"verb", "hangup"}}}}}});
  h.call.start();
  EXPECT_EQ(h.call.answers, std::vector<AnswerMode>{AnswerMode::Now});  // "answer" default
  EXPECT_EQ(h.call.record.flow_id, 11);
  EXPECT_EQ(h.call.record.flow_version, 3);
  ASSERT_EQ(h.call.plays.size(), 1u);
  EXPECT_EQ(h.call.plays[0].text, "hello");
  EXPECT_EQ(h.path(), Path{"greet"});
  EXPECT_FALSE(h.call.ended);
  h.call.playDone();
  EXPECT_EQ(h.path(), (Path{"greet", "tag", "bye"}));
  EXPECT_EQ(h.call.record.vars["campaign"], "spring");
  EXPECT_EQ(h.call.hangup_code, 480);
}

TEST(FlowEngine, ABranchThatLeadsNowhereHangsUp) {
  FlowHarness h(
      {{"name", "n"}, {"start", "a"}, {"steps", {{"a", {{"verb", "say"}, {"text", "x"}}}}}});
  h.call.start();
  EXPECT_FALSE(h.call.ended);
  h.call.playDone();
  EXPECT_EQ(h.call.hangup_code, 480);  // the call answers it with a BYE once answered
}

TEST(FlowEngine, MaxVisitsEndsALoop) {
  FlowHarness h(menuFlow(2), withScriptedGather());
  h.call.start();
  h.call.digits("1");
  h.call.playDone();
  h.call.digits("1");
  EXPECT_FALSE(h.call.ended);
  h.call.playDone();  // "menu" a third time: more than max_visits
  EXPECT_EQ(h.path(), (Path{"menu", "again", "menu", "again"}));
  EXPECT_EQ(h.call.hangup_code, 480);
}

TEST(FlowEngine, AStepTimerFollowsItsBranch) {
  FlowHarness h(menuFlow(3), withScriptedGather());
  h.call.start();
  h.call.advance(std::chrono::milliseconds(4999));
  EXPECT_EQ(h.path(), Path{"menu"});
  h.call.advance(std::chrono::milliseconds(1));
  EXPECT_EQ(h.path(), (Path{"menu", "bye"}));
  EXPECT_EQ(h.call.hangup_code, 486);
}

TEST(FlowEngine, TimersOfAStepThatLeftNeverFire) {
  FlowHarness h(menuFlow(3), withScriptedGather());
  h.call.start();
  h.call.digits("1");  // menu -> again: menu's timer is cancelled
  EXPECT_EQ(h.call.pendingTimers(), 0u);
  h.call.advance(std::chrono::seconds(10));
  EXPECT_EQ(h.path(), (Path{"menu", "again"}));
  EXPECT_FALSE(h.call.ended);
}

TEST(FlowEngine, LateEventsOfAnEarlierStepAreDropped) {
  FlowHarness h({{"name", "n"},
                 {"start", "a"},
                 {"steps",
                  {{"a", {{"verb", "say"}, {"text", "first"}, {"next", "b"}}},
                   {"b", {{"verb", "say"}, {"text", "second"}, {"next", "c"}}},
                   {"c", {{"verb", "hangup"}}}}}});
  h.call.start();
  b2bua::PlayId first = h.call.play_ids.back();
  h.call.playDone();
  ASSERT_EQ(h.path(), (Path{"a", "b"}));
  h.call.playDone(first, PlayEnd::Stopped);               // a's prompt again: not b's
  h.call.digits("5");                                     // nobody collects
  h.call.attemptFails(b2bua::AttemptResult::Kind::Busy);  // nobody forwards
  EXPECT_EQ(h.path(), (Path{"a", "b"}));
  EXPECT_FALSE(h.call.ended);
  h.call.playDone();
  EXPECT_EQ(h.path(), (Path{"a", "b", "c"}));
}

TEST(FlowEngine, EarlyMediaAnswersBeforeTheFirstKeys) {
  json doc = menuFlow(3);
  doc["answer"] = "early_media";
  FlowHarness h(doc, withScriptedGather());
  h.call.start();
  EXPECT_EQ(h.call.answers, (std::vector<AnswerMode>{AnswerMode::EarlyMedia, AnswerMode::Now}));
  EXPECT_EQ(h.call.collections.size(), 1u);
}

TEST(FlowEngine, EarlyMediaPlaysWithoutAnAnswer) {
  FlowHarness h(
      {{"name", "n"},
       {"answer", "early_media"},
       {"start", "a"},
       {"steps",
        {{"a", {{"verb", "say"}, {"text", "x"}, {"next", "f"}}}, {"f", {{"verb", "forward"}}}}}});
  h.call.start();
  EXPECT_EQ(h.call.answers, std::vector<AnswerMode>{AnswerMode::EarlyMedia});
  EXPECT_FALSE(h.call.answered);
  h.call.playDone();
  ASSERT_EQ(h.call.forwards.size(), 1u);
}

TEST(FlowEngine, OnConnectLeavesTheAnswerToTheCallee) {
  FlowHarness h({{"name", "n"},
                 {"answer", "on_connect"},
                 {"start", "f"},
                 {"steps", {{"f", {{"verb", "forward"}, {"targets", {"0311112222"}}}}}}});
  h.call.start();
  EXPECT_TRUE(h.call.answers.empty());
  ASSERT_EQ(h.call.forwards.size(), 1u);
  h.call.connect();
  EXPECT_FALSE(h.call.ended);
  EXPECT_EQ(h.path(), Path{"f"});
}

TEST(FlowEngine, TheCallerHangingUpEndsTheRun) {
  FlowHarness h(
      {{"name", "n"},
       {"start", "a"},
       {"steps",
        {{"a", {{"verb", "say"}, {"text", "x"}, {"next", "b"}}}, {"b", {{"verb", "hangup"}}}}}});
  h.call.start();
  h.call.callerHangsUp();
  EXPECT_FALSE(h.call.hangup_code);
  h.call.playDone(PlayEnd::Hangup);
  EXPECT_EQ(h.path(), Path{"a"});
}

TEST(FlowEngine, ANumberWithoutAFlowIsForwardedAsBefore) {
  test::FakeClock clock;
  test::FakeCall call(clock);
  FlowRows rows;  // a flow attached to another number only
  rows.flows.push_back(
      {11, 1, 0, 1,
       json({{"name", "n"}, {"start", "a"}, {"steps", {{"a", {{"verb", "hangup"}}}}}}).dump()});
  rows.attachments.push_back({1, 0, 999, 11});
  auto handler = makeFlowHandler(Snapshot::build(rows), call.info_, clock);
  call.handler = handler.get();
  call.start();
  ASSERT_EQ(call.forwards.size(), 1u);
  EXPECT_EQ(call.forwards[0].destination, "0311110001");
  EXPECT_EQ(call.record.flow_id, 0);
  EXPECT_TRUE(call.answers.empty());
}

TEST(RunRegistry, EveryExecutorBelongsToAVerb) {
  auto verbs = flow::VerbRegistry::builtin().names();
  for (const auto& name : RunRegistry::builtin().names()) {
    EXPECT_NE(std::find(verbs.begin(), verbs.end(), name), verbs.end()) << name;
  }
}

// hankyod refuses to start otherwise (app/sip_side.cpp).
TEST(RunRegistry, EveryVerbHasAnExecutor) {
  EXPECT_EQ(missingExecutors(), std::vector<std::string>{});
}

}  // namespace
}  // namespace hk::engine
