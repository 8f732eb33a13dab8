#pragma once
// How routing talks to a call. The B2BUA admits a call (trunk ACL, overload, number lookup,
// lines) and hands it to a CallHandler, which drives it through CallControl: forward to a
// destination with a ring timeout, hang up / reject, and the media of the call (answer,
// prompts and tones, digits, recording, voicemail: media_types in call_media.hpp). The core
// bridges an answered attempt to the caller by itself. Every method and event runs on the
// call's event loop; a CallControl reference is valid until onEnded() returns. Media
// methods never block: their outcome comes back as an event.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "b2bua/call_media.hpp"
#include "base/result.hpp"
#include "domain/call_record.hpp"
#include "domain/number.hpp"

namespace hk::b2bua {

struct CallInfo {
  std::string trn_id;
  std::string dialled;  // normalised number called (with any suffix)
  domain::TrackingNumber number;
  std::string caller_masked;  // for logs only
  // What the number (or, today, media.recording) asks for: recorded from the connect.
  std::optional<RecordSpec> recording;
  // The consent guidance of the level that decided the recording (recording_policy.hpp):
  // played to both parties at the connect, before they hear each other.
  std::optional<PlaySpec> consent;
};

// How one forwarding attempt is placed and taken (CallControl::forward).
struct ForwardOptions {
  // The number the callee sees. Trunk: the outbound trunk's setting. Free-call numbers
  // (0120/0800) always show the system number; a withheld caller stays withheld.
  enum class Presentation { Trunk, Caller, TrackingNumber, System };
  std::chrono::seconds ring_timeout{30};
  Presentation presentation = Presentation::Trunk;
  // Played to the callee when it answers, before the two are connected (the caller keeps
  // hearing ringback); `to` is ignored.
  std::optional<PlaySpec> whisper;
  // The key the callee must press (after the whisper) within accept_timeout to take the
  // call; another key or none: the callee gets a BYE and the attempt fails as NoAnswer
  // ("not accepted").
  std::optional<char> accept_key;
  std::chrono::seconds accept_timeout{10};
};

// Post-call judgement (CallControl::judgeAfterCall).
struct PostCallSpec {
  PlaySpec prompt;                        // to the callee ("press 1 if ..."); `to` is ignored
  std::map<char, domain::ValidRes> keys;  // '1' -> Valid, '2' -> Invalid...
  std::chrono::seconds timeout{10};       // from the end of the prompt, 1..60
};

// The result of one forwarding attempt that did not connect.
struct AttemptResult {
  enum class Kind { Busy, NoAnswer, Failed };
  Kind kind = Kind::Failed;
  int sip_code = 0;  // 0: ring timeout or trunk failure
  std::string reason;
};

class CallControl {
 public:
  virtual ~CallControl() = default;
  virtual const CallInfo& info() const = 0;
  // Calls `destination` (a number) through the outbound trunk; the ring timeout counts from
  // the attempt's start. One attempt at a time: ends in onAttemptFailed or a connected call.
  virtual void forward(const std::string& destination, std::chrono::seconds ring_timeout) = 0;
  // The same with a whisper, an accept key and the presentation (callee_screen.cpp). The
  // default (a test double) keeps only the ring timeout.
  virtual void forward(const std::string& destination, const ForwardOptions& options) {
    forward(destination, options.ring_timeout);
  }
  // Before the answer: rejects the caller with `sip_code` (486, 480, 404...). After: BYE.
  virtual void hangUp(int sip_code) = 0;

  // ---- Media (media_control.cpp). The defaults refuse (Code::Unavailable): a CallControl
  // without media (a test double) need not implement them.
  // Answers the caller: Now (200 with our SDP, ans_tms), EarlyMedia (183 with SDP, reliable
  // when the caller supports 100rel), OnConnect (the default: when a destination answers).
  // Conflict when the caller already has a final answer.
  virtual Status answer(AnswerMode) { return noMedia(); }
  // Plays a prompt, a text or a tone to a party; the id names it in onPlayDone. A play to a
  // leg replaces the one playing there (that one ends `Stopped`). Errors (a missing prompt,
  // no TTS) come as onPlayDone(Failed, detail), never from here: 0 only when the call ended.
  virtual PlayId play(const PlaySpec&) { return 0; }
  virtual void stopPlay(PlayId) {}  // onPlayDone(Stopped); an ended play is ignored
  // Collects the caller's key presses: onDigit for each, then onDigits once. A new
  // collection replaces a running one (which ends without an event).
  virtual Status collectDigits(const DigitSpec&) { return noMedia(); }
  // Records the call into <media.dir>/recordings/<trn_id>.wav; the call log gets the path
  // and length (or why it is missing). Conflict when already recording.
  virtual Status startRecording(const RecordSpec&) { return noMedia(); }
  virtual void stopRecording() {}
  // Greeting, beep, then the caller recorded until max_sec, silence or end_key:
  // onVoicemailDone. The call is logged transferred (voicemail).
  virtual Status voicemail(const VoicemailSpec&) { return noMedia(); }

  // The call's log record, for what the handler adds to it: flow_id, flow_version, flow_path,
  // vars (IVR choices, tags), attribution. The core owns the identity and outcome fields and
  // overwrites them when the call ends. nullptr on a CallControl without a record.
  virtual domain::CallRecord* logRecord() { return nullptr; }

  // A one-shot timer on the call's loop for the handler (handler_timers.cpp); it never fires
  // once the call has ended. 0 when the call has ended or has no loop (a test double).
  virtual uint64_t startTimer(std::chrono::milliseconds, std::function<void()>) { return 0; }
  virtual void cancelTimer(uint64_t) {}

  // ---- Lines (line_queue.cpp). A call beyond its number's or advertiser's max_lines gets
  // onLinesFull and has no line until the queue gives it one.
  // True while the call has no line: it came beyond the limit, or it waits in the queue. A
  // forward then finds the lines full (the flow's on_busy).
  virtual bool linesFull() const { return false; }
  // Waits for a line, in arrival order with the other calls waiting on the number (and on its
  // advertiser when that has a limit); a waiting call holds no line. onLineFree comes once a
  // line is taken for it. TooLarge when `max_callers` calls already wait on the number (0: no
  // limit), Conflict when it waits already or is connected.
  virtual Status waitForLine(size_t /*max_callers*/) { return noLines(); }
  // Stops waiting (no event). `gave_up`: the wait hit its maximum (logged: queue timeout).
  virtual void leaveLineQueue(bool /*gave_up*/) {}
  // 1 for the first call waiting; 0 when not waiting.
  virtual size_t linePosition() const { return 0; }
  // Leaves the line queue with a line when one is free for the call now (true, no event):
  // it waits with nothing to wait for on our side (a busy destination sent it there). False,
  // still waiting in its place, when the lines are full or it does not wait.
  virtual bool takeFreeLine() { return false; }

  // ---- The end of a call (post_call.cpp)
  // The flow ended in automatic reception: the call is logged transferred.
  virtual void markReception() {}
  // Post-call judgement: when the caller hangs up a connected call, the callee's leg stays,
  // hears spec.prompt and presses a key; a key of spec.keys sets the log's valid_res
  // (valid_rule "post_call_key", vars post_call_key), then the callee gets a BYE (also after
  // spec.timeout or another hang-up). Talk time ends with the caller. Set it any time before
  // the caller hangs up; Invalid for a spec without keys.
  virtual Status judgeAfterCall(const PostCallSpec&) { return noMedia(); }

 protected:
  static Status noLines() { return fail(Code::Unavailable, "no line queue on this call"); }
  static Status noMedia() { return fail(Code::Unavailable, "no media on this call"); }
};

class CallHandler {
 public:
  virtual ~CallHandler() = default;
  virtual void onStart(CallControl& call) = 0;
  // The number's lines are all taken. Default: busy.
  virtual void onLinesFull(CallControl& call) { call.hangUp(486); }
  virtual void onAttemptFailed(CallControl& call, const AttemptResult& r) = 0;
  virtual void onConnected(CallControl&) {}
  virtual void onEnded(CallControl&) {}
  // Media events (call_media.hpp).
  virtual void onPlayDone(CallControl&, PlayId, PlayEnd) {}
  virtual void onDigit(CallControl&, char) {}  // every key press of the caller, once
  virtual void onDigits(CallControl&, const std::string&, DigitsEnd) {}
  virtual void onVoicemailDone(CallControl&, const VoicemailResult&) {}
  // waitForLine: a line was taken for this call (it may forward now).
  virtual void onLineFree(CallControl&) {}
};

using HandlerFactory = std::function<std::unique_ptr<CallHandler>(const CallInfo&)>;

// The default: the number's destinations in order (up to 5), each with the number's ring
// timeout; busy, no answer and failure move to the next; when all fail the caller gets the
// last failure's code (486 busy, 480 no answer, 503 failure... as the callee sent it).
std::unique_ptr<CallHandler> makeForwardHandler(const CallInfo& info);

}  // namespace hk::b2bua
