#include "tracking/telemetry.hpp"

#include <algorithm>

namespace hk::tracking {

namespace {
constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kMaxCapacity = 1'000'000'000'000;
// A longer gap between two observations (the wall clock jumped, the process stalled) is not
// integrated beyond this: the time before it counts as not observed.
constexpr int64_t kMaxGapMs = 6 * 3'600'000;

int64_t minuteOf(WallTime t) {
  const int64_t ms = toMillis(t);
  return ms - (((ms % kMinuteMs) + kMinuteMs) % kMinuteMs);
}
}  // namespace

int64_t poolCapacity(const TrackingPool& p) {
  if (p.mode != store::PoolMode::Dynamic) return static_cast<int64_t>(p.numbers.size());
  if (p.base_number.empty() || p.suffix_digits <= 0) return 0;
  int64_t n = 1;
  for (int i = 0; i < p.suffix_digits && n < kMaxCapacity; ++i) n *= 10;
  return std::min(n, kMaxCapacity);
}

PoolTelemetry::PoolTelemetry(const TrackingPool& p, WallTime now) : pool_id_(p.id), at_(now) {
  reconfigure(p, now);
}

void PoolTelemetry::reconfigure(const TrackingPool& p, WallTime now) {
  advance(now);
  const bool was_dynamic = dynamic_;
  dynamic_ = p.mode == store::PoolMode::Dynamic;
  size_ = poolCapacity(p);
  std::unordered_map<std::string, Use> kept;
  if (dynamic_) {
    if (was_dynamic) {
      for (const auto& [number, u] : use_) {
        if (!p.base_number.empty() && number.starts_with(p.base_number)) kept.emplace(number, u);
      }
    }
  } else {
    for (const auto& n : p.numbers) {
      auto it = use_.find(n.number);
      kept.emplace(n.number, it == use_.end() ? Use::Free : it->second);
    }
  }
  use_ = std::move(kept);
  recount();
  minute(minutes_, now).size = size_;
}

void PoolTelemetry::recount() {
  leased_ = busy_ = 0;
  for (const auto& [number, u] : use_) {
    leased_ += u == Use::Leased ? 1 : 0;
    busy_ += u != Use::Free ? 1 : 0;
  }
}

void PoolTelemetry::restore(const std::vector<LeaseRow>& rows, WallTime now) {
  advance(now);
  for (const auto& r : rows) {
    if (r.ended_at) continue;
    if (dynamic_ || use_.contains(r.number)) use_[r.number] = Use::Leased;
  }
  recount();
}

store::PoolMinute& PoolTelemetry::minute(Minutes& m, WallTime t) const {
  const int64_t start = minuteOf(t);
  auto [it, added] = m.try_emplace(start);
  if (added) {
    it->second.pool_id = pool_id_;
    it->second.minute = fromMillis(start);
    it->second.size = size_;
  }
  return it->second;
}

void PoolTelemetry::spread(Minutes& out, WallTime from, WallTime to) const {
  const int64_t end = toMillis(to);
  const int64_t t0 = toMillis(from);
  int64_t t = end - t0 > kMaxGapMs ? end - kMaxGapMs : t0;
  const bool full = size_ > 0 && busy_ >= size_;
  while (t < end) {
    const int64_t next = std::min(end, minuteOf(fromMillis(t)) + kMinuteMs);
    const int64_t ms = next - t;
    store::PoolMinute& m = minute(out, fromMillis(t));
    m.size = size_;
    m.observed_ms += ms;
    m.capacity_ms += size_ * ms;
    m.leased_ms += leased_ * ms;
    m.full_ms += full ? ms : 0;
    m.peak_leased = std::max(m.peak_leased, leased_);
    t = next;
  }
}

void PoolTelemetry::advance(WallTime to) {
  if (to <= at_) return;  // the wall clock stepped back: nothing to integrate
  spread(minutes_, at_, to);
  at_ = to;
}

void PoolTelemetry::set(const std::string& number, Use u) {
  auto it = use_.find(number);
  if (it == use_.end()) {
    if (!dynamic_) return;  // not (or no longer) in the pool
    if (u == Use::Free) return;
    it = use_.emplace(number, Use::Free).first;
  }
  const Use old = it->second;
  leased_ += (u == Use::Leased ? 1 : 0) - (old == Use::Leased ? 1 : 0);
  busy_ += (u != Use::Free ? 1 : 0) - (old != Use::Free ? 1 : 0);
  if (dynamic_ && u == Use::Free) {
    use_.erase(it);
  } else {
    it->second = u;
  }
}

void PoolTelemetry::feed(const Journal& j, WallTime now) {
  for (const auto& t : j.transitions) {
    advance(t.at);
    const Use u = t.to_state == "leased"     ? Use::Leased
                  : t.to_state == "cooldown" ? Use::Cooldown
                                             : Use::Free;
    set(t.number, u);
    store::PoolMinute& m = minute(minutes_, std::max(t.at, at_));
    m.peak_leased = std::max(m.peak_leased, leased_);
  }
  for (const auto& l : j.leases) {
    if (!l.ended_at) continue;
    store::PoolMinute& m = minute(minutes_, *l.ended_at);
    m.leases_ended += 1;
    m.lease_ms += std::max<int64_t>(0, toMillis(*l.ended_at) - toMillis(l.issued_at));
    counted_ = true;
  }
  if (!j.transitions.empty()) counted_ = true;
  advance(now);
}

void PoolTelemetry::served(IssueOutcome o, WallTime at) {
  store::PoolMinute& m = minute(minutes_, at);
  switch (o) {
    case IssueOutcome::New: m.issued += 1; break;
    case IssueOutcome::Shared:
      m.issued += 1;
      m.shared += 1;
      break;
    case IssueOutcome::Overflow: m.overflow += 1; break;
    case IssueOutcome::DefaultNumber: m.default_served += 1; break;
    case IssueOutcome::Reused: return;
  }
  counted_ = true;
}

void PoolTelemetry::called(Reason r, const std::string& number, WallTime at) {
  if (r == Reason::ActiveLease) return;
  const bool late = r == Reason::MatchWindow;
  store::PoolMinute& m = minute(minutes_, at);
  (late ? m.late_calls : m.stray_calls) += 1;
  const int64_t start = minuteOf(at);
  auto [it, added] = numbers_.try_emplace({start, number});
  if (added) it->second = {pool_id_, fromMillis(start), number, 0, 0};
  (late ? it->second.late_calls : it->second.stray_calls) += 1;
  counted_ = true;
}

TelemetryBatch PoolTelemetry::take(WallTime now) {
  advance(now);
  TelemetryBatch out;
  const int64_t current = minuteOf(now);
  for (auto it = minutes_.begin(); it != minutes_.end();) {
    if (it->first < current || counted_) {
      out.minutes.push_back(it->second);
      it = minutes_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [key, n] : numbers_) out.numbers.push_back(std::move(n));
  numbers_.clear();
  counted_ = false;
  return out;
}

TelemetryBatch PoolTelemetry::peek(WallTime now) const {
  Minutes copy = minutes_;
  if (now > at_) spread(copy, at_, now);
  TelemetryBatch out;
  for (const auto& [start, m] : copy) out.minutes.push_back(m);
  for (const auto& [key, n] : numbers_) out.numbers.push_back(n);
  return out;
}

}  // namespace hk::tracking
