#pragma once
// The lease state machine of one number pool (SPEC §3), pure logic: time comes from the
// injected Clock, nothing here does I/O. A web visitor is issued a number of the pool (a
// lease), renews it while the page is open, and loses it after the idle release time or the
// maximum lease time; the number then cools down before it is issued again. Every state
// change of a number is recorded (time, cause) and, with every changed lease and the monthly
// counts, handed to the caller (takeJournal) to write behind to the store.
//
// Not thread-safe: one LeaseBook per pool, guarded by its owner (tracking::Registry).
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/number.hpp"
#include "store/tracking_rows.hpp"
#include "tracking/allocation_check.hpp"

namespace hk::tracking {

using store::LeaseRow;
using store::TrackingParams;
using store::TrackingPool;

enum class IssueOutcome {
  New,            // a free number, held by this visitor alone
  Reused,         // the visitor's live lease (renewed)
  Shared,         // exhausted, ShareLru: the least recently issued number, shared
  Overflow,       // exhausted: the pool's overflow number, no lease
  DefaultNumber,  // exhausted: the advertiser's default number, no lease
};
const char* outcomeName(IssueOutcome o);

struct Issued {
  IssueOutcome outcome = IssueOutcome::New;
  std::string number;             // digits to show
  std::optional<LeaseRow> lease;  // none for Overflow / DefaultNumber
  double confidence = 0;          // how sure a call on `number` is this visitor's
};

// What a pool's number looks like at a moment, for attribution.
struct HolderAt {
  const LeaseRow* lease;
  bool active;  // held at that moment (else: ended inside the match window before it)
};

// Write-behind: everything that changed since the last takeJournal().
struct Journal {
  std::vector<LeaseRow> leases;  // new, renewed, ended (latest state of each)
  std::vector<store::TransitionRow> transitions;
  std::vector<store::MonthlyCount> monthly;  // deltas
  size_t dropped_transitions = 0;            // over the cap while nobody drained
};

class LeaseBook {
 public:
  LeaseBook(TrackingPool pool, const Clock& clock, uint64_t seed);

  const TrackingPool& pool() const { return pool_; }
  // New settings; leases on numbers that left the pool end (cause "pool_changed").
  void reconfigure(TrackingPool pool);

  // visitor: never empty (the caller makes one up for a new visitor).
  Issued issue(const std::string& visitor, const TrackingParams& params);
  // NotFound when the lease ended or never was. One-time leases keep their hold time.
  Result<LeaseRow> renew(const std::string& lease_id);
  Status release(const std::string& lease_id);
  // Ends the leases past their deadline and the cooldowns that are over. issue/renew call it.
  void sweep();

  const LeaseRow* lease(const std::string& id) const;
  const LeaseRow* leaseOfVisitor(const std::string& visitor) const;
  size_t liveLeases() const { return live_.size(); }
  // Pooled, Leased or Cooldown (a number not in the pool: Available).
  domain::NumberState stateOf(const std::string& number) const;
  // Leases of `number` held at `t`, then (active=false) those that ended before `t` inside
  // the match window, latest first.
  std::vector<HolderAt> holdersAt(const std::string& number, WallTime t) const;
  // Live leases per number and what the slots say, for the double-allocation check.
  std::unordered_map<std::string, HoldCount> holdCounts() const;

  // Leases read back after a restart (not ended, within their deadlines).
  void restore(const std::vector<LeaseRow>& rows);
  Journal takeJournal();

 private:
  struct Slot {
    std::string number;
    domain::Id number_id = 0;
    std::string suffix;
    domain::NumberState state = domain::NumberState::Pooled;
    WallTime free_at{};    // Cooldown: when it becomes Pooled
    WallTime last_used{};  // last issue (LRU)
    bool ever_used = false;
    std::vector<std::string> holders;  // live lease ids
  };

  void rebuildSlots();
  Slot* pick();
  Slot* pickDynamic();
  Slot* pickShared();
  LeaseRow& startLease(Slot& s, const std::string& visitor, const TrackingParams& params,
                       bool shared);
  void endLease(const std::string& id, const char* cause);
  void setState(Slot& s, domain::NumberState to, const char* cause, const std::string& lease);
  WallTime deadlineOf(const LeaseRow& l) const;
  void noteDeadline(WallTime t);
  void markDirty(const LeaseRow& l);
  void count(bool issued, bool exhausted);
  void trimEnded();

  TrackingPool pool_;
  const Clock& clock_;
  std::mt19937_64 rng_;
  std::unordered_map<std::string, Slot> slots_;  // by number
  std::vector<std::string> order_;               // pooled/one-time numbers, pool order
  size_t rr_next_ = 0;
  std::unordered_map<std::string, LeaseRow> live_;           // by lease id
  std::unordered_map<std::string, std::string> by_visitor_;  // visitor -> lease id
  std::deque<LeaseRow> ended_;                               // inside the match window
  WallTime next_deadline_ = WallTime::max();
  Journal journal_;
  std::unordered_map<std::string, size_t> dirty_;  // lease id -> index in journal_.leases
};

}  // namespace hk::tracking
