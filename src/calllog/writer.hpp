#pragma once
// calllog::Writer: the call-log write path. Calls never wait for the database: submits put
// the record on a bounded queue and return; one writer thread drains it in group commits
// (up to batch_max records, waiting up to batch_wait for more, in ONE transaction). Nothing
// is lost: when the database is unavailable (or the queue is full) finished records go to
// an fsynced journal of JSON lines, which the writer replays (with back-off) once the
// database answers again, and at start-up after a crash (detail/journal.hpp).
//
// In-progress rows (submitStarted) are a live view only: when the queue is full or the
// database is down they are dropped and counted (the finished record still arrives). A
// started record is never written after its call's finished record: a journal filled by
// a full queue is replayed only once everything queued before it has been written.
//
// Back-off waits use the real steady clock (a condition variable); the injected Clock
// gives the latency measured for the metrics. flush() also retries the database at once.
//
// Metrics: hankyo_call_log_queue_depth, hankyo_call_log_written_total,
// hankyo_call_log_transactions_total, hankyo_call_log_journalled_total,
// hankyo_call_log_replayed_total, hankyo_call_log_write_latency_milliseconds_total (submit to
// commit, summed over written records), hankyo_call_log_started_dropped_total,
// hankyo_call_log_rejected_total.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "base/clock.hpp"
#include "base/metrics.hpp"
#include "base/result.hpp"
#include "domain/call_record.hpp"
#include "store/store.hpp"

namespace hk::calllog {

struct WriterOptions {
  std::string journal_path;  // required, e.g. /var/lib/hankyo/calllog.journal
  size_t queue_capacity = 10'000;
  size_t batch_max = 200;                        // N records per transaction at most
  std::chrono::milliseconds batch_wait{5};       // M: wait this long for more records
  std::chrono::milliseconds retry_initial{200};  // back-off after the database fails...
  std::chrono::milliseconds retry_max{10'000};   // ...doubling up to this
  // Judge each finished record (valid_res, valid_rule: calllog/judgement.hpp) in the
  // transaction that finalises it, with the advertiser's settings and the earlier calls.
  bool judge = true;
};

class Writer {
 public:
  // Checks the options and that the journal can be written, starts the writer thread, and
  // replays any journal a crash left behind (flush() waits for that too).
  static Result<std::unique_ptr<Writer>> start(store::Store& store, const Clock& clock,
                                               metrics::Registry& metrics, WriterOptions opts);
  ~Writer();  // stop()
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Non-blocking (a full queue sends a finished record to the journal, with one fsync).
  void submitStarted(domain::CallRecord r);
  void submitFinished(domain::CallRecord r);

  // Runs on the writer thread, once per record, after its transaction committed (seq_num
  // set). Must not block for long and must not call flush() or stop().
  void onFinalized(std::function<void(const domain::CallRecord&)> cb);

  // Blocks until every record submitted before the call is committed or journalled, and a
  // pending journal is replayed (or one immediate attempt to replay it failed).
  void flush();
  // Writes or journals what is queued, then ends the thread. Later finished records go to
  // the journal directly. Idempotent.
  void stop();

  struct Impl;

 private:
  explicit Writer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hk::calllog
