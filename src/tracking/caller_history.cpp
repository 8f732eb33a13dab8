#include "tracking/caller_history.hpp"

#include "domain/call_record.hpp"
#include "store/store.hpp"

namespace hk::tracking {

CallerHistoryIndex::CallerHistoryIndex(CallerHistoryOptions opts) : opts_(opts) {}

std::optional<Attribution> CallerHistoryIndex::lastFor(const std::string& caller_index,
                                                       WallTime before) {
  std::lock_guard lk(mu_);
  auto it = by_caller_.find(caller_index);
  if (it == by_caller_.end()) return std::nullopt;
  const Entry& e = it->second;
  if (e.at >= before || e.at + opts_.max_age < before) return std::nullopt;
  return e.attribution;
}

void CallerHistoryIndex::record(const std::string& caller_index, const Attribution& a,
                                WallTime at) {
  if (caller_index.empty() || a.visitor_id.empty()) return;
  if (a.reason != Reason::ActiveLease && a.reason != Reason::MatchWindow) return;
  std::lock_guard lk(mu_);
  auto [it, added] = by_caller_.try_emplace(caller_index);
  if (!added) {
    if (it->second.at > at) return;  // a newer call of this caller is already there
    by_age_.erase({it->second.at, caller_index});
  }
  it->second.attribution = a;
  it->second.attribution.others.clear();
  it->second.at = at;
  by_age_.emplace(at, caller_index);
  evictLocked();
}

void CallerHistoryIndex::evictLocked() {
  while (by_caller_.size() > opts_.max_entries && !by_age_.empty()) {
    auto oldest = by_age_.begin();
    by_caller_.erase(oldest->second);
    by_age_.erase(oldest);
  }
}

void CallerHistoryIndex::prune(WallTime now) {
  std::lock_guard lk(mu_);
  while (!by_age_.empty() && by_age_.begin()->first + opts_.max_age < now) {
    by_caller_.erase(by_age_.begin()->second);
    by_age_.erase(by_age_.begin());
  }
}

size_t CallerHistoryIndex::size() const {
  std::lock_guard lk(mu_);
  return by_caller_.size();
}

std::optional<Reason> reasonFromName(const std::string& name) {
  for (Reason r : {Reason::ActiveLease, Reason::MatchWindow, Reason::CallerHistory, Reason::None}) {
    if (name == reasonName(r)) return r;
  }
  return std::nullopt;
}

std::optional<Attribution> attributionOf(const domain::CallRecord& r) {
  auto reason = reasonFromName(r.attribution);
  if (!reason || r.visitor_id.empty()) return std::nullopt;
  Attribution a;
  a.reason = *reason;
  a.pool_id = r.pool_id;
  a.visitor_id = r.visitor_id;
  a.lease_id = r.lease_id;
  a.confidence = r.attribution_confidence;
  a.params.assign(r.params.begin(), r.params.end());
  return a;
}

Result<WarmStats> warmCallerHistory(CallerHistoryIndex& index, store::Store& store, WallTime now,
                                    size_t max_rows) {
  WarmStats out;
  auto tx = store.begin(false);
  if (!tx) return tx.error();
  store::CallQuery q;
  q.from = now - index.options().max_age;
  store::PageRequest p;
  p.per_page = 500;
  p.sort = "din_tms";
  p.desc = true;
  while (out.scanned < max_rows) {
    auto page = (*tx)->calls().list(store::Scope{}, q, p);
    if (!page) return page.error();
    for (const auto& r : page->items) {
      ++out.scanned;
      if (r.clr_id_index.empty()) continue;
      auto a = attributionOf(r);
      if (!a || (a->reason != Reason::ActiveLease && a->reason != Reason::MatchWindow)) continue;
      index.record(r.clr_id_index, *a, r.din_tms);
      ++out.recorded;
    }
    if (page->items.size() < static_cast<size_t>(p.per_page)) break;
    ++p.page;
  }
  return out;
}

}  // namespace hk::tracking
