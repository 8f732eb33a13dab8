// reception: automatic reception (自動受付): ask the caller's name and purpose, collect a
// callback number by keys, and send it all as a notification. The call ends with it
// (dial_stat transferred).
//   {"verb": "reception", "prompt": {"text": "担当者が不在のため、ご用件を承ります。"},
//    "questions": ["name", "purpose", "callback_number"], "max_answer_sec": 30,
//    "callback_max_digits": 11, "thanks": {"text": "ありがとうございました。"}}
// prompt               audio played first
// questions            which to ask, in order, each once: name, purpose, callback_number
//                      (default all three)
// max_answer_sec       5..120 seconds per spoken answer (default 30)
// callback_max_digits  4..20 (default 11), the number ends with # or the limit
// thanks               audio played at the end
// No branches.
#include <set>

#include "flow/verb_registry.hpp"
#include "flow/verbs/common/audio.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) {
  verbs::readAudioObject(r, "prompt");
  if (const Json* qs = r.array("questions", 1, 3)) {
    std::set<std::string> seen;
    for (size_t i = 0; i < qs->size(); ++i) {
      const Json& q = (*qs)[i];
      std::string at = pointerTo(r.at("questions"), std::to_string(i));
      std::string s = q.is_string() ? q.get<std::string>() : std::string();
      if (s != "name" && s != "purpose" && s != "callback_number") {
        r.issues().push_back({at, "must be one of: name, purpose, callback_number"});
      } else if (!seen.insert(s).second) {
        r.issues().push_back({at, "is asked twice"});
      }
    }
  }
  r.integer("max_answer_sec", 5, 120);
  r.integer("callback_max_digits", 4, 20);
  verbs::readAudioObject(r, "thanks");
  r.usesCallerMedia();
}

}  // namespace

void registerReception(VerbRegistry& r) {
  (void)r.add({"reception",
               "take the caller's name, purpose and callback number; ends the call",
               {},
               check});
}

}  // namespace hk::flow
