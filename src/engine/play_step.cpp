#include "engine/play_step.hpp"

#include "base/log.hpp"

namespace hk::engine {

PlayStep::PlayStep(b2bua::PlaySpec audio, const flow::Step& step) : spec_(std::move(audio)) {
  const Json& p = step.params;
  std::string to = p.value("to", std::string("caller"));
  spec_.to = to == "callee" ? b2bua::Party::Callee
             : to == "both" ? b2bua::Party::Both
                            : b2bua::Party::Caller;
  spec_.loops = p.value("loop", 1);
  spec_.barge_in = p.value("barge_in", false);
}

void PlayStep::start(StepContext& ctx) {
  if (!ctx.connected()) {
    if (spec_.to == b2bua::Party::Callee) return ctx.go("next");  // nobody to hear it
    spec_.to = b2bua::Party::Caller;
  }
  id_ = ctx.call().play(spec_);
  if (id_ == 0) ctx.go("next");  // only when the call has ended
}

void PlayStep::onPlayDone(StepContext& ctx, b2bua::PlayId id, b2bua::PlayEnd end) {
  if (id != id_) return;
  if (end == b2bua::PlayEnd::Hangup) return;
  if (end == b2bua::PlayEnd::Failed) {
    static auto lg = log::get("engine");
    HK_LOG_WARN(lg, "call {}: step {}: nothing to play", ctx.call().info().trn_id, ctx.step().id);
  }
  ctx.go("next");
}

}  // namespace hk::engine
