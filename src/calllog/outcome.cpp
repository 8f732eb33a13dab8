#include "calllog/outcome.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

namespace hk::calllog {
namespace {

using domain::DialStat;
using domain::HupUsr;

int64_t msBetween(MonoTime from, MonoTime to) {
  auto d = std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
  return std::max<int64_t>(d, 0);
}

// The moment an answered attempt was answered: its 2xx, else its end.
const Stamp& answerOf(const AttemptFacts& a) { return a.answered ? *a.answered : a.ended; }

const AttemptFacts* firstAnswered(const std::vector<AttemptFacts>& attempts) {
  for (const auto& a : attempts) {
    if (classify(a) == AttemptClass::Answered) return &a;
  }
  return nullptr;
}

std::string systemReasonText(SystemReason s) {
  switch (s) {
    case SystemReason::MaxLength: return "max call length";
    case SystemReason::MediaTimeout: return "media timeout";
    case SystemReason::Shutdown: return "shutdown";
    case SystemReason::FlowHangup: return "flow hangup";
    case SystemReason::None: break;
  }
  return {};
}

struct Verdict {
  Rule rule;
  DialStat stat;
  HupUsr hup;
};

// Rules 1-10 of outcome.hpp, in order.
Verdict verdict(const CallFacts& f) {
  if (f.blocked) return {Rule::Blocked, DialStat::Blocked, HupUsr::System};
  if (!f.number_known || f.rejected_before_flow) {
    return {Rule::Rejected, DialStat::None, HupUsr::System};
  }
  // Answered and Transferred come before LinesFull: a queue timeout whose on_timeout led to
  // a destination that answered, or to voicemail, ended with that, not with the full lines.
  if (firstAnswered(f.attempts) != nullptr) {
    return {Rule::Answered, DialStat::Answered, f.hung_up_first};
  }
  if (f.ended_in_voicemail_or_reception) {
    auto hup = f.hung_up_first == HupUsr::Caller ? HupUsr::Caller : HupUsr::System;
    return {Rule::Transferred, DialStat::Transferred, hup};
  }
  if (f.lines_full_no_queue || f.queue_timed_out) {
    return {Rule::LinesFull, DialStat::Busy, HupUsr::System};
  }
  if (f.overload_503) return {Rule::Overload, DialStat::LineUnavailable, HupUsr::System};
  const bool last_rang_on =
      !f.attempts.empty() && classify(f.attempts.back()) == AttemptClass::Abandoned;
  if (f.hung_up_first == HupUsr::Caller && (f.attempts.empty() || last_rang_on)) {
    return {Rule::CallerAbandoned, DialStat::Incomplete, HupUsr::Caller};
  }
  if (f.attempts.empty()) return {Rule::NoForwarding, DialStat::None, HupUsr::System};
  switch (classify(f.attempts.back())) {
    case AttemptClass::Busy: return {Rule::LastAttempt, DialStat::Busy, HupUsr::System};
    case AttemptClass::NoAnswer: return {Rule::LastAttempt, DialStat::NoAnswer, HupUsr::System};
    case AttemptClass::Failed:
      return {Rule::LastAttempt, DialStat::LineUnavailable, HupUsr::System};
    case AttemptClass::Abandoned:
    case AttemptClass::Answered: break;  // Answered was handled above
  }
  return {Rule::SystemCut, DialStat::LineUnavailable, HupUsr::System};
}

std::string endReason(const CallFacts& f, Rule rule) {
  switch (rule) {
    case Rule::Blocked: return "blocked caller";
    case Rule::Rejected: return f.number_known ? "rejected before flow" : "unknown number";
    case Rule::LinesFull: return f.lines_full_no_queue ? "lines full" : "queue timeout";
    case Rule::Overload: return "overload";
    default: break;
  }
  if (f.hung_up_first != HupUsr::System) return {};
  return systemReasonText(f.system_reason);
}

int64_t callingMs(const CallFacts& f) {
  if (f.attempts.empty()) return 0;
  const Stamp& start = f.first_forward_start ? *f.first_forward_start : f.attempts.front().started;
  const AttemptFacts* answered = firstAnswered(f.attempts);
  const Stamp& end = answered != nullptr ? answerOf(*answered) : f.attempts.back().ended;
  return msBetween(start.mono, end.mono);
}

std::vector<domain::CallAttempt> attemptRows(const std::vector<AttemptFacts>& attempts) {
  std::vector<domain::CallAttempt> rows;
  rows.reserve(attempts.size());
  int index = 0;
  for (const auto& a : attempts) {
    domain::CallAttempt row;
    row.index = ++index;
    row.destination = a.destination;
    row.sip_code = a.sip_code;
    row.reason = a.reason;
    const bool answered = classify(a) == AttemptClass::Answered;
    row.ring_ms = msBetween(a.started.mono, answered ? answerOf(a).mono : a.ended.mono);
    row.started_at = a.started.wall;
    if (answered) row.answered_at = answerOf(a).wall;
    row.ended_at = a.ended.wall;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

AttemptClass classify(const AttemptFacts& a) {
  if (a.answered || (a.sip_code >= 200 && a.sip_code < 300)) return AttemptClass::Answered;
  if (a.trunk_failed) return AttemptClass::Failed;
  if (a.timed_out) return AttemptClass::NoAnswer;
  switch (a.sip_code) {
    case 486:
    case 600: return AttemptClass::Busy;
    case 408:
    case 480: return AttemptClass::NoAnswer;
    case 487: return AttemptClass::Abandoned;  // our CANCEL, and not for a ring timeout
    default: break;
  }
  if (a.sip_code < 200) return AttemptClass::Abandoned;
  return AttemptClass::Failed;
}

Outcome decide(const CallFacts& f) {
  const Verdict v = verdict(f);
  Outcome o;
  o.rule = v.rule;
  o.dial_stat = v.stat;
  o.hup_usr = v.hup;
  o.end_reason = endReason(f, v.rule);
  o.din_tms = f.arrived.wall;
  if (f.answered_caller) o.ans_tms = f.answered_caller->wall;
  o.eoc_tms = f.ended.wall;
  o.conn_ms = msBetween(f.arrived.mono, f.ended.mono);
  o.calling_ms = callingMs(f);
  if (v.rule == Rule::Answered && f.connected) {
    o.tst_tms = f.connected->wall;
    const Stamp& talk_end = f.conversation_ended ? *f.conversation_ended : f.ended;
    o.talking_ms = msBetween(f.connected->mono, talk_end.mono);
  }
  if (const AttemptFacts* answered = firstAnswered(f.attempts)) {
    o.fwd_id = answered->destination;
  } else if (!f.attempts.empty()) {
    o.fwd_id = f.attempts.back().destination;
  }
  o.fax = f.fax_detected;
  o.attempts = attemptRows(f.attempts);
  return o;
}

void apply(const Outcome& o, domain::CallRecord& r) {
  r.dial_stat = o.dial_stat;
  r.hup_usr = o.hup_usr;
  r.calling_ms = o.calling_ms;
  r.talking_ms = o.talking_ms;
  r.conn_ms = o.conn_ms;
  r.fwd_id = o.fwd_id;
  r.din_tms = o.din_tms;
  r.ans_tms = o.ans_tms;
  r.tst_tms = o.tst_tms;
  r.eoc_tms = o.eoc_tms;
  r.fax = o.fax;
  if (!o.end_reason.empty()) r.end_reason = o.end_reason;
  r.attempts = o.attempts;
}

std::string_view name(AttemptClass c) {
  switch (c) {
    case AttemptClass::Answered: return "answered";
    case AttemptClass::Busy: return "busy";
    case AttemptClass::NoAnswer: return "no_answer";
    case AttemptClass::Failed: return "failed";
    case AttemptClass::Abandoned: return "abandoned";
  }
  return "unknown";
}

std::string_view name(Rule r) {
  switch (r) {
    case Rule::Blocked: return "blocked";
    case Rule::Rejected: return "rejected";
    case Rule::LinesFull: return "lines_full";
    case Rule::Overload: return "overload";
    case Rule::Answered: return "answered";
    case Rule::Transferred: return "transferred";
    case Rule::CallerAbandoned: return "caller_abandoned";
    case Rule::LastAttempt: return "last_attempt";
    case Rule::SystemCut: return "system_cut";
    case Rule::NoForwarding: return "no_forwarding";
  }
  return "unknown";
}

namespace {
constexpr std::array<std::pair<SystemReason, std::string_view>, 5> kSystemReason{{
    {SystemReason::None, "none"},
    {SystemReason::MaxLength, "max_length"},
    {SystemReason::MediaTimeout, "media_timeout"},
    {SystemReason::Shutdown, "shutdown"},
    {SystemReason::FlowHangup, "flow_hangup"},
}};
}  // namespace

std::string_view name(SystemReason s) {
  for (const auto& [v, n] : kSystemReason) {
    if (v == s) return n;
  }
  return "unknown";
}

bool parse(std::string_view s, SystemReason& out) {
  for (const auto& [v, n] : kSystemReason) {
    if (n == s) {
      out = v;
      return true;
    }
  }
  return false;
}

}  // namespace hk::calllog
