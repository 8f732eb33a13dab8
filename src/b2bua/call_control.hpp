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
#include <memory>
#include <optional>
#include <string>

#include "b2bua/call_media.hpp"
#include "base/result.hpp"
#include "domain/number.hpp"

namespace hk::b2bua {

struct CallInfo {
  std::string trn_id;
  std::string dialled;  // normalised number called (with any suffix)
  domain::TrackingNumber number;
  std::string caller_masked;  // for logs only
  // What the number (or, today, media.recording) asks for: recorded from the connect.
  std::optional<RecordSpec> recording;
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

 protected:
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
};

using HandlerFactory = std::function<std::unique_ptr<CallHandler>(const CallInfo&)>;

// The default: the number's destinations in order (up to 5), each with the number's ring
// timeout; busy, no answer and failure move to the next; when all fail the caller gets the
// last failure's code (486 busy, 480 no answer, 503 failure... as the callee sent it).
std::unique_ptr<CallHandler> makeForwardHandler(const CallInfo& info);

}  // namespace hk::b2bua
