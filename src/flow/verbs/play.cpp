// play: an uploaded prompt (guidance, "this call may be recorded").
//   {"verb": "play", "file": "<prompt id>", "to": "caller", "loop": 1, "barge_in": false,
//    "next": "<step>"}
// file      required: a prompt id (media::PromptStore)
// to        caller (default), callee or both: who hears it; callee/both only reach a callee
//           that is connected (otherwise that part is skipped)
// loop      1..10 plays (default 1)
// barge_in  true: a key the caller presses stops the prompt (and is kept for a gather that
//           follows); default false
// Branches: next (when it has played; absent: the flow ends and the call is hung up).
#include "flow/verb_registry.hpp"
#include "flow/verbs/common/audio.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) {
  verbs::readAudio(r, verbs::AudioKind::File);
  if (verbs::readListener(r)) r.usesCallerMedia();
  r.integer("loop", 1, 10);
  r.boolean("barge_in");
  r.branch("next");
}

}  // namespace

void registerPlay(VerbRegistry& r) {
  (void)r.add({"play", "play an uploaded prompt", {"next"}, check});
}

}  // namespace hk::flow
