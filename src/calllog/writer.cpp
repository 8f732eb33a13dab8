#include "calllog/writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/log.hpp"
#include "calllog/detail/journal.hpp"
#include "calllog/detail/judge_tx.hpp"
#include "calllog/detail/writer_metrics.hpp"

namespace hk::calllog {
namespace {

using SteadyClock = std::chrono::steady_clock;
using domain::CallRecord;

struct Item {
  bool finished = false;
  CallRecord record;
  MonoTime submitted{};
  uint64_t ticket = 0;  // submission order
};

bool isDbFailure(const Error& e) {
  return e.code == Code::Unavailable || e.code == Code::Timeout || e.code == Code::Internal;
}

}  // namespace

struct Writer::Impl {
  Impl(store::Store& s, const Clock& c, metrics::Registry& m, WriterOptions o)
      : store(s), clock(c), opts(std::move(o)), journal(opts.journal_path), counters(m) {}

  void run();
  bool replayDue(SteadyClock::time_point now) const {
    return journal_pending && (!db_down || now >= next_retry);
  }
  bool barrierPassed() const { return queue.empty() || queue.front().ticket > barrier; }

  enum class TxResult { Ok, DbFailed, Refused };
  TxResult writeTx(std::vector<Item>& items, size_t from, size_t to, bool replay,
                   std::vector<CallRecord>& done, Error& err);
  bool writeAll(std::vector<Item>& items, bool replay, size_t& failed_from);
  void writeBatch(std::vector<Item>& batch);
  void tryReplay();
  void journalItems(std::vector<Item>& items, size_t from);
  void dbFailed(const Error& e);
  void dbOk();
  void notify(const std::vector<CallRecord>& done);
  void submit(Item item);

  store::Store& store;
  const Clock& clock;
  const WriterOptions opts;
  detail::Journal journal;
  detail::WriterMetrics counters;
  std::shared_ptr<spdlog::logger> log = log::get("calllog");

  // Shared, under mu.
  std::mutex mu;
  std::condition_variable wake;     // the writer thread waits on it
  std::condition_variable flushed;  // flush() waits on it
  std::deque<Item> queue;
  uint64_t next_ticket = 1;
  uint64_t barrier = 0;  // replay only after every queued item up to this ticket is written
  bool journal_pending = false;
  uint64_t flush_requested = 0;
  uint64_t flush_done = 0;
  bool stopping = false;
  bool closed = false;  // the thread took its last item: submits go to the journal
  std::function<void(const CallRecord&)> on_finalized;
  std::once_flag stop_once;
  std::thread thread;

  // Writer thread only (read under mu by that thread).
  bool db_down = false;
  std::chrono::milliseconds backoff{0};
  SteadyClock::time_point next_retry{};
  uint64_t forced_for = 0;  // the last flush whose immediate replay attempt was made
};

void Writer::Impl::run() {
  std::unique_lock lk(mu);
  for (;;) {
    auto ready = [&] {
      return stopping || !queue.empty() || flush_requested > flush_done ||
             replayDue(SteadyClock::now());
    };
    if (journal_pending && db_down) {
      wake.wait_until(lk, next_retry, ready);
    } else {
      wake.wait(lk, ready);
    }
    const uint64_t flush_target = flush_requested;
    const bool flushing = flush_target > flush_done;
    const bool force = flushing && forced_for < flush_target;
    if (journal_pending && (force || replayDue(SteadyClock::now())) && barrierPassed()) {
      if (force) forced_for = flush_target;
      lk.unlock();
      tryReplay();
      lk.lock();
    } else if (!journal_pending && db_down && SteadyClock::now() >= next_retry) {
      db_down = false;  // nothing to replay: the next batch probes the database
    }
    if (!queue.empty()) {
      if (!flushing && !stopping && queue.size() < opts.batch_max) {
        wake.wait_for(lk, opts.batch_wait, [&] {
          return queue.size() >= opts.batch_max || stopping || flush_requested > flush_done;
        });
      }
      std::vector<Item> batch;
      const size_t n = std::min(queue.size(), opts.batch_max);
      batch.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue.front()));
        queue.pop_front();
      }
      counters.queue_depth.set(static_cast<int64_t>(queue.size()));
      lk.unlock();
      writeBatch(batch);
      lk.lock();
      continue;
    }
    // A flush ends with the journal replayed, or after one failed attempt to replay it.
    if (flushing && (!journal_pending || (db_down && forced_for >= flush_target))) {
      flush_done = flush_target;
      flushed.notify_all();
    }
    if (stopping) {
      closed = true;
      break;
    }
  }
  flush_done = flush_requested;
  flushed.notify_all();
}

// One transaction over items[from, to). Started rows whose finished record is in the same
// range are skipped. On replay, records already finished are not finalised again (and get
// no callback).
Writer::Impl::TxResult Writer::Impl::writeTx(std::vector<Item>& items, size_t from, size_t to,
                                             bool replay, std::vector<CallRecord>& done,
                                             Error& err) {
  done.clear();
  auto tx = store.begin(true);
  if (!tx) {
    err = tx.error();
    return TxResult::DbFailed;
  }
  std::unordered_set<std::string> finishing;
  for (size_t i = from; i < to; ++i) {
    if (items[i].finished) finishing.insert(items[i].record.trn_id);
  }
  auto& calls = (*tx)->calls();
  for (size_t i = from; i < to; ++i) {
    const CallRecord& r = items[i].record;
    if (!items[i].finished) {
      if (finishing.count(r.trn_id)) continue;
      if (auto s = calls.upsertInProgress(r); !s) {
        err = s.error();
        return isDbFailure(err) ? TxResult::DbFailed : TxResult::Refused;
      }
      continue;
    }
    if (replay) {
      auto existing = calls.getByTrnId(r.trn_id);
      if (existing && existing->state == domain::CallState::Finished) continue;
      if (!existing && isDbFailure(existing.error())) {
        err = existing.error();
        return TxResult::DbFailed;
      }
    }
    if (opts.judge) {  // valid_res and valid_rule (calllog/judgement.hpp)
      if (auto j = detail::judgeInTx(**tx, items[i].record); !j) {
        err = j.error();
        return isDbFailure(err) ? TxResult::DbFailed : TxResult::Refused;
      }
    }
    auto f = calls.finalize(r);
    if (!f) {
      err = f.error();
      return isDbFailure(err) ? TxResult::DbFailed : TxResult::Refused;
    }
    done.push_back(std::move(*f));
  }
  if (auto c = (*tx)->commit(); !c) {
    err = c.error();
    return TxResult::DbFailed;
  }
  counters.transactions.inc();
  return TxResult::Ok;
}

// Writes every item, isolating any record the database refuses (one transaction each, then
// the refused one goes to the .rejected file). False when the database failed: items from
// failed_from on are not written.
bool Writer::Impl::writeAll(std::vector<Item>& items, bool replay, size_t& failed_from) {
  std::vector<CallRecord> done;
  Error err;
  auto account = [&](size_t from, size_t to) {
    const MonoTime now = clock.mono();
    for (size_t i = from; i < to; ++i) {
      if (replay || !items[i].finished) continue;
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - items[i].submitted);
      counters.latency_ms.inc(static_cast<uint64_t>(std::max<int64_t>(ms.count(), 0)));
    }
    (replay ? counters.replayed : counters.written).inc(done.size());
    dbOk();
    notify(done);
  };
  switch (writeTx(items, 0, items.size(), replay, done, err)) {
    case TxResult::Ok: account(0, items.size()); return true;
    case TxResult::DbFailed:
      dbFailed(err);
      failed_from = 0;
      return false;
    case TxResult::Refused: break;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    switch (writeTx(items, i, i + 1, replay, done, err)) {
      case TxResult::Ok: account(i, i + 1); break;
      case TxResult::DbFailed:
        dbFailed(err);
        failed_from = i;
        return false;
      case TxResult::Refused:
        HK_LOG_ERROR(log, "call log refused trn={}: {}", items[i].record.trn_id, err.message);
        if (items[i].finished) {
          counters.rejected.inc();
          if (auto s = journal.reject(items[i].record, err.message); !s) {
            HK_LOG_ERROR(log, "cannot keep refused trn={}: {}", items[i].record.trn_id,
                         s.error().message);
          }
        } else {
          counters.started_dropped.inc();
        }
        break;
    }
  }
  return true;
}

void Writer::Impl::writeBatch(std::vector<Item>& batch) {
  if (db_down) {  // still backing off: straight to the journal
    journalItems(batch, 0);
    return;
  }
  size_t failed_from = 0;
  if (!writeAll(batch, false, failed_from)) journalItems(batch, failed_from);
}

void Writer::Impl::tryReplay() {
  auto replay = journal.takeForReplay();
  if (!replay) {
    dbFailed(replay.error());
    return;
  }
  const size_t total = replay->records.size();
  for (size_t i = 0; i < total; i += opts.batch_max) {
    std::vector<Item> chunk;
    for (size_t k = i; k < std::min(total, i + opts.batch_max); ++k) {
      chunk.push_back(Item{true, replay->records[k], clock.mono(), 0});
    }
    size_t failed_from = 0;
    if (!writeAll(chunk, true, failed_from)) return;  // the .replaying file stays
  }
  if (auto s = journal.replayDone(*replay); !s) {
    dbFailed(s.error());
    return;
  }
  if (!replay->corrupt.empty()) {
    HK_LOG_ERROR(log, "call-log journal: {} unreadable lines kept in {}", replay->corrupt.size(),
                 journal.rejectedPath());
  }
  HK_LOG_INFO(log, "call-log journal replayed: {} records", total);
  dbOk();
  std::lock_guard lk(mu);  // appends set the flag after writing: no update is lost
  journal_pending = journal.pending();
}

void Writer::Impl::journalItems(std::vector<Item>& items, size_t from) {
  std::vector<CallRecord> finished;
  for (size_t i = from; i < items.size(); ++i) {
    if (items[i].finished) {
      finished.push_back(std::move(items[i].record));
    } else {
      counters.started_dropped.inc();
    }
  }
  if (finished.empty()) return;
  if (auto s = journal.append(finished); !s) {
    // Database and disk both failing: the log is the last place the record can go.
    for (const auto& r : finished) {
      HK_LOG_ERROR(log, "call record LOST trn={} ({})", r.trn_id, s.error().message);
    }
    counters.rejected.inc(finished.size());
    return;
  }
  counters.journalled.inc(finished.size());
  std::lock_guard lk(mu);
  journal_pending = true;
}

void Writer::Impl::dbFailed(const Error& e) {
  backoff = db_down ? std::min(backoff * 2, opts.retry_max) : opts.retry_initial;
  if (!db_down) HK_LOG_WARN(log, "call-log database unavailable, journalling: {}", e.message);
  db_down = true;
  next_retry = SteadyClock::now() + backoff;
}

void Writer::Impl::dbOk() {
  if (db_down) HK_LOG_INFO(log, "call-log database available again");
  db_down = false;
  backoff = std::chrono::milliseconds{0};
}

void Writer::Impl::notify(const std::vector<CallRecord>& done) {
  std::function<void(const CallRecord&)> cb;
  {
    std::lock_guard lk(mu);
    cb = on_finalized;
  }
  if (!cb) return;
  for (const auto& r : done) {
    try {
      cb(r);
    } catch (const std::exception& e) {
      HK_LOG_ERROR(log, "onFinalized threw for trn={}: {}", r.trn_id, e.what());
    }
  }
}

void Writer::Impl::submit(Item item) {
  std::unique_lock lk(mu);
  item.ticket = next_ticket++;
  if (!closed && queue.size() < opts.queue_capacity) {
    queue.push_back(std::move(item));
    counters.queue_depth.set(static_cast<int64_t>(queue.size()));
    lk.unlock();
    wake.notify_one();
    return;
  }
  if (!item.finished) {
    counters.started_dropped.inc();
    return;
  }
  barrier = std::max(barrier, item.ticket);
  lk.unlock();
  std::vector<Item> one;
  one.push_back(std::move(item));
  journalItems(one, 0);
  wake.notify_one();
}

Result<std::unique_ptr<Writer>> Writer::start(store::Store& store, const Clock& clock,
                                              metrics::Registry& metrics, WriterOptions opts) {
  if (opts.journal_path.empty()) {
    return fail(Code::Invalid, "call-log journal path is required", "journal_path");
  }
  if (opts.queue_capacity == 0 || opts.batch_max == 0) {
    return fail(Code::Invalid, "call-log queue capacity and batch size must be positive");
  }
  int fd = ::open(opts.journal_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(Code::Unavailable,
                "cannot open call-log journal " + opts.journal_path + ": " + std::strerror(errno),
                "journal_path");
  }
  ::close(fd);
  auto impl = std::make_unique<Impl>(store, clock, metrics, std::move(opts));
  impl->journal_pending = impl->journal.pending();  // left by a crash: replayed first
  Impl* p = impl.get();
  impl->thread = std::thread([p] { p->run(); });
  return std::unique_ptr<Writer>(new Writer(std::move(impl)));
}

Writer::Writer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Writer::~Writer() { stop(); }

void Writer::submitStarted(domain::CallRecord r) {
  impl_->submit(Item{false, std::move(r), impl_->clock.mono(), 0});
}

void Writer::submitFinished(domain::CallRecord r) {
  r.state = domain::CallState::Finished;
  impl_->submit(Item{true, std::move(r), impl_->clock.mono(), 0});
}

void Writer::onFinalized(std::function<void(const domain::CallRecord&)> cb) {
  std::lock_guard lk(impl_->mu);
  impl_->on_finalized = std::move(cb);
}

void Writer::flush() {
  std::unique_lock lk(impl_->mu);
  if (impl_->closed) return;
  const uint64_t mine = ++impl_->flush_requested;
  impl_->wake.notify_all();
  impl_->flushed.wait(lk, [&] { return impl_->flush_done >= mine; });
}

void Writer::stop() {
  std::call_once(impl_->stop_once, [this] {
    {
      std::lock_guard lk(impl_->mu);
      impl_->stopping = true;
    }
    impl_->wake.notify_all();
    if (impl_->thread.joinable()) impl_->thread.join();
  });
}

}  // namespace hk::calllog
