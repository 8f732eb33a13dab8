// reception: the executor (the document's validator is flow/verbs/reception.cpp, whose top
// comment is the reference). The caller is answered and the call logged transferred
// (CallControl::markReception); the prompt, then each question in order, then thanks and
// the call is hung up. Questions are asked by TTS in the prompt's language (Japanese unless
// the prompt speaks English):
//   name, purpose     a beep, then the caller alone is recorded (CallControl::startRecording
//                     with RecordWhat::Caller: recordings/<trn_id>[-n].wav) until
//                     max_answer_sec or any key; vars reception_name / reception_purpose =
//                     the file's path
//   callback_number   keys until # or callback_max_digits (collectDigits), read back by TTS;
//                     vars reception_callback = the digits (personal data: on the call's
//                     record only, never logged unmasked)
// An answer that cannot be recorded (a conversation recording already runs, no media.dir)
// is skipped; a caller who hangs up keeps what was answered so far.
#include <fmt/format.h>

#include "base/log.hpp"
#include "engine/verbs/common/step_params.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {

namespace {

using verbs::audioPlay;
using verbs::intParam;
using verbs::objectParam;

enum class Question { Name, Purpose, Callback };

bool isAscii(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

std::string questionText(Question q, bool english) {
  switch (q) {
    case Question::Name:
      return english ? "Please say your name after the tone, then press any key."
                     : "発信音の後に、お名前をお話しください。終わりましたら、いずれかの"
                       "ボタンを押してください。";
    case Question::Purpose:
      return english ? "Please say the purpose of your call after the tone, then press any key."
                     : "発信音の後に、ご用件をお話しください。終わりましたら、いずれかの"
                       "ボタンを押してください。";
    case Question::Callback:
      return english ? "Please enter the number we should call you back on, then press hash."
                     : "折り返しのお電話番号を入力し、最後にシャープを押してください。";
  }
  return {};
}

std::string readBack(const std::string& digits, bool english) {
  std::string spaced;
  for (char d : digits) {
    if (!spaced.empty()) spaced += english ? " " : "、";
    spaced += d;
  }
  return english ? fmt::format("You entered {}.", spaced)
                 : fmt::format("ご入力の番号は、{}、です。", spaced);
}

class ReceptionRun final : public VerbRun {
 public:
  void start(StepContext& ctx) override {
    const Json& p = ctx.params();
    auto prompt = audioPlay(objectParam(p, "prompt"));
    thanks_ = audioPlay(objectParam(p, "thanks"));
    max_answer_ = std::chrono::seconds(intParam(p, "max_answer_sec", 30));
    max_digits_ = static_cast<size_t>(intParam(p, "callback_max_digits", 11));
    if (auto qs = p.find("questions"); qs != p.end() && qs->is_array()) {
      for (const auto& q : *qs) {
        if (q == "name") questions_.push_back(Question::Name);
        if (q == "purpose") questions_.push_back(Question::Purpose);
        if (q == "callback_number") questions_.push_back(Question::Callback);
      }
    } else {
      questions_ = {Question::Name, Question::Purpose, Question::Callback};
    }
    if (prompt && !prompt->text.empty()) {
      voice_ = prompt->voice;
      english_ =
          voice_ == "en-kal" || ((voice_.empty() || voice_ == "auto") && isAscii(prompt->text));
    }
    auto& call = ctx.call();
    (void)call.answer(b2bua::AnswerMode::Now);  // Conflict: answered already
    call.markReception();
    if (prompt) return play(ctx, *prompt, Stage::Prompt);
    ask(ctx);
  }

  void onPlayDone(StepContext& ctx, b2bua::PlayId id, b2bua::PlayEnd end) override {
    if (id != play_) return;
    play_ = 0;
    if (end == b2bua::PlayEnd::Hangup) return;
    switch (stage_) {
      case Stage::Prompt: return ask(ctx);
      case Stage::Question: return afterQuestion(ctx);
      case Stage::Beep: return record(ctx);
      case Stage::ReadBack: return next(ctx);
      case Stage::Thanks: return done(ctx);
      case Stage::Recording:
      case Stage::Keys: return;
    }
  }

  void onDigits(StepContext& ctx, const std::string& digits, b2bua::DigitsEnd) override {
    if (stage_ == Stage::Recording) return stopAnswer(ctx);
    if (stage_ != Stage::Keys) return;
    if (digits.empty()) return next(ctx);
    ctx.setVar("reception_callback", digits);
    HK_LOG_INFO(log::get("engine"), "call {}: reception callback number {}",
                ctx.call().info().trn_id, log::maskNumber(digits));
    b2bua::PlaySpec s;
    s.text = readBack(digits, english_);
    s.voice = voice_;
    play(ctx, s, Stage::ReadBack);
  }

  void onCallerGone(StepContext& ctx) override {
    if (stage_ == Stage::Recording) keepAnswer(ctx);
  }

 private:
  enum class Stage { Prompt, Question, Beep, Recording, Keys, ReadBack, Thanks };

  void play(StepContext& ctx, b2bua::PlaySpec spec, Stage stage) {
    spec.to = b2bua::Party::Caller;
    spec.barge_in = false;
    spec.loops = 1;
    play_ = 0;  // the play this one replaces ends Stopped: not ours any more
    stage_ = stage;
    play_ = ctx.call().play(spec);
  }

  void ask(StepContext& ctx) {
    if (index_ >= questions_.size()) return thank(ctx);
    b2bua::PlaySpec s;
    s.text = questionText(questions_[index_], english_);
    s.voice = voice_;
    play(ctx, s, Stage::Question);
  }

  void afterQuestion(StepContext& ctx) {
    if (questions_[index_] == Question::Callback) {
      b2bua::DigitSpec d;
      d.max_digits = max_digits_;
      d.terminator = '#';
      d.first_timeout = std::chrono::seconds(10);
      d.inter_digit_timeout = std::chrono::seconds(5);
      stage_ = Stage::Keys;
      if (!ctx.call().collectDigits(d)) next(ctx);
      return;
    }
    b2bua::PlaySpec beep;
    beep.tone = b2bua::Tone::Beep;
    play(ctx, beep, Stage::Beep);
  }

  // The caller alone, until max_answer_sec or a key (the collection's first timeout).
  void record(StepContext& ctx) {
    auto& call = ctx.call();
    const auto* rec = call.logRecord();
    before_ = rec ? rec->recording : std::string();
    b2bua::RecordSpec spec;
    spec.what = b2bua::RecordWhat::Caller;
    if (auto st = call.startRecording(spec); !st) {
      HK_LOG_INFO(log::get("engine"), "call {}: reception answer not recorded: {}",
                  call.info().trn_id, st.error().message);
      return next(ctx);
    }
    b2bua::DigitSpec d;
    d.max_digits = 1;
    d.terminator = std::nullopt;
    d.first_timeout = max_answer_;
    stage_ = Stage::Recording;
    if (!call.collectDigits(d)) stopAnswer(ctx);  // no keys: the whole max_answer_sec
  }

  void stopAnswer(StepContext& ctx) {
    ctx.call().stopRecording();
    keepAnswer(ctx);
    next(ctx);
  }

  // The recording's path (the core writes it on the record when the file is closed).
  void keepAnswer(StepContext& ctx) {
    const auto* rec = ctx.call().logRecord();
    if (!rec || rec->recording.empty() || rec->recording == before_) return;
    ctx.setVar(questions_[index_] == Question::Name ? "reception_name" : "reception_purpose",
               rec->recording);
  }

  void next(StepContext& ctx) {
    ++index_;
    ask(ctx);
  }

  void thank(StepContext& ctx) {
    if (thanks_) return play(ctx, *thanks_, Stage::Thanks);
    done(ctx);
  }

  void done(StepContext& ctx) {
    ctx.finish();
    ctx.call().hangUp(480);  // answered: a BYE
  }

  std::optional<b2bua::PlaySpec> thanks_;
  std::chrono::seconds max_answer_{30};
  size_t max_digits_ = 11;
  std::vector<Question> questions_;
  std::string voice_;
  bool english_ = false;
  size_t index_ = 0;
  Stage stage_ = Stage::Prompt;
  b2bua::PlayId play_ = 0;
  std::string before_;
};

}  // namespace

void registerReceptionRun(RunRegistry& r) {
  r.add("reception", [](const flow::Step&) { return std::make_unique<ReceptionRun>(); });
}

}  // namespace hk::engine
