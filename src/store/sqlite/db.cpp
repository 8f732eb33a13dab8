#include "store/sqlite/db.hpp"

#include <sqlite3.h>

#include <utility>

namespace hk::store::sqlite {
namespace {

// "UNIQUE constraint failed: advertisers.operator_id, advertisers.name" -> "name".
std::string uniqueField(std::string_view msg) {
  auto dot = msg.rfind('.');
  if (dot == std::string_view::npos) return {};
  return std::string(msg.substr(dot + 1));
}

}  // namespace

// --- Stmt -------------------------------------------------------------------------------------

Stmt::Stmt(Connection& c, sqlite3_stmt* s, bool* busy_flag) : c_(&c), s_(s), busy_(busy_flag) {}

Stmt::Stmt(Stmt&& o) noexcept
    : c_(o.c_), s_(std::exchange(o.s_, nullptr)), busy_(o.busy_), next_(o.next_) {}

Stmt::~Stmt() {
  if (s_ == nullptr) return;
  if (busy_ == nullptr) {
    sqlite3_finalize(s_);
    return;
  }
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
  *busy_ = false;
}

Stmt& Stmt::bind(int64_t v) {
  sqlite3_bind_int64(s_, next_++, v);
  return *this;
}

Stmt& Stmt::bind(double v) {
  sqlite3_bind_double(s_, next_++, v);
  return *this;
}

Stmt& Stmt::bind(std::string_view v) {
  sqlite3_bind_text64(s_, next_++, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Stmt& Stmt::bind(const std::optional<WallTime>& t) { return t ? bind(toMillis(*t)) : bindNull(); }

Stmt& Stmt::bindNull() {
  sqlite3_bind_null(s_, next_++);
  return *this;
}

Stmt& Stmt::bindIdOrNull(int64_t id) { return id == 0 ? bindNull() : bind(id); }

Result<bool> Stmt::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return c_->error(rc, "query");
}

Status Stmt::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return ok();
  }
}

int64_t Stmt::i64(int col) const { return sqlite3_column_int64(s_, col); }
double Stmt::f64(int col) const { return sqlite3_column_double(s_, col); }

std::string Stmt::text(int col) const {
  const auto* p = sqlite3_column_text(s_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(s_, col)));
}

bool Stmt::isNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

std::optional<WallTime> Stmt::optTime(int col) const {
  if (isNull(col)) return std::nullopt;
  return time(col);
}

// --- Connection -------------------------------------------------------------------------------

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path,
                                                     const ConnectionParams& p) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return fail(Code::Unavailable, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<Connection> c(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, p.busy_timeout_ms);
  std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = ";
  pragmas += p.synchronous_full ? "FULL;" : "NORMAL;";
  if (auto st = c->exec(pragmas); !st) return st.error();
  if (p.wal) {
    auto mode = c->queryText("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    if (*mode != "wal") {
      return fail(Code::Unavailable,
                  "database " + path + " refuses WAL mode (journal_mode is " + *mode + ")");
    }
  }
  if (p.query_only) {
    if (auto st = c->exec("PRAGMA query_only = ON"); !st) return st.error();
  }
  return c;
}

Connection::~Connection() {
  for (auto& [sql, e] : cache_) sqlite3_finalize(e.stmt);
  sqlite3_close(db_);
}

Result<Stmt> Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.busy) {
    it->second.busy = true;
    return Stmt(*this, it->second.stmt, &it->second.busy);
  }
  // Cache it unless the same text is already in use (a nested query) or the cache is full.
  bool cache = it == cache_.end() && cache_.size() < kMaxCached;
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0, &s, nullptr);
  if (rc != SQLITE_OK) return error(rc, "prepare");
  if (!cache) return Stmt(*this, s, nullptr);
  auto [pos, inserted] = cache_.emplace(std::string(sql), Entry{s, true});
  return Stmt(*this, s, &pos->second.busy);
}

Status Connection::exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(rc, "exec");
  return ok();
}

Result<std::string> Connection::queryText(std::string_view sql) {
  auto s = prepare(sql);
  if (!s) return s.error();
  auto row = s->step();
  if (!row) return row.error();
  if (!*row) return std::string();
  return s->text(0);
}

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

int64_t Connection::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }

bool Connection::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Error Connection::error(int rc, std::string_view what) const {
  int ext = sqlite3_extended_errcode(db_);
  std::string msg = sqlite3_errmsg(db_);
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: {
      std::string field = uniqueField(msg);
      return Error{Code::Conflict, field + " is already taken", field};
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Error{Code::Conflict, "the row is still in use, or refers to a missing row",
                   std::string(kForeignKeyField)};
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK: return Error{Code::Invalid, msg, uniqueField(msg)};
    default: break;
  }
  std::string text = "database " + std::string(what) + " failed: " + msg;
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL: return Error{Code::Unavailable, std::move(text), {}};
    default: return Error{Code::Internal, std::move(text), {}};
  }
}

}  // namespace hk::store::sqlite
