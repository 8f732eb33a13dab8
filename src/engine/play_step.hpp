#pragma once
// What play and say share (verbs/play.cpp, verbs/say.cpp): audio to the caller, the callee
// or both, `loop` times, optionally stopped by a key; then the step leaves through "next".
// A callee that is not connected is skipped (to=callee then plays nothing); a play that
// fails (missing prompt, no TTS) is logged and the flow goes on.
#include "engine/verb_run.hpp"

namespace hk::engine {

class PlayStep final : public VerbRun {
 public:
  // `audio` holds prompt_id or text (voice, speed); to/loops/barge_in are read from the step.
  PlayStep(b2bua::PlaySpec audio, const flow::Step& step);
  void start(StepContext& ctx) override;
  void onPlayDone(StepContext& ctx, b2bua::PlayId id, b2bua::PlayEnd end) override;

 private:
  b2bua::PlaySpec spec_;
  b2bua::PlayId id_ = 0;
};

}  // namespace hk::engine
