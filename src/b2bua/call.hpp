#pragma once
// Internal to b2bua: one call and its legs, owned whole by the B2BUA's loop. A is the
// caller's leg (Hankyo is its UAS), B the current forwarding attempt (Hankyo is its UAC).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "b2bua/b2bua.hpp"
#include "b2bua/call_control.hpp"
#include "b2bua/caller_id.hpp"
#include "b2bua/dialog.hpp"
#include "b2bua/transport.hpp"
#include "base/timer_queue.hpp"
#include "calllog/outcome.hpp"
#include "domain/call_record.hpp"
#include "rtp/media_types.hpp"
#include "sdp/offer_answer.hpp"
#include "sip/message.hpp"

namespace hk::b2bua {

struct Attempt {
  enum class State { Calling, Proceeding, Cancelling, Connected, Done };
  State state = State::Calling;
  std::string destination;
  Dialog dialog;        // our side: local tag, Call-ID, CSeq; remote tag once answered
  std::string branch;   // of the INVITE (CANCEL reuses it)
  sip::Message invite;  // as sent
  Peer peer;            // the outbound trunk
  TimerId ring_timer = 0;
  TimerId retransmit_timer = 0;
  std::chrono::milliseconds interval{0};
  size_t fact = 0;  // index into CallFacts::attempts
  bool timed_out = false;
  sip::Message ack;  // resent on a retransmitted 2xx
};

class Call final : public CallControl {
 public:
  enum class Phase { Routing, Forwarding, Connected, Ended };

  Call(B2bua::Core& core, uint64_t id) : core_(core), id_(id) {}
  const CallInfo& info() const override { return info_; }
  void forward(const std::string& destination, std::chrono::seconds ring_timeout) override;
  void hangUp(int sip_code) override;

  uint64_t id() const { return id_; }

  CallInfo info_;
  Phase phase = Phase::Routing;
  std::unique_ptr<CallHandler> handler;
  // Leg A
  sip::Message invite;  // the caller's INVITE
  Peer a_peer;
  Dialog a;  // our side of the caller's dialog (local tag = our To tag)
  std::string a_tag;
  std::string a_answer_sdp;  // our SDP answer to the caller
  std::string a_tx;          // key of the caller's INVITE transaction
  bool a_final_sent = false;
  sip::Message a_last_response;  // resent on a retransmitted INVITE
  TimerId a_retransmit = 0;
  std::chrono::milliseconds a_interval{0};
  TimerId max_length_timer = 0;
  // Leg B
  std::optional<Attempt> attempt;
  int attempts_made = 0;
  bool lines_full = false;
  // Media
  std::optional<sdp::OfferAnswer> oa;
  std::optional<sdp::Session> callee_offer;
  rtp::SessionId media;
  sdp::LocalAddress local_b;
  int dialogs = 0;  // established dialogs counted in Core::n_dialogs
  bool early_media = false;
  // Log
  CallerIdentity caller;
  calllog::CallFacts facts;
  domain::CallRecord record;

 private:
  B2bua::Core& core_;
  uint64_t id_;
};

}  // namespace hk::b2bua
