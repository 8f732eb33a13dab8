#include "tracking/lease_book.hpp"

#include <algorithm>

#include "base/ids.hpp"
#include "domain/enum_names.hpp"

namespace hk::tracking {

using domain::NumberState;
using std::chrono::seconds;

namespace {
constexpr size_t kMaxJournalTransitions = 100'000;
constexpr int kDynamicTries = 32;
}  // namespace

const char* outcomeName(IssueOutcome o) {
  switch (o) {
    case IssueOutcome::New: return "new";
    case IssueOutcome::Reused: return "reused";
    case IssueOutcome::Shared: return "shared";
    case IssueOutcome::Overflow: return "overflow";
    case IssueOutcome::DefaultNumber: return "default_number";
  }
  return "new";
}

LeaseBook::LeaseBook(TrackingPool pool, const Clock& clock, uint64_t seed)
    : pool_(std::move(pool)), clock_(clock), rng_(seed) {
  rebuildSlots();
}

void LeaseBook::rebuildSlots() {
  order_.clear();
  if (pool_.mode == store::PoolMode::Dynamic) return;
  for (const auto& n : pool_.numbers) {
    auto [it, added] = slots_.try_emplace(n.number);
    if (added) {
      it->second.number = n.number;
      it->second.state = NumberState::Pooled;
    }
    it->second.number_id = n.number_id;
    order_.push_back(n.number);
  }
  if (rr_next_ >= order_.size()) rr_next_ = 0;
}

void LeaseBook::reconfigure(TrackingPool pool) {
  const bool was_dynamic = pool_.mode == store::PoolMode::Dynamic;
  pool_ = std::move(pool);
  const bool dynamic = pool_.mode == store::PoolMode::Dynamic;
  std::vector<std::string> gone;
  for (const auto& [number, slot] : slots_) {
    bool keep = false;
    if (dynamic && was_dynamic) {
      keep = number.starts_with(pool_.base_number);
    } else if (!dynamic) {
      for (const auto& n : pool_.numbers) keep = keep || n.number == number;
    }
    if (!keep) gone.push_back(number);
  }
  for (const auto& number : gone) {
    auto holders = slots_[number].holders;
    for (const auto& id : holders) endLease(id, "pool_changed");
    slots_.erase(number);
  }
  rebuildSlots();
}

WallTime LeaseBook::deadlineOf(const LeaseRow& l) const {
  const WallTime hard = l.issued_at + seconds(pool_.max_lease_sec);
  if (pool_.mode == store::PoolMode::OneTime) return hard;
  return std::min(hard, l.renewed_at + seconds(pool_.idle_release_sec));
}

void LeaseBook::noteDeadline(WallTime t) { next_deadline_ = std::min(next_deadline_, t); }

void LeaseBook::markDirty(const LeaseRow& l) {
  auto [it, added] = dirty_.try_emplace(l.id, journal_.leases.size());
  if (added) {
    journal_.leases.push_back(l);
  } else {
    journal_.leases[it->second] = l;
  }
}

void LeaseBook::count(bool issued, bool exhausted) {
  const std::string month = formatUtc(clock_.now()).substr(0, 7);
  for (auto& m : journal_.monthly) {
    if (m.month == month) {
      m.issued += issued ? 1 : 0;
      m.exhausted += exhausted ? 1 : 0;
      return;
    }
  }
  journal_.monthly.push_back({pool_.id, month, issued ? 1 : 0, exhausted ? 1 : 0});
}

void LeaseBook::setState(Slot& s, NumberState to, const char* cause, const std::string& lease) {
  if (s.state == to && to != NumberState::Leased) return;
  if (journal_.transitions.size() >= kMaxJournalTransitions) {
    ++journal_.dropped_transitions;
  } else {
    journal_.transitions.push_back({pool_.id, s.number, std::string(domain::name(s.state)),
                                    std::string(domain::name(to)), cause, lease, clock_.now()});
  }
  s.state = to;
}

void LeaseBook::trimEnded() {
  const WallTime now = clock_.now();
  while (!ended_.empty() && *ended_.front().ended_at + seconds(pool_.match_window_sec) < now) {
    ended_.pop_front();
  }
}

void LeaseBook::endLease(const std::string& id, const char* cause) {
  auto it = live_.find(id);
  if (it == live_.end()) return;
  LeaseRow l = std::move(it->second);
  live_.erase(it);
  const WallTime now = clock_.now();
  l.ended_at = now;
  l.end_cause = cause;
  if (auto v = by_visitor_.find(l.visitor_id); v != by_visitor_.end() && v->second == id) {
    by_visitor_.erase(v);
  }
  if (auto s = slots_.find(l.number); s != slots_.end()) {
    Slot& slot = s->second;
    std::erase(slot.holders, id);
    if (slot.holders.empty()) {
      if (pool_.cooldown_sec > 0) {
        slot.free_at = now + seconds(pool_.cooldown_sec);
        noteDeadline(slot.free_at);
        setState(slot, NumberState::Cooldown, cause, id);
      } else if (pool_.mode == store::PoolMode::Dynamic) {
        setState(slot, NumberState::Pooled, cause, id);
        slots_.erase(s);
      } else {
        setState(slot, NumberState::Pooled, cause, id);
      }
    }
  }
  markDirty(l);
  ended_.push_back(std::move(l));
  trimEnded();
}

void LeaseBook::sweep() {
  const WallTime now = clock_.now();
  if (now < next_deadline_) return;
  next_deadline_ = WallTime::max();
  std::vector<std::pair<std::string, const char*>> expired;
  for (const auto& [id, l] : live_) {
    const WallTime d = deadlineOf(l);
    if (d <= now) {
      const bool hard = d >= l.issued_at + seconds(pool_.max_lease_sec);
      expired.emplace_back(id, hard ? "max_lease" : "idle");
    } else {
      noteDeadline(d);
    }
  }
  for (const auto& [id, cause] : expired) endLease(id, cause);
  std::vector<std::string> rested;
  for (auto& [number, slot] : slots_) {
    if (slot.state != NumberState::Cooldown) continue;
    if (slot.free_at <= now) {
      setState(slot, NumberState::Pooled, "cooldown_over", {});
      if (pool_.mode == store::PoolMode::Dynamic) rested.push_back(number);
    } else {
      noteDeadline(slot.free_at);
    }
  }
  for (const auto& n : rested) slots_.erase(n);
  trimEnded();
}

LeaseBook::Slot* LeaseBook::pickDynamic() {
  if (pool_.base_number.empty() || pool_.suffix_digits <= 0) return nullptr;
  std::uniform_int_distribution<int> digit(0, 9);
  std::string number;
  for (int attempt = 0; attempt < kDynamicTries; ++attempt) {
    number = pool_.base_number;
    for (int i = 0; i < pool_.suffix_digits; ++i)
      number.push_back(static_cast<char>('0' + digit(rng_)));
    if (!slots_.contains(number)) {
      Slot& s = slots_[number];
      s.number = number;
      s.suffix = number.substr(pool_.base_number.size());
      s.state = NumberState::Pooled;
      return &s;
    }
  }
  return nullptr;  // the suffix space is (nearly) full
}

LeaseBook::Slot* LeaseBook::pick() {
  if (pool_.mode == store::PoolMode::Dynamic) return pickDynamic();
  const size_t n = order_.size();
  if (n == 0) return nullptr;
  auto freeAt = [&](size_t i) -> Slot* {
    Slot& s = slots_[order_[i]];
    return s.state == NumberState::Pooled ? &s : nullptr;
  };
  auto selection =
      pool_.mode == store::PoolMode::OneTime ? store::PoolSelection::RoundRobin : pool_.selection;
  switch (selection) {
    case store::PoolSelection::RoundRobin:
      for (size_t k = 0; k < n; ++k) {
        const size_t i = (rr_next_ + k) % n;
        if (Slot* s = freeAt(i)) {
          rr_next_ = (i + 1) % n;
          return s;
        }
      }
      return nullptr;
    case store::PoolSelection::Random: {
      std::vector<size_t> free;
      for (size_t i = 0; i < n; ++i) {
        if (freeAt(i)) free.push_back(i);
      }
      if (free.empty()) return nullptr;
      std::uniform_int_distribution<size_t> d(0, free.size() - 1);
      return freeAt(free[d(rng_)]);
    }
    case store::PoolSelection::Lru: {
      Slot* best = nullptr;
      for (size_t i = 0; i < n; ++i) {
        Slot* s = freeAt(i);
        if (!s) continue;
        if (!s->ever_used) return s;  // never issued: the least recently used of all
        if (!best || s->last_used < best->last_used) best = s;
      }
      return best;
    }
  }
  return nullptr;
}

LeaseBook::Slot* LeaseBook::pickShared() {
  Slot* best = nullptr;
  for (const auto& number : order_) {
    Slot& s = slots_[number];
    if (s.state != NumberState::Leased) continue;
    if (!best || s.last_used < best->last_used) best = &s;
  }
  return best;
}

LeaseRow& LeaseBook::startLease(Slot& s, const std::string& visitor, const TrackingParams& params,
                                bool shared) {
  const WallTime now = clock_.now();
  LeaseRow l;
  l.id = std::to_string(pool_.id) + "-" + randomHex(12);  // the pool, for renewals
  l.pool_id = pool_.id;
  l.number_id = s.number_id;
  l.number = s.number;
  l.suffix = s.suffix;
  l.visitor_id = visitor;
  l.params = params;
  l.shared = shared;
  l.confidence = 1.0 / static_cast<double>(s.holders.size() + 1);
  l.issued_at = l.renewed_at = now;
  l.expires_at = deadlineOf(l);
  noteDeadline(l.expires_at);
  s.holders.push_back(l.id);
  s.last_used = now;
  s.ever_used = true;
  setState(s, NumberState::Leased, shared ? "shared" : "issued", l.id);
  if (auto old = by_visitor_.find(visitor); old != by_visitor_.end()) {
    endLease(old->second, "released");  // a visitor holds one lease at a time
  }
  by_visitor_[visitor] = l.id;
  auto& row = live_[l.id] = std::move(l);
  markDirty(row);
  return row;
}

Issued LeaseBook::issue(const std::string& visitor, const TrackingParams& params) {
  sweep();
  Issued out;
  if (auto v = by_visitor_.find(visitor); v != by_visitor_.end()) {
    LeaseRow& l = live_.at(v->second);
    if (!params.empty()) l.params = params;  // last touch
    if (pool_.mode != store::PoolMode::OneTime) {
      l.renewed_at = clock_.now();
      l.expires_at = deadlineOf(l);
    }
    markDirty(l);
    out.outcome = IssueOutcome::Reused;
    out.number = l.number;
    out.confidence = l.confidence;
    out.lease = l;
    return out;
  }
  if (Slot* s = pick()) {
    LeaseRow& l = startLease(*s, visitor, params, false);
    count(true, false);
    out.outcome = IssueOutcome::New;
    out.number = l.number;
    out.confidence = l.confidence;
    out.lease = l;
    return out;
  }
  // Exhausted: a normal event, counted so the operator can size the pool.
  if (pool_.exhaustion == store::PoolExhaustion::ShareLru) {
    if (Slot* s = pickShared()) {
      LeaseRow& l = startLease(*s, visitor, params, true);
      count(true, true);
      out.outcome = IssueOutcome::Shared;
      out.number = l.number;
      out.confidence = l.confidence;
      out.lease = l;
      return out;
    }
  }
  count(false, true);
  if (pool_.exhaustion == store::PoolExhaustion::Overflow && !pool_.overflow_number.empty()) {
    out.outcome = IssueOutcome::Overflow;
    out.number = pool_.overflow_number;
  } else {
    out.outcome = IssueOutcome::DefaultNumber;
    out.number = pool_.default_number;
  }
  return out;
}

Result<LeaseRow> LeaseBook::renew(const std::string& lease_id) {
  sweep();
  auto it = live_.find(lease_id);
  if (it == live_.end()) return fail(Code::NotFound, "lease ended or unknown", "/lease_id");
  LeaseRow& l = it->second;
  if (pool_.mode != store::PoolMode::OneTime) {
    l.renewed_at = clock_.now();
    l.expires_at = deadlineOf(l);
    markDirty(l);
  }
  return l;
}

Status LeaseBook::release(const std::string& lease_id) {
  if (!live_.contains(lease_id)) return fail(Code::NotFound, "lease ended or unknown");
  endLease(lease_id, "released");
  return ok();
}

}  // namespace hk::tracking
