// forward's post_call: what the validator takes and refuses, and the PostCallSpec the forward
// executor arms (CallControl::judgeAfterCall).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/verbs/post_call_spec.hpp"
#include "flow/flow_doc.hpp"

namespace hk::engine {
namespace {

using flow::Json;

flow::FlowCheck checkForward(const Json& post_call) {
  Json doc = {{"name", "judgement"},
              {"start", "desk"},
              {"steps", {{"desk", {{"verb", "forward"}, {"post_call", post_call}}}}}};
  return flow::checkFlow(doc);
}

std::vector<std::string> fields(const flow::FlowCheck& c) {
  std::vector<std::string> out;
  for (const auto& e : c.errors) out.push_back(e.field);
  return out;
}

TEST(PostCall, AGoodJudgementIsAcceptedAndBecomesTheSpec) {
  Json pc = {{"prompt", {{"text", "有効なお問い合わせなら1を押してください。"}}},
             {"keys", {{"1", "valid"}, {"2", "invalid"}}},
             {"timeout_sec", 15}};
  auto check = checkForward(pc);
  ASSERT_TRUE(check.ok()) << (check.errors.empty() ? "" : check.errors[0].field);
  auto spec = verbs::postCallSpec(check.document->steps.at("desk").params);
  ASSERT_TRUE(spec.has_value());
  EXPECT_EQ(spec->prompt.text, "有効なお問い合わせなら1を押してください。");
  EXPECT_EQ(spec->prompt.to, b2bua::Party::Callee);
  EXPECT_EQ(spec->timeout, std::chrono::seconds(15));
  EXPECT_EQ(spec->keys.at('1'), domain::ValidRes::Valid);
  EXPECT_EQ(spec->keys.at('2'), domain::ValidRes::Invalid);
}

TEST(PostCall, TheDefaultTimeoutIsTenSeconds) {
  Json pc = {{"prompt", {{"file", std::string(32, 'b')}}}, {"keys", {{"#", "valid"}}}};
  auto check = checkForward(pc);
  ASSERT_TRUE(check.ok());
  auto spec = verbs::postCallSpec(check.document->steps.at("desk").params);
  ASSERT_TRUE(spec.has_value());
  EXPECT_EQ(spec->prompt.prompt_id, std::string(32, 'b'));
  EXPECT_EQ(spec->timeout, std::chrono::seconds(10));
}

TEST(PostCall, BadJudgementsAreRefusedWithTheirPointers) {
  EXPECT_THAT(fields(checkForward({{"keys", {{"1", "valid"}}}})),
              testing::Contains("/steps/desk/post_call/prompt"));
  EXPECT_THAT(fields(checkForward({{"prompt", {{"text", "x"}}}})),
              testing::Contains("/steps/desk/post_call/keys"));
  EXPECT_THAT(fields(checkForward({{"prompt", {{"text", "x"}}}, {"keys", Json::object()}})),
              testing::Contains("/steps/desk/post_call/keys"));
  EXPECT_THAT(fields(checkForward({{"prompt", {{"text", "x"}}}, {"keys", {{"12", "valid"}}}})),
              testing::Contains("/steps/desk/post_call/keys/12"));
  EXPECT_THAT(fields(checkForward({{"prompt", {{"text", "x"}}}, {"keys", {{"1", "maybe"}}}})),
              testing::Contains("/steps/desk/post_call/keys/1"));
  EXPECT_THAT(fields(checkForward(
                  {{"prompt", {{"text", "x"}}}, {"keys", {{"1", "valid"}}}, {"timeout_sec", 2}})),
              testing::Contains("/steps/desk/post_call/timeout_sec"));
  EXPECT_THAT(fields(checkForward(
                  {{"prompt", {{"text", "x"}}}, {"keys", {{"1", "valid"}}}, {"color", "red"}})),
              testing::Contains("/steps/desk/post_call/color"));
  EXPECT_THAT(fields(checkForward("yes")), testing::Contains("/steps/desk/post_call"));
}

TEST(PostCall, NoPostCallNoSpec) {
  EXPECT_FALSE(verbs::postCallSpec(Json{{"verb", "forward"}}).has_value());
}

}  // namespace
}  // namespace hk::engine
