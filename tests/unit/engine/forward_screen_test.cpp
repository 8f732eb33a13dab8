// The forward executor passes caller_id, whisper and accept_key on to every attempt
// (b2bua::ForwardOptions); a callee that does not accept fails as no answer: the next target.
#include <gtest/gtest.h>

#include "unit/engine/flow_harness.hpp"

namespace hk::engine {
namespace {

using b2bua::ForwardOptions;
using b2bua::Party;
using nlohmann::json;
using test::FlowHarness;
using Kind = b2bua::AttemptResult::Kind;

json forwardFlow(json fwd) {
  fwd["verb"] = "forward";
  return {{"name", "t"},
          {"start", "first"},
          {"steps",
           {{"first", fwd},
            {"sorry", {{"verb", "say"}, {"text", "sorry"}, {"next", "end"}}},
            {"end", {{"verb", "hangup"}, {"reason", "rejected"}}}}}};
}

TEST(ForwardScreen, WhisperAcceptKeyAndCallerIdGoToEveryAttempt) {
  FlowHarness h(
      forwardFlow({{"targets", {"0311112222", "0311113333"}},
                   {"ring_timeout_sec", 15},
                   {"caller_id", "tracking_number"},
                   {"whisper", {{"text", "チラシからのお電話です。"}, {"voice", "ja-nitech"}}},
                   {"accept_key", "1"},
                   {"on_no_answer", "sorry"}}));
  h.call.start();
  ASSERT_EQ(h.call.forwards.size(), 1u);
  const auto& o = h.call.forwards[0].options;
  EXPECT_EQ(o.ring_timeout, std::chrono::seconds(15));
  EXPECT_EQ(o.presentation, ForwardOptions::Presentation::TrackingNumber);
  ASSERT_TRUE(o.whisper.has_value());
  EXPECT_EQ(o.whisper->text, "チラシからのお電話です。");
  EXPECT_EQ(o.whisper->voice, "ja-nitech");
  EXPECT_EQ(o.whisper->to, Party::Callee);
  ASSERT_TRUE(o.accept_key.has_value());
  EXPECT_EQ(*o.accept_key, '1');
  EXPECT_EQ(o.accept_timeout, std::chrono::seconds(10));
  EXPECT_TRUE(h.call.plays.empty());  // the whisper is the core's, not a play of the flow

  // The first callee did not press the key: the core reports no answer, the next one rings
  // with the same options.
  h.call.attemptFails(Kind::NoAnswer);
  ASSERT_EQ(h.call.forwards.size(), 2u);
  EXPECT_EQ(h.call.forwards[1].destination, "0311113333");
  EXPECT_EQ(*h.call.forwards[1].options.accept_key, '1');
  ASSERT_TRUE(h.call.forwards[1].options.whisper.has_value());

  // Nobody accepted: on_no_answer.
  h.call.attemptFails(Kind::NoAnswer);
  EXPECT_EQ(h.path(), (std::vector<std::string>{"first", "sorry"}));
}

TEST(ForwardScreen, WithoutThemTheAttemptIsPlain) {
  FlowHarness h(forwardFlow({{"targets", {"0311112222"}}}));
  h.call.start();
  ASSERT_EQ(h.call.forwards.size(), 1u);
  const auto& o = h.call.forwards[0].options;
  EXPECT_EQ(o.presentation, ForwardOptions::Presentation::Trunk);  // the trunk's setting
  EXPECT_FALSE(o.whisper.has_value());
  EXPECT_FALSE(o.accept_key.has_value());
  EXPECT_EQ(o.ring_timeout, std::chrono::seconds(20));  // the number's
}

TEST(ForwardScreen, EachCallerIdMapsToItsPresentation) {
  using P = ForwardOptions::Presentation;
  for (auto [id, want] : {std::pair{"caller", P::Caller}, std::pair{"system", P::System},
                          std::pair{"tracking_number", P::TrackingNumber}}) {
    FlowHarness h(forwardFlow({{"targets", {"0311112222"}}, {"caller_id", id}}));
    h.call.start();
    ASSERT_EQ(h.call.forwards.size(), 1u) << id;
    EXPECT_EQ(h.call.forwards[0].options.presentation, want) << id;
  }
}

TEST(ForwardScreen, AWhisperFromAPromptKeepsItsId) {
  const std::string prompt = "0123456789abcdef0123456789abcdef";
  FlowHarness h(forwardFlow({{"targets", {"0311112222"}}, {"whisper", {{"file", prompt}}}}));
  h.call.start();
  ASSERT_EQ(h.call.forwards.size(), 1u);
  ASSERT_TRUE(h.call.forwards[0].options.whisper.has_value());
  EXPECT_EQ(h.call.forwards[0].options.whisper->prompt_id, prompt);
  EXPECT_FALSE(h.call.forwards[0].options.accept_key.has_value());
}

}  // namespace
}  // namespace hk::engine
