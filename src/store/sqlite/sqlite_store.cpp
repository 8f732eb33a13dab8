#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/sqlite/db.hpp"
#include "store/sqlite/judgement_repo.hpp"
#include "store/sqlite/migrate.hpp"
#include "store/sqlite/prompt_repo.hpp"
#include "store/sqlite/repos.hpp"
#include "store/sqlite/telemetry_repo.hpp"
#include "store/sqlite/tracking_repo.hpp"

namespace hk::store::sqlite {
namespace {

// A pooled connection and the repositories bound to it.
struct Pooled {
  Pooled(std::unique_ptr<Connection> c, const Clock& clock)
      : db(std::move(c)),
        repos(*db, clock),
        tracking(*db, clock),
        prompts(*db, clock),
        judgement(*db, clock),
        telemetry(*db) {}
  std::unique_ptr<Connection> db;
  Repos repos;
  SqlTrackingRepo tracking;
  SqlPromptRepo prompts;
  SqlJudgementRepo judgement;
  SqlTelemetryRepo telemetry;
};

Status runCached(Connection& c, std::string_view sql) {
  auto s = c.prepare(sql);
  if (!s) return s.error();
  return s->run();
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, const Clock& clock, const Options& opts)
      : path_(std::move(path)), memory_(path_ == ":memory:"), clock_(clock), opts_(opts) {}

  Status init() {
    auto c = Connection::open(path_, params(/*writer=*/true));
    if (!c) return c.error();
    if (auto v = migrate(**c, migrations(), clock_); !v) return v.error();
    writer_ = std::make_unique<Pooled>(std::move(*c), clock_);
    return ok();
  }

  Result<std::unique_ptr<Tx>> begin(bool write) override;
  std::string backend() const override { return "sqlite"; }
  int schemaVersion() override {
    auto p = acquire(false);
    if (!p) return -1;
    auto v = schemaVersionOf(*(*p)->db);
    release(*p);
    return v ? *v : -1;
  }

  void release(Pooled* p) {
    {
      std::lock_guard lk(mu_);
      if (p == writer_.get()) {
        writer_busy_ = false;
      } else {
        idle_readers_.push_back(p);
      }
    }
    cv_.notify_all();
  }

 private:
  ConnectionParams params(bool writer) const {
    ConnectionParams p;
    p.busy_timeout_ms = opts_.busy_timeout_ms;
    p.synchronous_full = opts_.synchronous_full;
    p.wal = writer && !memory_;
    p.query_only = !writer;
    return p;
  }

  Result<Pooled*> acquire(bool write);

  const std::string path_;
  const bool memory_;
  const Clock& clock_;
  const Options opts_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::unique_ptr<Pooled> writer_;
  bool writer_busy_ = false;
  std::vector<std::unique_ptr<Pooled>> readers_;  // every reader connection opened
  std::vector<Pooled*> idle_readers_;
  int opening_ = 0;  // reader connections being opened outside the lock
};

class SqliteTx final : public Tx {
 public:
  SqliteTx(SqliteStore& store, Pooled* p) : store_(store), p_(p) {}
  ~SqliteTx() override {
    if (!done_ || p_->db->inTransaction()) (void)runCached(*p_->db, "ROLLBACK");
    store_.release(p_);
  }
  SqliteTx(const SqliteTx&) = delete;
  SqliteTx& operator=(const SqliteTx&) = delete;

  OperatorRepo& operators() override { return p_->repos.operators; }
  AdvertiserRepo& advertisers() override { return p_->repos.advertisers; }
  NumberRepo& numbers() override { return p_->repos.numbers; }
  UserRepo& users() override { return p_->repos.users; }
  ApiKeyRepo& apiKeys() override { return p_->repos.api_keys; }
  SessionRepo& sessions() override { return p_->repos.sessions; }
  CallLogRepo& calls() override { return p_->repos.calls; }
  FlowRepo& flows() override { return p_->repos.flows; }
  BlockListRepo& blockList() override { return p_->repos.block_list; }
  AbsenceRepo& absence() override { return p_->repos.absence; }

  TrackingRepo& tracking() override { return p_->tracking; }
  PromptRepo& prompts() override { return p_->prompts; }
  JudgementRepo& judgement() override { return p_->judgement; }
  TelemetryRepo& telemetry() override { return p_->telemetry; }

  Status commit() override {
    if (done_) return fail(Code::Internal, "transaction already committed");
    if (!p_->db->inTransaction()) {  // a reader: nothing to commit
      done_ = true;
      return ok();
    }
    if (auto st = runCached(*p_->db, "COMMIT"); !st) return st;
    done_ = true;
    return ok();
  }

 private:
  SqliteStore& store_;
  Pooled* p_;
  bool done_ = false;
};

Result<Pooled*> SqliteStore::acquire(bool write) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(opts_.busy_timeout_ms);
  std::unique_lock lk(mu_);
  if (write || memory_) {
    if (!cv_.wait_until(lk, deadline, [&] { return !writer_busy_; })) {
      return Error::unavailable("database busy: timed out waiting for the writer connection");
    }
    writer_busy_ = true;
    return writer_.get();
  }
  const size_t max_readers = static_cast<size_t>(std::max(1, opts_.pool_size));
  auto can_open = [&] { return readers_.size() + static_cast<size_t>(opening_) < max_readers; };
  if (!cv_.wait_until(lk, deadline, [&] { return !idle_readers_.empty() || can_open(); })) {
    return Error::unavailable("database busy: timed out waiting for a reader connection");
  }
  if (!idle_readers_.empty()) {
    Pooled* p = idle_readers_.back();
    idle_readers_.pop_back();
    return p;
  }
  ++opening_;
  lk.unlock();
  auto c = Connection::open(path_, params(/*writer=*/false));
  lk.lock();
  --opening_;
  if (!c) {
    lk.unlock();
    cv_.notify_all();
    return c.error();
  }
  readers_.push_back(std::make_unique<Pooled>(std::move(*c), clock_));
  return readers_.back().get();
}

Result<std::unique_ptr<Tx>> SqliteStore::begin(bool write) {
  auto p = acquire(write);
  if (!p) return p.error();
  Connection& c = *(*p)->db;
  if (c.inTransaction()) (void)runCached(c, "ROLLBACK");  // left open by a failed rollback
  // Readers run their statements in autocommit mode: each sees the committed state when it
  // starts (WAL), and a GET by id costs one statement instead of three.
  if (write) {
    if (auto st = runCached(c, "BEGIN IMMEDIATE"); !st) {
      release(*p);
      return st.error();
    }
  }
  return std::unique_ptr<Tx>(new SqliteTx(*this, *p));
}

}  // namespace

Result<std::unique_ptr<Store>> openSqlite(const std::string& target, const Clock& clock,
                                          const Options& opts) {
  std::string path = target.starts_with("//") ? target.substr(2) : target;
  if (path.empty()) return fail(Code::Invalid, "sqlite: URL without a file name", "url");
  if (opts.busy_timeout_ms < 0) {
    return fail(Code::Invalid, "busy_timeout_ms must not be negative", "busy_timeout_ms");
  }
  auto s = std::make_unique<SqliteStore>(path, clock, opts);
  if (auto st = s->init(); !st) return st.error();
  return std::unique_ptr<Store>(std::move(s));
}

}  // namespace hk::store::sqlite
