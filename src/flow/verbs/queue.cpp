// queue: hold the caller until a line is free (コールキューイング).
//   {"verb": "queue", "announcement": {"text": "ただいま混み合っております。"},
//    "hold_music": "<prompt id>", "announce_position": true, "announce_every_sec": 60,
//    "max_wait_sec": 300, "max_callers": 10, "retry_sec": 30,
//    "next": "<step>", "on_timeout": "<step>", "on_full": "<step>"}
// announcement        audio played once on entering ("please hold")
// hold_music          a prompt id looped while waiting (default: the built-in music)
// announce_position   tell the caller its place in the queue (default false)
// announce_every_sec  15..600 between announcements (default 60)
// max_wait_sec        10..3600 (default 300)
// max_callers         1..1000 callers waiting on the number (default 10)
// retry_sec           1..600 (default 30): a call that entered with our lines not full (a
//                     busy destination sent it) goes next after this much hold music while
//                     a line is still free for it (queue_result "retry")
// Branches: next (required: a line is free, in arrival order, or the retry is due; usually
// the forward that found the lines full or the destination busy), on_timeout (waited
// max_wait_sec), on_full (max_callers already waiting). The queue waits for the caller, so
// forward -> on_busy -> queue -> forward is a loop the document may have (max_visits
// bounds it).
#include "flow/detail/text.hpp"
#include "flow/verb_registry.hpp"
#include "flow/verbs/common/audio.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) {
  verbs::readAudioObject(r, "announcement");
  if (const Json* f = r.value("hold_music")) {
    if (!f->is_string() || !detail::isPromptId(f->get_ref<const std::string&>())) {
      r.error("hold_music", "must be a prompt id (32 lowercase hex characters)");
    }
  }
  r.boolean("announce_position");
  r.integer("announce_every_sec", 15, 600);
  r.integer("max_wait_sec", 10, 3600);
  r.integer("max_callers", 1, 1000);
  r.integer("retry_sec", 1, 600);
  r.branch("next", Need::Required);
  r.branch("on_timeout");
  r.branch("on_full");
  r.waitsForCaller();
  r.usesCallerMedia();
}

}  // namespace

void registerQueue(VerbRegistry& r) {
  (void)r.add({"queue",
               "hold the caller with music until a line is free",
               {"next", "on_timeout", "on_full"},
               check});
}

}  // namespace hk::flow
