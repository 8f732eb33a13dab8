// reception: prompt, the caller's name and purpose recorded, a callback number by keys read
// back, thanks, then the call ends logged as reception (transferred).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/engine/verbs_fakes.hpp"

namespace hk::engine {
namespace {

using namespace std::chrono_literals;
using test::VerbHarness;

Json receptionStep(Json extra = Json::object()) {
  Json s = {{"verb", "reception"},
            {"prompt", {{"text", "担当者が不在のため、ご用件を承ります。"}}},
            {"thanks", {{"text", "ありがとうございました。"}}}};
  for (auto& [k, v] : extra.items()) s[k] = v;
  return s;
}

TEST(ReceptionRun, AsksEveryQuestionAndEndsTheCallAsReception) {
  VerbHarness h(receptionStep({{"max_answer_sec", 20}}), {});
  h.start();
  EXPECT_TRUE(h.call.answered);
  EXPECT_TRUE(h.call.reception) << "logged transferred";
  EXPECT_EQ(h.call.plays.back().spec.text, "担当者が不在のため、ご用件を承ります。");
  h.call.finishPlay();
  EXPECT_THAT(h.call.plays.back().spec.text, testing::HasSubstr("お名前"));
  h.call.finishPlay();
  ASSERT_TRUE(h.call.plays.back().spec.tone.has_value());
  EXPECT_EQ(*h.call.plays.back().spec.tone, b2bua::Tone::Beep);
  h.call.finishPlay();
  // The name: the caller alone is recorded until a key or max_answer_sec.
  ASSERT_TRUE(h.call.recording);
  EXPECT_EQ(h.call.record_specs.back().what, b2bua::RecordWhat::Caller);
  EXPECT_EQ(h.call.collections.back().first_timeout, 20s);
  h.call.digits("", b2bua::DigitsEnd::Timeout);
  EXPECT_FALSE(h.call.recording);
  EXPECT_EQ(h.call.record.vars["reception_name"],
            "/media/recordings/" + h.call.info_.trn_id + "-1.wav");
  // The purpose, ended by a key.
  EXPECT_THAT(h.call.plays.back().spec.text, testing::HasSubstr("ご用件"));
  h.call.finishPlay();
  h.call.finishPlay();  // beep
  ASSERT_TRUE(h.call.recording);
  h.call.digits("5", b2bua::DigitsEnd::Max);
  EXPECT_EQ(h.call.record.vars["reception_purpose"],
            "/media/recordings/" + h.call.info_.trn_id + "-2.wav");
  // The callback number by keys, read back.
  EXPECT_THAT(h.call.plays.back().spec.text, testing::HasSubstr("折り返し"));
  h.call.finishPlay();
  ASSERT_TRUE(h.call.collecting);
  EXPECT_EQ(h.call.collections.back().max_digits, 11u);
  EXPECT_EQ(h.call.collections.back().terminator, '#');
  h.call.digits("0312345678", b2bua::DigitsEnd::Terminator);
  EXPECT_EQ(h.call.record.vars["reception_callback"], "0312345678");
  EXPECT_EQ(h.call.plays.back().spec.text, "ご入力の番号は、0、3、1、2、3、4、5、6、7、8、です。");
  h.call.finishPlay();
  EXPECT_EQ(h.call.plays.back().spec.text, "ありがとうございました。");
  EXPECT_TRUE(h.call.hangups.empty());
  h.call.finishPlay();
  EXPECT_EQ(h.ctx.outcome(), "<finish>");
  EXPECT_EQ(h.call.hangups.size(), 1u);
}

TEST(ReceptionRun, OnlyTheQuestionsAskedInTheirOrderInEnglish) {
  VerbHarness h(receptionStep({{"prompt", {{"text", "Nobody can take your call."}}},
                               {"questions", {"callback_number"}},
                               {"callback_max_digits", 4}}),
                {});
  h.start();
  h.call.finishPlay();
  EXPECT_EQ(h.call.plays.back().spec.text,
            "Please enter the number we should call you back on, then press hash.");
  h.call.finishPlay();
  EXPECT_EQ(h.call.collections.back().max_digits, 4u);
  h.call.digits("1234", b2bua::DigitsEnd::Max);
  EXPECT_EQ(h.call.plays.back().spec.text, "You entered 1 2 3 4.");
  EXPECT_TRUE(h.call.record_specs.empty()) << "no name, no purpose";
}

TEST(ReceptionRun, NoKeysPressedSkipsTheReadBack) {
  VerbHarness h(receptionStep({{"questions", {"callback_number"}}}), {});
  h.start();
  h.call.finishPlay();
  h.call.finishPlay();
  h.call.digits("", b2bua::DigitsEnd::Timeout);
  EXPECT_EQ(h.call.record.vars.count("reception_callback"), 0u);
  EXPECT_EQ(h.call.plays.back().spec.text, "ありがとうございました。");
}

TEST(ReceptionRun, AnAnswerThatCannotBeRecordedIsSkipped) {
  VerbHarness h(receptionStep({{"questions", {"name", "callback_number"}}}), {});
  h.call.recording = true;  // the conversation is being recorded already
  h.start();
  h.call.finishPlay();
  h.call.finishPlay();  // question
  h.call.finishPlay();  // beep
  EXPECT_EQ(h.call.record.vars.count("reception_name"), 0u);
  EXPECT_THAT(h.call.plays.back().spec.text, testing::HasSubstr("折り返し"));
}

TEST(ReceptionRun, ACallerWhoHangsUpKeepsTheAnswerInProgress) {
  VerbHarness h(receptionStep(), {});
  h.start();
  h.call.finishPlay();
  h.call.finishPlay();
  h.call.finishPlay();
  ASSERT_TRUE(h.call.recording);
  h.call.stopRecording();  // what the core does when the call ends
  h.callerGone();
  EXPECT_FALSE(h.call.record.vars["reception_name"].empty());
  EXPECT_TRUE(h.call.hangups.empty());
}

}  // namespace
}  // namespace hk::engine
