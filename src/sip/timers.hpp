#pragma once
// RFC 3261 §17 timer values (Table 4), all configurable so that tests can shorten them.
// A zero in an optional field means "derive it from T1/T4 as the RFC says".
#include <chrono>

namespace hk::sip {

struct TimerConfig {
  using ms = std::chrono::milliseconds;

  ms t1{500};   // RTT estimate
  ms t2{4000};  // cap of non-INVITE request and INVITE response retransmit intervals
  ms t4{5000};  // how long a message stays in the network
  ms b{0};      // INVITE client timeout (64*T1)
  ms d{32000};  // INVITE client wait for response retransmits (UDP; 0 on TCP)
  ms f{0};      // non-INVITE client timeout (64*T1)
  ms h{0};      // INVITE server wait for ACK (64*T1)
  ms j{0};      // non-INVITE server wait for request retransmits (64*T1 on UDP; 0 on TCP)
  ms l{0};      // RFC 6026 accepted state, server (64*T1)
  ms m{0};      // RFC 6026 accepted state, client (64*T1)
  // INVITE server: 100 Trying is sent when the TU has not sent a provisional or final
  // response within this delay. 0 sends it at once (the default: one message per call buys
  // the stop of the caller's retransmissions with no timer per call).
  ms trying_delay{0};

  ms timerB() const { return b.count() ? b : 64 * t1; }
  ms timerD(bool reliable) const { return reliable ? ms{0} : d; }
  ms timerF() const { return f.count() ? f : 64 * t1; }
  ms timerH() const { return h.count() ? h : 64 * t1; }
  ms timerI(bool reliable) const { return reliable ? ms{0} : t4; }
  ms timerJ(bool reliable) const { return reliable ? ms{0} : (j.count() ? j : 64 * t1); }
  ms timerK(bool reliable) const { return reliable ? ms{0} : t4; }
  ms timerL() const { return l.count() ? l : 64 * t1; }
  ms timerM() const { return m.count() ? m : 64 * t1; }
};

}  // namespace hk::sip
