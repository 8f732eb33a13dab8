// LeaseBook: lookups for the API and attribution, the restore after a restart, and the
// write-behind journal (the state machine itself is lease_book.cpp).
#include <algorithm>

#include "tracking/lease_book.hpp"

namespace hk::tracking {

using domain::NumberState;
using std::chrono::seconds;

const LeaseRow* LeaseBook::lease(const std::string& id) const {
  auto it = live_.find(id);
  return it == live_.end() ? nullptr : &it->second;
}

const LeaseRow* LeaseBook::leaseOfVisitor(const std::string& visitor) const {
  auto it = by_visitor_.find(visitor);
  return it == by_visitor_.end() ? nullptr : lease(it->second);
}

NumberState LeaseBook::stateOf(const std::string& number) const {
  auto it = slots_.find(number);
  if (it != slots_.end()) return it->second.state;
  if (pool_.mode == store::PoolMode::Dynamic && !pool_.base_number.empty() &&
      number.starts_with(pool_.base_number) &&
      number.size() == pool_.base_number.size() + static_cast<size_t>(pool_.suffix_digits)) {
    return NumberState::Pooled;
  }
  return NumberState::Available;
}

std::vector<HolderAt> LeaseBook::holdersAt(const std::string& number, WallTime t) const {
  std::vector<HolderAt> active, before;
  for (const auto& [id, l] : live_) {
    if (l.number == number && l.issued_at <= t) active.push_back({&l, true});
  }
  for (auto it = ended_.rbegin(); it != ended_.rend(); ++it) {
    if (it->number != number || it->issued_at > t) continue;
    if (*it->ended_at > t) {
      active.push_back({&*it, true});
    } else if (*it->ended_at + seconds(pool_.match_window_sec) >= t) {
      before.push_back({&*it, false});
    }
  }
  // Latest issue first among the active ones; `before` is already latest end first.
  std::sort(active.begin(), active.end(), [](const HolderAt& a, const HolderAt& b) {
    return a.lease->issued_at > b.lease->issued_at;
  });
  active.insert(active.end(), before.begin(), before.end());
  return active;
}

void LeaseBook::restore(const std::vector<LeaseRow>& rows) {
  const WallTime now = clock_.now();
  for (const auto& r : rows) {
    if (r.ended_at) {
      if (*r.ended_at + seconds(pool_.match_window_sec) >= now) ended_.push_back(r);
      continue;
    }
    if (live_.contains(r.id)) continue;
    auto s = slots_.find(r.number);
    if (s == slots_.end()) {
      if (pool_.mode != store::PoolMode::Dynamic || !r.number.starts_with(pool_.base_number)) {
        continue;
      }
      s = slots_.emplace(r.number, Slot{}).first;
      s->second.number = r.number;
      s->second.suffix = r.suffix;
    }
    Slot& slot = s->second;
    slot.holders.push_back(r.id);
    slot.state = NumberState::Leased;
    slot.last_used = std::max(slot.last_used, r.issued_at);
    slot.ever_used = true;
    by_visitor_[r.visitor_id] = r.id;
    live_[r.id] = r;
    noteDeadline(deadlineOf(r));
  }
  std::sort(ended_.begin(), ended_.end(),
            [](const LeaseRow& a, const LeaseRow& b) { return *a.ended_at < *b.ended_at; });
  next_deadline_ = WallTime::min();  // sweep at the next call
}

Journal LeaseBook::takeJournal() {
  Journal out = std::move(journal_);
  journal_ = Journal{};
  dirty_.clear();
  return out;
}

}  // namespace hk::tracking
