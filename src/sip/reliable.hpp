#pragma once
// Reliable provisional responses (RFC 3262: 100rel, RSeq, PRACK/RAck) and the re-INVITE
// glare back-off (RFC 3261 §14.1): the bookkeeping only, with no I/O, clock or randomness
// of its own, so that a TU drives it with its timers and tests drive it by hand.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/cseq.hpp"
#include "sip/message.hpp"

namespace hk::sip {

inline constexpr std::string_view k100rel = "100rel";

// The request names 100rel in Supported or in Require.
bool supports100rel(const Message& request);
// The request names 100rel in Require.
bool requires100rel(const Message& request);
// Option tags of the request's Require that are not in `supported` (the 420's Unsupported,
// RFC 3261 §8.2.2.3); a malformed Require is one unsupported tag, the header's whole value.
std::vector<std::string> unsupportedOptions(const Message& request,
                                            const std::vector<std::string_view>& supported);
// The RSeq of a reliable provisional response (101-199 with Require: 100rel and a valid
// RSeq); nullopt for anything else (then the response is taken as unreliable).
std::optional<uint32_t> reliableRSeq(const Message& response);
// "<rseq> <cseq> <method>", the RAck of a PRACK (RFC 3262 §7.2).
std::string rackValue(uint32_t rseq, const CSeq& invite_cseq);

// The UAS side of one INVITE (RFC 3262 §3): reliable provisionals go out one at a time, each
// with the next RSeq; the next waits for the PRACK of the one before; a PRACK matches only
// the unacknowledged one.
class ReliableProvisionals {
 public:
  // `first_rseq` (pick it at random) is brought into 1..2**31-1.
  explicit ReliableProvisionals(uint32_t first_rseq);

  enum class Push {
    SendNow,    // nothing unacknowledged: send inFlight() now and start resending it
    Waiting,    // queued behind the unacknowledged one
    Duplicate,  // same status and body as the last one pushed: not sent at all
    Full,       // too many waiting (a flood of provisionals): dropped
  };
  // Adds Require: 100rel and the RSeq to `response` (a 101-199) and queues it.
  Push push(Message response);
  // The unacknowledged response, to send and resend; nullptr when none.
  const Message* inFlight() const { return in_flight_ ? &*in_flight_ : nullptr; }
  // A PRACK's RAck against the unacknowledged response of the INVITE with `invite_cseq`
  // (RSeq, CSeq number and method INVITE). On a match the next waiting response, if any,
  // becomes inFlight() (send it). False: no match (answer 481).
  bool acknowledge(const RAck& rack, uint32_t invite_cseq);
  // Nothing unacknowledged and nothing waiting: a 2xx may go out.
  bool idle() const { return !in_flight_ && waiting_.empty(); }
  // The final response went out: nothing more is sent.
  void clear();
  size_t waiting() const { return waiting_.size(); }
  uint32_t nextRSeq() const { return next_rseq_; }

  static constexpr size_t kMaxWaiting = 16;

 private:
  uint32_t next_rseq_;
  std::optional<Message> in_flight_;
  uint32_t in_flight_rseq_ = 0;
  std::deque<std::pair<uint32_t, Message>> waiting_;
  int last_status_ = 0;
  std::string last_body_;
};

// When the UAS resends an unacknowledged reliable provisional: T1, 2*T1, 4*T1... after the
// previous send (no T2 cap, RFC 3262 §3); `sent` is how many times it went out so far (1
// after the first send).
std::chrono::milliseconds reliableResendInterval(std::chrono::milliseconds t1, size_t sent);
// How long the UAS waits for the PRACK before rejecting the INVITE with 5xx: 64*T1.
inline std::chrono::milliseconds reliableGiveUp(std::chrono::milliseconds t1) { return 64 * t1; }

// The UAC side of one early dialog (RFC 3262 §4): which reliable provisionals to PRACK.
class PrackTracker {
 public:
  enum class Verdict {
    New,             // the first one, or the next in order: PRACK it and process it
    Retransmission,  // already PRACKed (or older): discard
    OutOfOrder,      // a gap before it: discard (the UAS resends the missing one)
  };
  Verdict onReliable(uint32_t rseq);
  std::optional<uint32_t> last() const { return last_; }

 private:
  std::optional<uint32_t> last_;
};

// RFC 3261 §14.1: how long to wait before retrying a re-INVITE answered 491. The owner of
// the Call-ID (it generated it) waits 2.1 to 4 s, the other side 0 to 2 s, both in units of
// 10 ms at the default T1 of 500 ms; the unit is T1/50, so short test timers shorten it.
// `random` is any uniformly drawn 32-bit value.
std::chrono::milliseconds glareBackoff(bool call_id_owner, uint32_t random,
                                       std::chrono::milliseconds t1);

}  // namespace hk::sip
