#pragma once
// The call-log writer's crash-safe journal: finished records the database could not take,
// as JSON lines (domain::toJson), appended with one write and one fsync per batch.
//
// Files: <path> receives appends. A replay first renames it to <path>.replaying (unless a
// replay that did not finish left one), so appends never wait for the database; the
// .replaying file is removed only after its records are committed. A crash at any point
// leaves the records in one of the two files, and both are read at start-up; a record
// replayed twice is harmless because CallLogRepo::finalize is idempotent by trn_id.
// Records the database refuses for good (not Unavailable) go to <path>.rejected, never lost.
#include <mutex>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/call_record.hpp"

namespace hk::calllog::detail {

class Journal {
 public:
  explicit Journal(std::string path);

  // Appends the records and fsyncs. Thread-safe.
  Status append(const std::vector<domain::CallRecord>& records);
  // A line to <path>.rejected with the reason (same JSON plus "rejected_reason").
  Status reject(const domain::CallRecord& record, const std::string& reason);
  // True when a replay has something to do.
  bool pending() const;

  struct Replay {
    std::vector<domain::CallRecord> records;  // oldest first
    std::vector<std::string> corrupt;         // unreadable lines (a torn last write)
  };
  // The records to replay: the .replaying file left by an earlier attempt, or else the
  // current journal moved aside. Follow with replayDone() once they are committed: it keeps
  // the unreadable lines in the .rejected file and removes the .replaying file.
  Result<Replay> takeForReplay();
  Status replayDone(const Replay& done);

  const std::string& path() const { return path_; }
  std::string replayingPath() const { return path_ + ".replaying"; }
  std::string rejectedPath() const { return path_ + ".rejected"; }

 private:
  Status appendLines(const std::string& file, const std::string& lines);

  std::string path_;
  mutable std::mutex mu_;
};

}  // namespace hk::calllog::detail
