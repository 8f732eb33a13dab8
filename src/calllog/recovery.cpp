#include "calllog/recovery.hpp"

#include <algorithm>
#include <vector>

#include "base/log.hpp"
#include "calllog/detail/judge_tx.hpp"
#include "calllog/outcome.hpp"
#include "domain/enum_names.hpp"

namespace hk::calllog {
namespace {

// Only wall times survive a crash: the monotonic stamp is rebuilt from them.
Stamp fromWall(WallTime t, WallTime origin) {
  return {t, MonoTime{} + std::chrono::duration_cast<MonoTime::duration>(t - origin)};
}

WallTime endOf(const domain::CallRecord& r, WallTime now) {
  WallTime eoc = std::max(r.last_activity, r.din_tms);
  if (r.tst_tms) eoc = std::max(eoc, *r.tst_tms);
  for (const auto& a : r.attempts) {
    eoc = std::max({eoc, a.started_at, a.ended_at});
    if (a.answered_at) eoc = std::max(eoc, *a.answered_at);
  }
  return std::max(std::min(eoc, now), r.din_tms);
}

CallFacts factsOf(const domain::CallRecord& r, WallTime eoc) {
  CallFacts f;
  const WallTime origin = r.din_tms;
  f.arrived = fromWall(r.din_tms, origin);
  if (r.ans_tms) f.answered_caller = fromWall(*r.ans_tms, origin);
  f.ended = fromWall(eoc, origin);
  for (const auto& a : r.attempts) {
    AttemptFacts af;
    af.destination = a.destination;
    af.sip_code = a.sip_code;
    af.reason = a.reason;
    af.started = fromWall(a.started_at, origin);
    if (a.answered_at) af.answered = fromWall(*a.answered_at, origin);
    // An attempt still ringing at the crash has no end yet.
    af.ended = fromWall(a.ended_at < a.started_at ? eoc : a.ended_at, origin);
    f.attempts.push_back(std::move(af));
  }
  const bool answered = std::any_of(f.attempts.begin(), f.attempts.end(), [](const auto& a) {
    return classify(a) == AttemptClass::Answered;
  });
  if (r.tst_tms) {
    f.connected = fromWall(*r.tst_tms, origin);
    if (!answered) {
      AttemptFacts af;  // the answer is known only through tst_tms
      af.destination = r.fwd_id;
      af.started = af.ended = *f.connected;
      af.answered = *f.connected;
      f.attempts.push_back(std::move(af));
    }
  }
  f.hung_up_first = (answered || r.tst_tms) ? domain::HupUsr::System : domain::HupUsr::Caller;
  return f;
}

}  // namespace

Result<int> recoverInProgress(store::Store& store, const Clock& clock) {
  auto lg = log::get("calllog");
  auto tx = store.begin(true);
  if (!tx) return tx.error();
  auto orphans = (*tx)->calls().inProgress();
  if (!orphans) return orphans.error();
  const WallTime now = clock.now();
  int closed = 0;
  for (auto r : *orphans) {
    const WallTime eoc = endOf(r, now);
    const auto original_attempts = r.attempts;
    apply(decide(factsOf(r, eoc)), r);
    r.attempts = original_attempts;  // keep what was recorded, no synthetic rows
    for (auto& a : r.attempts) {
      if (a.ended_at < a.started_at) a.ended_at = eoc;
    }
    r.hup_usr = domain::HupUsr::System;
    r.end_reason = "crash recovery";
    r.state = domain::CallState::Finished;
    if (auto j = detail::judgeInTx(**tx, r); !j) return j.error();  // valid_res, valid_rule
    auto done = (*tx)->calls().finalize(r);
    if (!done) return done.error();
    HK_LOG_WARN(lg, "crash recovery closed trn={} dial_stat={} seq={}", r.trn_id,
                domain::name(done->dial_stat), done->seq_num);
    ++closed;
  }
  if (auto c = (*tx)->commit(); !c) return c.error();
  return closed;
}

}  // namespace hk::calllog
