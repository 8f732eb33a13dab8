#pragma once
// The "caller's earlier calls" step of attribution (SPEC §3), in memory: for each caller
// (keyed by the call log's blind index of the caller's number, never the number) the latest
// call that was attributed directly (active lease or match window). Bounded two ways: an
// entry older than `max_age` is never used and is dropped, and past `max_entries` callers the
// one whose attributed call is oldest goes first (least recently attributed). Filled as calls
// are attributed, warmed at start-up from the call log (warmCallerHistory, on a worker).
// Thread-safe: the SIP loop reads and records, a worker warms it.
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "tracking/attribution.hpp"

namespace hk::domain {
struct CallRecord;
}
namespace hk::store {
class Store;
}

namespace hk::tracking {

struct CallerHistoryOptions {
  std::chrono::hours max_age{24 * 30};  // 30 days
  size_t max_entries = 50'000;          // callers remembered
};

class CallerHistoryIndex final : public CallerHistory {
 public:
  explicit CallerHistoryIndex(CallerHistoryOptions opts = {});

  // The latest direct attribution of `caller_index` made before `before` and not older
  // than max_age at `before`.
  std::optional<Attribution> lastFor(const std::string& caller_index, WallTime before) override;
  // Remembers `a` as the caller's attribution at `at` unless an entry of the caller is newer
  // (order does not matter: the warm-up reads newest first while live calls record).
  // Ignored: an empty caller index, a reason other than ActiveLease / MatchWindow.
  void record(const std::string& caller_index, const Attribution& a, WallTime at);
  // Drops the entries older than max_age at `now`.
  void prune(WallTime now);
  size_t size() const;
  const CallerHistoryOptions& options() const { return opts_; }

 private:
  struct Entry {
    Attribution attribution;
    WallTime at{};
  };
  void evictLocked();

  const CallerHistoryOptions opts_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> by_caller_;
  std::set<std::pair<WallTime, std::string>> by_age_;  // oldest first
};

// A call-log record's attribution as the index keeps it (reason from the record's name).
std::optional<Attribution> attributionOf(const domain::CallRecord& r);
// Reason from its reasonName(); nullopt for an unknown name.
std::optional<Reason> reasonFromName(const std::string& name);

struct WarmStats {
  size_t scanned = 0;   // call-log rows read
  size_t recorded = 0;  // attributed calls handed to the index
};
// Reads the call log newest first back to max_age before `now` (at most `max_rows` rows),
// and records every directly attributed call. Blocking (database): run it on a worker.
Result<WarmStats> warmCallerHistory(CallerHistoryIndex& index, store::Store& store, WallTime now,
                                    size_t max_rows = 200'000);

}  // namespace hk::tracking
