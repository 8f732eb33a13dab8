// The voicemail executor: the spec handed to the call (defaults and parameters), the end of
// the flow with the message (hung up unless the caller did), and a voicemail that cannot
// start.
#include <gtest/gtest.h>

#include "verbs_fakes.hpp"

namespace hk::engine {
namespace {

using namespace std::chrono_literals;
using b2bua::VoicemailEnd;
using test::VerbHarness;

TEST(VoicemailRun, DefaultsGiveABuiltInGreetingABeepAndTwoMinutes) {
  VerbHarness h({{"verb", "voicemail"}}, {});
  h.start();
  ASSERT_EQ(h.call.voicemails.size(), 1u);
  const auto& s = h.call.voicemails[0];
  EXPECT_TRUE(s.greeting.empty());
  EXPECT_FALSE(s.greeting_text.empty());
  EXPECT_TRUE(s.beep);
  EXPECT_EQ(s.max_sec, 120s);
  EXPECT_EQ(s.end_key, '#');
  EXPECT_EQ(h.ctx.outcome(), "");  // the step lasts as long as the message
  EXPECT_TRUE(h.call.hangups.empty());
}

TEST(VoicemailRun, ParametersReachTheCall) {
  const std::string prompt(32, 'b');
  VerbHarness h({{"verb", "voicemail"},
                 {"greeting", {{"file", prompt}}},
                 {"max_sec", 30},
                 {"beep", false},
                 {"finish_key", ""}},
                {});
  h.start();
  ASSERT_EQ(h.call.voicemails.size(), 1u);
  const auto& s = h.call.voicemails[0];
  EXPECT_EQ(s.greeting, prompt);
  EXPECT_TRUE(s.greeting_text.empty());
  EXPECT_FALSE(s.beep);
  EXPECT_EQ(s.max_sec, 30s);
  EXPECT_FALSE(s.end_key.has_value());
}

TEST(VoicemailRun, ATextGreeting) {
  VerbHarness h({{"verb", "voicemail"},
                 {"greeting", {{"text", "発信音の後にメッセージをどうぞ。"}}},
                 {"finish_key", "*"}},
                {});
  h.start();
  ASSERT_EQ(h.call.voicemails.size(), 1u);
  EXPECT_EQ(h.call.voicemails[0].greeting_text, "発信音の後にメッセージをどうぞ。");
  EXPECT_EQ(h.call.voicemails[0].end_key, '*');
}

TEST(VoicemailRun, TheMessageEndsTheFlowAndTheCall) {
  for (auto why : {VoicemailEnd::EndKey, VoicemailEnd::MaxLength, VoicemailEnd::Silence,
                   VoicemailEnd::Failed}) {
    VerbHarness h({{"verb", "voicemail"}}, {});
    h.start();
    h.voicemailDone({"/var/lib/hankyo/voicemail/x.wav", 4000ms, why, ""});
    EXPECT_EQ(h.ctx.outcome(), "<finish>") << static_cast<int>(why);
    EXPECT_EQ(h.call.hangups.size(), 1u) << static_cast<int>(why);
  }
}

TEST(VoicemailRun, ACallerWhoHangsUpIsNotHungUpAgain) {
  VerbHarness h({{"verb", "voicemail"}}, {});
  h.start();
  h.voicemailDone({"/var/lib/hankyo/voicemail/x.wav", 9000ms, VoicemailEnd::Hangup, ""});
  EXPECT_EQ(h.ctx.outcome(), "<finish>");
  EXPECT_TRUE(h.call.hangups.empty());
}

TEST(VoicemailRun, AVoicemailThatCannotStartEndsTheCallAndSaysWhy) {
  VerbHarness h({{"verb", "voicemail"}}, {});
  h.call.voicemail_status = fail(Code::Unavailable, "voicemail is not configured (media.dir)");
  h.start();
  EXPECT_EQ(h.ctx.outcome(), "<finish>");
  EXPECT_EQ(h.call.hangups, std::vector<int>{480});
  EXPECT_EQ(h.call.record.voicemail_error, "voicemail is not configured (media.dir)");
}

}  // namespace
}  // namespace hk::engine
