// record: turn call recording on or off from here on (two-party recording, SPEC §7).
//   {"verb": "record", "enabled": true, "mode": "both",
//    "consent": {"text": "この通話は録音されます。"}, "next": "<step>"}
// enabled  required: true starts recording (the talk after a forward is recorded), false
//          stops it
// mode     both (default: stereo, one party per channel), caller or callee
// consent  audio the caller hears when recording starts
// Branches: next.
#include "flow/verb_registry.hpp"
#include "flow/verbs/common/audio.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) {
  auto enabled = r.boolean("enabled", Need::Required);
  r.oneOf("mode", {"both", "caller", "callee"});
  if (r.has("consent")) {
    verbs::readAudioObject(r, "consent");
    r.usesCallerMedia();
    if (enabled && !*enabled) r.error("consent", "only goes with enabled: true");
  }
  r.branch("next");
}

}  // namespace

void registerRecord(VerbRegistry& r) {
  (void)r.add({"record", "start or stop recording the call", {"next"}, check});
}

}  // namespace hk::flow
