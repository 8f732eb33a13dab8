// voicemail: record a message (伝言録音); the call ends with it (dial_stat transferred).
//   {"verb": "voicemail", "greeting": {"text": "発信音の後にメッセージをどうぞ。"},
//    "max_sec": 120, "beep": true, "finish_key": "#"}
// greeting    audio played first (default: a built-in greeting)
// max_sec     5..600 seconds of message (default 120)
// beep        a tone before recording (default true)
// finish_key  "#" (default), "*" or "" (none): ends the message
// No branches: the call ends when the caller hangs up, presses finish_key or max_sec passes.
#include "flow/verb_registry.hpp"
#include "flow/verbs/common/audio.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) {
  verbs::readAudioObject(r, "greeting");
  r.integer("max_sec", 5, 600);
  r.boolean("beep");
  r.oneOf("finish_key", {"#", "*", ""});
  r.usesCallerMedia();
}

}  // namespace

void registerVoicemail(VerbRegistry& r) {
  (void)r.add({"voicemail", "record a message from the caller; ends the call", {}, check});
}

}  // namespace hk::flow
