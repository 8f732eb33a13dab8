#pragma once
// The call outcome decision table of SPEC §5: the SIP core reports what happened during a
// call (CallFacts) and decide() returns the call-log fields that follow from it (dial_stat,
// hup_usr, durations, fwd_id, tst_tms...). Pure: no I/O, no clock, no state.
//
// Rules, first match wins (Rule names the row; the golden cases in
// tests/data/calllog/outcomes/ cover every one):
//  1. Blocked          caller on a block list                      -> blocked / system
//  2. Rejected         unknown number, or rejected before any flow -> none / system
//  3. Answered         an attempt was answered (a 200 crossing our CANCEL counts), whatever
//                      came after (a queue timeout included) -> answered / whoever hung up first
//  4. Transferred      the flow ended in voicemail or automatic reception instead of a person,
//                      even after the lines were full or the queue timed out (SPEC §5)
//                                                 -> transferred / caller, else system
//  5. LinesFull        lines full and no queue (or the queue gave up) -> busy / system
//  6. Overload         Hankyo refused the call with 503 (overload)   -> line_unavailable / system
//  7. CallerAbandoned  the caller hung up first while nothing had a final outcome: before any
//                      attempt (guidance, IVR, queue) or while the last attempt still rang
//                                                 -> incomplete / caller
//  8. LastAttempt      the LAST attempt's class decides: busy (486/600) -> busy, unanswered
//                      (ring timeout, 408, 480) -> no_answer, anything else failed (trunk
//                      down, 3xx, 404/410/484 and other 4xx, 5xx, 6xx but 600) ->
//                      line_unavailable; hup_usr system. So "every attempt busy" is busy, and
//                      mixed attempts (busy then unanswered...) take the last one's class.
//                      This holds even if the caller hung up afterwards (during a closing
//                      guidance): the forwarding's result was already known.
//  9. SystemCut        the system ended the call (shutdown, media timeout...) while the last
//                      attempt still rang         -> line_unavailable / system
// 10. NoForwarding     no attempt at all and the caller did not hang up first (e.g. an
//                      out-of-hours guidance then hang-up) -> none / system
//
// Durations come from the monotonic stamps, never from wall time, and are never negative:
// calling_ms from the first forwarding attempt to the answer (or the last attempt's end),
// talking_ms from tst_tms (connected, after any whisper) to the end of the conversation (a
// post-call judgement prompt to the callee is not talk), conn_ms from din_tms to eoc_tms.
// tst_tms is set only when the call is answered AND the parties were connected: a caller
// hanging up during the whisper gives answered with no tst_tms and talking_ms 0.
// fwd_id: the destination that answered, else the last tried. Fax calls keep their status
// and are tagged fax.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "domain/call_record.hpp"

namespace hk::calllog {

// One moment on both clocks: the wall time is what the record shows, the monotonic time is
// what durations are measured with (a wall-clock step never bends a duration).
struct Stamp {
  WallTime wall{};
  MonoTime mono{};
};
inline Stamp stampNow(const Clock& c) { return {c.now(), c.mono()}; }

// One forwarding attempt (one outbound INVITE).
struct AttemptFacts {
  std::string destination;
  int sip_code = 0;    // final response; 0: none (timeout, cancelled, never sent)
  std::string reason;  // reason phrase or Reason header
  Stamp started;
  std::optional<Stamp> answered;  // a 2xx arrived (even one crossing our CANCEL)
  Stamp ended;
  bool timed_out = false;     // our ring timeout fired (we sent CANCEL)
  bool trunk_failed = false;  // could not be placed: trunk down, transport error, no response
};

// Why the system ended a call it ended.
enum class SystemReason { None, MaxLength, MediaTimeout, Shutdown, FlowHangup };

struct CallFacts {
  Stamp arrived;                         // din_tms
  std::optional<Stamp> answered_caller;  // ans_tms: Hankyo answered the caller's leg
  Stamp ended;                           // eoc_tms
  bool number_known = true;
  bool blocked = false;
  bool rejected_before_flow = false;
  bool lines_full_no_queue = false;
  bool queue_timed_out = false;  // waited in the queue until the system gave up
  bool overload_503 = false;
  std::vector<AttemptFacts> attempts;        // in the order tried
  std::optional<Stamp> first_forward_start;  // default: the first attempt's start
  std::optional<Stamp> connected;            // caller and callee bridged (after any whisper)
  std::optional<Stamp> conversation_ended;   // default: ended
  domain::HupUsr hung_up_first = domain::HupUsr::System;
  SystemReason system_reason = SystemReason::None;  // when hung_up_first is System
  bool ended_in_voicemail_or_reception = false;
  bool fax_detected = false;
};

enum class AttemptClass { Answered, Busy, NoAnswer, Failed, Abandoned };
// Answered: answered or 2xx. Failed: trunk_failed. NoAnswer: timed_out, 408, 480.
// Busy: 486, 600. Abandoned: no final response of its own (0, 1xx, 487 without a ring
// timeout: the call ended while it rang). Failed: every other code (3xx, 4xx, 5xx, 6xx).
AttemptClass classify(const AttemptFacts& a);

enum class Rule {
  Blocked,
  Rejected,
  Answered,
  Transferred,
  LinesFull,
  Overload,
  CallerAbandoned,
  LastAttempt,
  SystemCut,
  NoForwarding,
};

struct Outcome {
  Rule rule = Rule::NoForwarding;
  domain::DialStat dial_stat = domain::DialStat::None;
  domain::HupUsr hup_usr = domain::HupUsr::System;
  int64_t calling_ms = 0;
  int64_t talking_ms = 0;
  int64_t conn_ms = 0;
  std::string fwd_id;
  WallTime din_tms{};
  std::optional<WallTime> ans_tms;
  std::optional<WallTime> tst_tms;
  WallTime eoc_tms{};
  bool fax = false;
  std::string end_reason;  // "max call length", "lines full"...; empty when nothing to say
  std::vector<domain::CallAttempt> attempts;  // one row per attempt, ring_ms computed
};

Outcome decide(const CallFacts& facts);

// Copies the outcome into a record (state stays as it is; finalize sets it).
void apply(const Outcome& o, domain::CallRecord& r);

// The spec's *_sec fields: whole seconds, truncated.
inline int64_t wholeSeconds(int64_t ms) { return ms / 1000; }

std::string_view name(AttemptClass c);
std::string_view name(Rule r);
std::string_view name(SystemReason s);
bool parse(std::string_view s, SystemReason& out);

}  // namespace hk::calllog
