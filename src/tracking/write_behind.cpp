#include "tracking/write_behind.hpp"

#include <cstddef>

#include "base/log.hpp"

namespace hk::tracking {

namespace {
// Drains kept while the store refuses them (one per pool and interval).
constexpr size_t kMaxPendingBatches = 100'000;
}  // namespace

Status load(Registry& reg, store::Store& store, const Clock& clock) {
  auto tx = store.begin(false);
  if (!tx) return tx.error();
  auto pools = (*tx)->tracking().allPools();
  if (!pools) return pools.error();
  for (const auto& p : *pools) {
    reg.setPool(p);
    auto leases = (*tx)->tracking().recentLeases(
        p.id, clock.now() - std::chrono::seconds(p.match_window_sec));
    if (!leases) return leases.error();
    reg.restoreLeases(p.id, *leases);
  }
  return ok();
}

Status persist(store::Store& store, const Drained& d) {
  if (d.empty()) return ok();
  auto tx = store.begin(true);
  if (!tx) return tx.error();
  auto& repo = (*tx)->tracking();
  for (const auto& j : d.journals) {
    for (const auto& l : j.leases) {
      if (auto st = repo.saveLease(l); !st) return st;
    }
    if (auto st = repo.addTransitions(j.transitions); !st) return st;
    for (const auto& m : j.monthly) {
      if (auto st = repo.addMonthly(m); !st) return st;
    }
  }
  for (const auto& v : d.visitors) {
    if (auto st = repo.saveVisitor(v); !st) return st;
  }
  auto& telemetry = (*tx)->telemetry();
  if (auto st = telemetry.addMinutes(d.minutes); !st) return st;
  if (auto st = telemetry.addNumberCalls(d.number_calls); !st) return st;
  if (d.prune_telemetry_before) {
    if (auto st = telemetry.prune(*d.prune_telemetry_before); !st) return st;
  }
  return (*tx)->commit();
}

WriteBehind::WriteBehind(Registry& reg, store::Store& store, std::chrono::milliseconds interval)
    : reg_(reg), store_(store), interval_(interval) {}

WriteBehind::~WriteBehind() { stop(); }

void WriteBehind::start() {
  thread_ = std::thread([this] { run(); });
}

Status WriteBehind::flush() {
  std::lock_guard lk(mu_);
  Drained fresh = reg_.drain();
  for (auto& j : fresh.journals) pending_.journals.push_back(std::move(j));
  for (auto& v : fresh.visitors) pending_.visitors.push_back(std::move(v));
  for (auto& m : fresh.minutes) pending_.minutes.push_back(m);
  for (auto& n : fresh.number_calls) pending_.number_calls.push_back(std::move(n));
  if (fresh.prune_telemetry_before) pending_.prune_telemetry_before = fresh.prune_telemetry_before;
  auto st = persist(store_, pending_);
  if (st) {
    pending_ = Drained{};
  } else if (pending_.journals.size() > kMaxPendingBatches) {
    // The store has been down for a long time: keep the newest half, so memory stays bounded.
    const auto half = static_cast<std::ptrdiff_t>(pending_.journals.size() / 2);
    pending_.journals.erase(pending_.journals.begin(), pending_.journals.begin() + half);
    const auto vhalf = static_cast<std::ptrdiff_t>(pending_.visitors.size() / 2);
    pending_.visitors.erase(pending_.visitors.begin(), pending_.visitors.begin() + vhalf);
    const auto mhalf = static_cast<std::ptrdiff_t>(pending_.minutes.size() / 2);
    pending_.minutes.erase(pending_.minutes.begin(), pending_.minutes.begin() + mhalf);
    const auto nhalf = static_cast<std::ptrdiff_t>(pending_.number_calls.size() / 2);
    pending_.number_calls.erase(pending_.number_calls.begin(),
                                pending_.number_calls.begin() + nhalf);
  }
  return st;
}

void WriteBehind::run() {
  auto lg = log::get("tracking");
  std::unique_lock lk(stop_mu_);
  while (!stopping_) {
    cv_.wait_for(lk, interval_, [this] { return stopping_; });
    lk.unlock();
    if (auto st = flush(); !st) {
      HK_LOG_WARN(lg, "writing leases behind failed (kept for the next try): {}",
                  st.error().message);
    }
    lk.lock();
  }
}

void WriteBehind::stop() {
  {
    std::lock_guard lk(stop_mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  (void)flush();
}

}  // namespace hk::tracking
