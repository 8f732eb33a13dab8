#pragma once
// Internal to b2bua: one call and its legs, owned whole by the B2BUA's loop. A is the
// caller's leg (Hankyo is its UAS), B the current forwarding attempt (Hankyo is its UAC).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "b2bua/b2bua.hpp"
#include "b2bua/call_control.hpp"
#include "b2bua/call_extensions.hpp"
#include "b2bua/caller_id.hpp"
#include "b2bua/detail/media_state.hpp"
#include "b2bua/dialog.hpp"
#include "base/timer_queue.hpp"
#include "calllog/outcome.hpp"
#include "domain/call_record.hpp"
#include "rtp/media_types.hpp"
#include "sdp/offer_answer.hpp"
#include "sip/message.hpp"
#include "sip/transaction.hpp"
#include "sip/transaction_2xx.hpp"
#include "sip/transport_types.hpp"

namespace hk::b2bua {

// Where requests to a leg go: the outbound trunk, or where the caller's INVITE came from.
using Peer = sip::Target;

struct PostCallState;  // post_call.cpp
struct CalleeScreen;   // callee_screen.cpp

struct Attempt {
  enum class State { Calling, Proceeding, Cancelling, Connected, Done };
  State state = State::Calling;
  std::string destination;
  Dialog dialog;               // our side: local tag, Call-ID, CSeq; remote tag once answered
  sip::ClientTransaction txn;  // the INVITE's (retransmissions, timer B, CANCEL)
  Peer peer;                   // the outbound trunk
  TimerId ring_timer = 0;
  size_t fact = 0;  // index into CallFacts::attempts
  bool timed_out = false;
  sip::Message ack;     // resent on a retransmitted 2xx
  CalleeDialogs forks;  // early dialogs (one per To tag), the one a 2xx confirmed
  ForwardOptions options;
  // Answered, not connected yet: the whisper, the accept key (callee_screen.cpp).
  std::shared_ptr<CalleeScreen> screen;
};

class Call final : public CallControl {
 public:
  enum class Phase { Routing, Forwarding, Connected, Ended };

  Call(B2bua::Core& core, uint64_t id) : core_(core), id_(id) {}
  const CallInfo& info() const override { return info_; }
  void forward(const std::string& destination, std::chrono::seconds ring_timeout) override;
  void forward(const std::string& destination, const ForwardOptions& options) override;
  void hangUp(int sip_code) override;
  // media_control.cpp, answer.cpp, voicemail.cpp
  Status answer(AnswerMode mode) override;
  PlayId play(const PlaySpec& spec) override;
  void stopPlay(PlayId id) override;
  Status collectDigits(const DigitSpec& spec) override;
  Status startRecording(const RecordSpec& spec) override;
  void stopRecording() override;
  Status voicemail(const VoicemailSpec& spec) override;
  domain::CallRecord* logRecord() override { return &record; }
  uint64_t startTimer(std::chrono::milliseconds after, std::function<void()> fn) override;
  void cancelTimer(uint64_t timer) override;  // handler_timers.cpp
  // line_queue.cpp, post_call.cpp
  bool linesFull() const override;
  Status waitForLine(size_t max_callers) override;
  void leaveLineQueue(bool gave_up) override;
  size_t linePosition() const override;
  bool takeFreeLine() override;
  void markReception() override;
  Status judgeAfterCall(const PostCallSpec& spec) override;

  uint64_t id() const { return id_; }

  CallInfo info_;
  Phase phase = Phase::Routing;
  std::unique_ptr<CallHandler> handler;
  // Leg A
  sip::Message invite;  // the caller's INVITE
  sip::ServerTransaction a_txn;
  Peer a_peer;  // where the INVITE came from (requests to the caller go there)
  Dialog a;     // our side of the caller's dialog (local tag = our To tag)
  std::string a_tag;
  std::string a_answer_sdp;  // our SDP answer to the caller
  sip::Source a_source;
  bool a_final_sent = false;
  sip::Message a_ok;                           // our 2xx, resent until the ACK (UDP)
  std::unique_ptr<sip::Retransmitter> a_retx;  // of a_ok
  TimerId max_length_timer = 0;
  CallerReliable a_rel;  // our 18x to a caller that supports 100rel
  // Leg B
  std::optional<Attempt> attempt;
  int attempts_made = 0;
  bool lines_full = false;  // came beyond the lines, and no line was given to it since
  bool holds_line = false;  // counted in Core::lines (line_limits.cpp)
  // Post-call judgement (post_call.cpp): armed, then running once the caller hung up.
  std::optional<PostCallSpec> post_call;
  std::shared_ptr<PostCallState> post_run;
  // Media
  std::optional<sdp::OfferAnswer> oa;
  std::optional<sdp::Session> callee_offer;
  rtp::SessionId media;
  sdp::LocalAddress local_b;
  int dialogs = 0;  // established dialogs counted in Core::n_dialogs
  bool early_media = false;
  Reinvites reinvites;  // ours through the bridge, per leg (glare)
  CallMedia cm;         // plays, digits, recording, voicemail (media_control.cpp)
  // Log
  CallerIdentity caller;
  calllog::CallFacts facts;
  domain::CallRecord record;

 private:
  B2bua::Core& core_;
  uint64_t id_;
};

}  // namespace hk::b2bua
