#pragma once
// Persistence of the in-memory lease tables (tracking::Registry): at start the pools and
// their recent leases are read back (load); then a thread writes what changed every
// `interval` in one transaction, and once more at stop. A crash loses at most the last
// interval of lease changes, transitions and counts: the visitor's tag then asks again and
// may get another number, and a call to the old one still reaches the advertiser (SPEC §2),
// only without the visitor's parameters. Pools themselves are written at once by the API.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/store.hpp"
#include "tracking/registry.hpp"

namespace hk::tracking {

// Every pool of the store, with its live leases and those inside the match window.
Status load(Registry& reg, store::Store& store, const Clock& clock);

// Writes one drained batch; on failure the batch is kept for the next attempt.
Status persist(store::Store& store, const Drained& d);

class WriteBehind {
 public:
  WriteBehind(Registry& reg, store::Store& store, std::chrono::milliseconds interval);
  ~WriteBehind();  // stop()
  WriteBehind(const WriteBehind&) = delete;
  WriteBehind& operator=(const WriteBehind&) = delete;
  void start();
  void stop();  // idempotent; writes what is left
  // Drains and writes now (tests, shutdown).
  Status flush();

 private:
  void run();
  Registry& reg_;
  store::Store& store_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;  // guards pending_ and the flush itself
  Drained pending_;
  std::mutex stop_mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hk::tracking
