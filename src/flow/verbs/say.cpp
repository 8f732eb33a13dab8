// say: text spoken by text-to-speech.
//   {"verb": "say", "text": "お電話ありがとうございます。", "voice": "ja-nitech",
//    "speed": 1.0, "to": "caller", "loop": 1, "barge_in": false, "next": "<step>"}
// text      required: UTF-8, at most 4000 bytes
// voice     auto (default: Japanese when the text holds kana or kanji), ja-nitech, en-kal
// speed     0.5..2.0 (default 1.0)
// to, loop, barge_in: as for play.
// Branches: next.
#include "flow/verb_registry.hpp"
#include "flow/verbs/common/audio.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) {
  verbs::readAudio(r, verbs::AudioKind::Speech);
  if (verbs::readListener(r)) r.usesCallerMedia();
  r.integer("loop", 1, 10);
  r.boolean("barge_in");
  r.branch("next");
}

}  // namespace

void registerSay(VerbRegistry& r) {
  (void)r.add({"say", "speak a text (text-to-speech)", {"next"}, check});
}

}  // namespace hk::flow
