// voicemail: the executor (the document's validator is flow/verbs/voicemail.cpp). Hands the
// caller to CallControl::voicemail (greeting, beep, recording until max_sec, 5 s of silence
// after speech, finish_key or the hang-up; the core answers the caller if needed and logs
// the call transferred with the message's path). When the message ends the call is hung up
// (unless the caller did) and the flow ends. A voicemail that cannot start (not configured,
// no media) rejects or hangs up the call and notes why in the log's voicemail_error.
#include <algorithm>

#include "base/log.hpp"
#include "engine/verbs/common/step_params.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {
namespace {

// The built-in greeting when the step names none.
constexpr const char* kDefaultGreeting =
    "ただいま電話に出ることができません。発信音の後にメッセージをお話しください。";

b2bua::VoicemailSpec readSpec(const flow::Step& step) {
  const Json& p = step.params;
  b2bua::VoicemailSpec spec;
  if (auto g = verbs::audioPlay(verbs::objectParam(p, "greeting"))) {
    spec.greeting = g->prompt_id;
    spec.greeting_text = g->text;
  } else {
    spec.greeting_text = kDefaultGreeting;
  }
  spec.beep = verbs::boolParam(p, "beep", true);
  spec.max_sec =
      std::chrono::seconds(std::clamp<int64_t>(verbs::intParam(p, "max_sec", 120), 5, 600));
  spec.end_key = verbs::keyParam(p, "finish_key", '#');
  return spec;
}

class VoicemailRun final : public VerbRun {
 public:
  explicit VoicemailRun(b2bua::VoicemailSpec spec) : spec_(std::move(spec)) {}

  void start(StepContext& ctx) override {
    auto& call = ctx.call();
    auto st = call.voicemail(spec_);
    if (st) return;
    HK_LOG_WARN(log::get("engine"), "call {}: voicemail {}: {}", call.info().trn_id, ctx.step().id,
                st.error().message);
    if (auto* rec = call.logRecord(); rec && rec->voicemail_error.empty()) {
      rec->voicemail_error = st.error().message;
    }
    ctx.finish();
    call.hangUp(480);  // before the answer: 480 Temporarily Unavailable; after: BYE
  }

  void onVoicemailDone(StepContext& ctx, const b2bua::VoicemailResult& r) override {
    ctx.finish();
    if (r.reason != b2bua::VoicemailEnd::Hangup) ctx.call().hangUp(480);
  }

 private:
  b2bua::VoicemailSpec spec_;
};

}  // namespace

void registerVoicemailRun(RunRegistry& r) {
  r.add("voicemail",
        [](const flow::Step& s) { return std::make_unique<VoicemailRun>(readSpec(s)); });
}

}  // namespace hk::engine
