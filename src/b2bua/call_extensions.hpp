#pragma once
// Internal to b2bua: the per-call state of reliable provisionals (RFC 3262) on both legs,
// of the callee's early dialogs when the outbound INVITE forks, and of re-INVITE glare
// (RFC 3261 §14.1). Driven by reliable_caller.cpp, early_dialogs.cpp and glare.cpp.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "b2bua/dialog.hpp"
#include "base/timer_queue.hpp"
#include "sip/reliable.hpp"

namespace hk::b2bua {

// Leg A when the caller supports 100rel: our 18x go out reliably, one at a time.
struct CallerReliable {
  std::optional<sip::ReliableProvisionals> queue;  // set when the caller supports 100rel
  TimerId resend_timer = 0;
  TimerId give_up_timer = 0;
  size_t sent = 0;              // sends of the unacknowledged one so far
  bool answer_waiting = false;  // the callee answered; our 2xx waits for the PRACKs
};

// Leg B: one early dialog per To tag of the callee's provisional responses (the trunk may
// fork the INVITE), each with its remote target, route set, CSeq space and PRACK state.
struct EarlyDialog {
  std::string tag;
  Dialog dialog;
  sip::PrackTracker prack;
};

struct CalleeDialogs {
  std::vector<EarlyDialog> early;
  std::string confirmed_tag;  // the To tag of the 2xx that won

  static constexpr size_t kMaxEarly = 16;  // more forks are relayed without a dialog of their own
};

// Our re-INVITE on one leg (a mirrored hold/resume).
struct ReinviteLeg {
  bool pending = false;     // sent, no final response yet: a re-INVITE from either leg gets 491
  TimerId retry_timer = 0;  // answered 491: retried after the back-off
  int retries = 0;

  static constexpr int kMaxRetries = 3;
};

struct Reinvites {
  ReinviteLeg a;  // toward the caller
  ReinviteLeg b;  // toward the callee
};

}  // namespace hk::b2bua
