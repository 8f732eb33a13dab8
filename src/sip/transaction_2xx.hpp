#pragma once
// Helpers for the TU (dialog layer) around 2xx responses to INVITE, which RFC 3261 leaves
// to the TU rather than to the transaction: the UAS retransmits its 2xx until the ACK
// comes (§13.3.1.4), the UAC ACKs every 2xx itself (§13.2.2.4).
#include <cstddef>
#include <functional>
#include <string_view>

#include "base/executor.hpp"
#include "sip/message.hpp"
#include "sip/timers.hpp"

namespace hk::sip {

// Calls `resend` at T1, 2*T1, 4*T1... (capped at T2) from start() until stop() (the ACK
// came) or 64*T1, when `on_timeout` runs once (the ACK is missing: the TU ends the call).
// Lives on the loop thread; destroying it stops it. Neither copied nor moved.
class Retransmitter {
 public:
  Retransmitter(EventLoop& loop, const TimerConfig& timers, std::function<void()> resend,
                std::function<void()> on_timeout);
  ~Retransmitter();
  Retransmitter(const Retransmitter&) = delete;
  Retransmitter& operator=(const Retransmitter&) = delete;

  void start();  // after the first 2xx went out; restarts if running
  void stop();   // the ACK arrived; no callback follows
  bool active() const { return active_; }
  size_t resent() const { return resent_; }

 private:
  void fire();
  void timeout();

  EventLoop& loop_;
  TimerConfig timers_;
  std::function<void()> resend_;
  std::function<void()> on_timeout_;
  TimerId retx_ = 0;
  TimerId deadline_ = 0;
  std::chrono::milliseconds interval_{0};
  bool active_ = false;
  size_t resent_ = 0;
};

// The ACK of a 2xx (§13.2.2.4): Request-URI from the 2xx's Contact (or `request_uri` when
// given, e.g. by a dialog with a route set), From, Call-ID and CSeq number of the INVITE,
// To of the response, the INVITE's Route headers, Max-Forwards 70, no body. It has no Via:
// TransactionLayer::sendStateless() adds one with a fresh branch.
Message makeAckFor2xx(const Message& invite, const Message& response,
                      std::string_view request_uri = {});

}  // namespace hk::sip
