// record: the executor (the document's validator is flow/verbs/record.cpp). enabled: true
// starts recording the call (mode both: stereo, caller or callee), then plays the consent
// message, if any, to the caller (so that the recording holds it) and goes on to next when
// it ends; enabled: false stops a recording. Recording that cannot start (not configured,
// no media) does not stop the flow: the call log gets recording_error from the core, no
// consent is played, and the step goes on to next. Already recording is fine.
#include "base/log.hpp"
#include "engine/verbs/common/step_params.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {
namespace {

struct RecordConfig {
  bool enabled = true;
  b2bua::RecordWhat what = b2bua::RecordWhat::Stereo;
  std::optional<b2bua::PlaySpec> consent;
};

RecordConfig readConfig(const flow::Step& step) {
  const Json& p = step.params;
  RecordConfig c;
  c.enabled = verbs::boolParam(p, "enabled", true);
  std::string mode = verbs::stringParam(p, "mode", "both");
  if (mode == "caller") c.what = b2bua::RecordWhat::Caller;
  if (mode == "callee") c.what = b2bua::RecordWhat::Callee;
  c.consent = verbs::audioPlay(verbs::objectParam(p, "consent"));
  return c;
}

class RecordRun final : public VerbRun {
 public:
  explicit RecordRun(RecordConfig config) : c_(std::move(config)) {}

  void start(StepContext& ctx) override {
    auto& call = ctx.call();
    if (!c_.enabled) {
      call.stopRecording();
      return ctx.go("next");
    }
    auto st = call.startRecording(b2bua::RecordSpec{c_.what});
    if (!st && st.error().code != Code::Conflict) {
      HK_LOG_WARN(log::get("engine"), "call {}: record {}: {}", call.info().trn_id, ctx.step().id,
                  st.error().message);
      return ctx.go("next");
    }
    if (!c_.consent) return ctx.go("next");
    consent_ = call.play(*c_.consent);  // 0: the call has ended
  }

  void onPlayDone(StepContext& ctx, b2bua::PlayId id, b2bua::PlayEnd end) override {
    if (id == 0 || id != consent_) return;
    consent_ = 0;
    if (end != b2bua::PlayEnd::Hangup) ctx.go("next");
  }

 private:
  RecordConfig c_;
  b2bua::PlayId consent_ = 0;
};

}  // namespace

void registerRecordRun(RunRegistry& r) {
  r.add("record", [](const flow::Step& s) { return std::make_unique<RecordRun>(readConfig(s)); });
}

}  // namespace hk::engine
