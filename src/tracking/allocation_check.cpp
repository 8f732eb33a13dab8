#include "tracking/allocation_check.hpp"

#include "tracking/lease_book.hpp"
#include "tracking/registry.hpp"

namespace hk::tracking {

namespace {
constexpr size_t kMaxOffending = 20;
}

AllocationCheck classify(const std::unordered_map<std::string, HoldCount>& counts) {
  AllocationCheck out;
  for (const auto& [number, c] : counts) {
    out.live_leases += c.leases;
    if (c.leases > 0) ++out.leased_numbers;
    bool bad = false;
    if (c.exclusive > 1) {
      ++out.double_allocations;
      bad = true;
    } else if (c.leases > 1) {
      ++out.shared_numbers;
    }
    if (c.slot_holders != c.leases) {
      ++out.inconsistent;
      bad = true;
    }
    if (bad && out.offending.size() < kMaxOffending) out.offending.push_back(number);
  }
  return out;
}

std::unordered_map<std::string, HoldCount> LeaseBook::holdCounts() const {
  std::unordered_map<std::string, HoldCount> out;
  for (const auto& [id, l] : live_) {
    HoldCount& c = out[l.number];
    ++c.leases;
    if (!l.shared) ++c.exclusive;
  }
  for (const auto& [number, slot] : slots_) {
    if (!slot.holders.empty()) out[number].slot_holders += slot.holders.size();
  }
  return out;
}

AllocationCheck Registry::checkAllocations() const {
  std::vector<std::shared_ptr<Entry>> all;
  {
    std::shared_lock lk(mu_);
    for (const auto& [id, e] : pools_) all.push_back(e);
  }
  // Merged over the pools: a number that moved between pools must not be live in both.
  std::unordered_map<std::string, HoldCount> counts;
  for (const auto& e : all) {
    std::lock_guard lk(e->mu);
    for (const auto& [number, c] : e->book.holdCounts()) {
      HoldCount& m = counts[number];
      m.leases += c.leases;
      m.exclusive += c.exclusive;
      m.slot_holders += c.slot_holders;
    }
  }
  AllocationCheck out = classify(counts);
  if (const Gauges* g = gauges_.load()) {
    g->live->set(static_cast<int64_t>(out.live_leases));
    g->doubled->set(static_cast<int64_t>(out.double_allocations));
    g->shared->set(static_cast<int64_t>(out.shared_numbers));
    g->inconsistent->set(static_cast<int64_t>(out.inconsistent));
  }
  return out;
}

void Registry::attachMetrics(metrics::Registry& m) {
  auto g = std::make_unique<Gauges>();
  g->live = &m.gauge("hankyo_dni_live_leases", "Live DNI leases over every pool");
  g->doubled = &m.gauge("hankyo_dni_double_allocations",
                        "Numbers held by two or more exclusive live leases (must be 0)");
  g->shared = &m.gauge("hankyo_dni_shared_numbers",
                       "Numbers shared on purpose by an exhausted share_lru pool");
  g->inconsistent = &m.gauge("hankyo_dni_inconsistent_numbers",
                             "Numbers whose slot and lease table disagree (must be 0)");
  gauges_owned_ = std::move(g);
  gauges_.store(gauges_owned_.get());
}

}  // namespace hk::tracking
