// Randomized: whatever visitors do (issue, renew, release, go idle) and however time passes,
// no number is ever held by two visitors at once (pools that do not share on exhaustion), and
// a number comes back only after its cooldown.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "support/fake_clock.hpp"
#include "tracking/lease_book.hpp"

namespace hk::tracking {
namespace {

using std::chrono::milliseconds;

void runRandom(store::PoolMode mode, store::PoolSelection sel, uint64_t seed) {
  test::FakeClock clock;
  store::TrackingPool p;
  p.id = 1;
  p.mode = mode;
  p.selection = sel;
  p.exhaustion = store::PoolExhaustion::DefaultNumber;
  p.default_number = "0300000000";
  p.base_number = "0078111";
  p.suffix_digits = 2;
  for (int i = 0; i < 8; ++i) p.numbers.push_back({i + 1, "050200000" + std::to_string(i)});
  p.idle_release_sec = 20;
  p.max_lease_sec = 90;
  p.cooldown_sec = 5;
  LeaseBook book(p, clock, seed);
  std::mt19937_64 rng(seed);
  std::map<std::string, std::string> lease_of;  // visitor -> lease id, as the tag keeps it
  std::map<std::string, WallTime> freed_at;     // number -> when its last holder left
  for (int step = 0; step < 4000; ++step) {
    const std::string visitor = "v" + std::to_string(rng() % 40);
    switch (rng() % 4) {
      case 0:
      case 1: {
        auto r = book.issue(visitor, {});
        if (r.lease) {
          lease_of[visitor] = r.lease->id;
          if (r.outcome == IssueOutcome::New && freed_at.contains(r.number)) {
            ASSERT_GE(clock.now() - freed_at[r.number], std::chrono::seconds(5))
                << "reused during cooldown: " << r.number;
          }
        }
        break;
      }
      case 2:
        if (lease_of.contains(visitor)) (void)book.renew(lease_of[visitor]);
        break;
      case 3:
        if (lease_of.contains(visitor) && rng() % 4 == 0) (void)book.release(lease_of[visitor]);
        break;
    }
    clock.advance(milliseconds(rng() % 3000));
    book.sweep();
    // The invariant, checked from the outside at every step.
    std::map<std::string, std::string> holder;
    for (int v = 0; v < 40; ++v) {
      const LeaseRow* l = book.leaseOfVisitor("v" + std::to_string(v));
      if (!l) continue;
      auto [it, fresh] = holder.emplace(l->number, l->visitor_id);
      ASSERT_TRUE(fresh) << l->number << " held by " << it->second << " and " << l->visitor_id
                         << " at step " << step;
    }
    for (const auto& t : book.takeJournal().transitions) {
      if (t.from_state == "leased" && t.to_state != "leased") freed_at[t.number] = t.at;
    }
  }
}

TEST(LeaseInvariant, PooledLru) {
  runRandom(store::PoolMode::Pooled, store::PoolSelection::Lru, 1);
}
TEST(LeaseInvariant, PooledRandom) {
  runRandom(store::PoolMode::Pooled, store::PoolSelection::Random, 2);
}
TEST(LeaseInvariant, PooledRoundRobin) {
  runRandom(store::PoolMode::Pooled, store::PoolSelection::RoundRobin, 3);
}
TEST(LeaseInvariant, OneTime) { runRandom(store::PoolMode::OneTime, store::PoolSelection::Lru, 4); }
TEST(LeaseInvariant, Dynamic) { runRandom(store::PoolMode::Dynamic, store::PoolSelection::Lru, 5); }

}  // namespace
}  // namespace hk::tracking
