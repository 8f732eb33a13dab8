#pragma once
// One SQLite connection with its cache of prepared statements, and Stmt, the statement handle
// the repositories use. A Connection is used by one thread at a time (the pool in
// sqlite_store.cpp hands it out); nothing here is thread-safe on its own.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.hpp"
#include "base/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace hk::store::sqlite {

// Error::field of a foreign-key violation. Repositories replace the error with one that says
// what still uses the row (or which reference is missing).
inline constexpr std::string_view kForeignKeyField = "(foreign key)";
inline bool isForeignKeyError(const Error& e) {
  return e.code == Code::Conflict && e.field == kForeignKeyField;
}

class Connection;

// A prepared statement borrowed from a Connection: parameters are bound in order with bind(),
// rows read with step() and the typed column getters. Reset (and returned to the cache) when
// destroyed.
class Stmt {
 public:
  Stmt(Connection& c, sqlite3_stmt* s, bool* busy_flag);
  Stmt(Stmt&& o) noexcept;
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Binds the next parameter (1, 2, ...).
  Stmt& bind(int64_t v);
  Stmt& bind(int v) { return bind(int64_t{v}); }
  Stmt& bind(bool v) { return bind(int64_t{v ? 1 : 0}); }
  Stmt& bind(double v);
  Stmt& bind(std::string_view v);
  Stmt& bind(const std::string& v) { return bind(std::string_view(v)); }
  Stmt& bind(const char* v) { return bind(std::string_view(v)); }
  Stmt& bind(WallTime t) { return bind(toMillis(t)); }
  Stmt& bind(const std::optional<WallTime>& t);
  Stmt& bindNull();
  Stmt& bindIdOrNull(int64_t id);  // a foreign key: 0 is stored as NULL

  Result<bool> step();  // true: a row is ready; false: done
  Status run();         // for statements without rows

  int64_t i64(int col) const;  // NULL reads as 0
  bool flag(int col) const { return i64(col) != 0; }
  double f64(int col) const;  // NULL reads as 0
  std::string text(int col) const;
  bool isNull(int col) const;
  WallTime time(int col) const { return fromMillis(i64(col)); }
  std::optional<WallTime> optTime(int col) const;

 private:
  Connection* c_;
  sqlite3_stmt* s_;
  bool* busy_;  // the cache entry's flag; nullptr: not cached, finalised when done
  int next_ = 1;
};

struct ConnectionParams {
  int busy_timeout_ms = 5000;
  bool synchronous_full = false;
  bool wal = true;          // file databases: journal_mode=WAL (the writer sets it)
  bool query_only = false;  // reader connections: writes fail
};

class Connection {
 public:
  // path: a file name or ":memory:".
  static Result<std::unique_ptr<Connection>> open(const std::string& path,
                                                  const ConnectionParams& p);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement (compiled once per connection).
  Result<Stmt> prepare(std::string_view sql);
  // One or more statements, not cached (migrations, pragmas).
  Status exec(std::string_view sql);
  // Runs a single-value query (PRAGMA, COUNT).
  Result<std::string> queryText(std::string_view sql);

  int64_t changes() const;
  int64_t lastInsertId() const;
  bool inTransaction() const;
  // The Error for a failed call that returned rc; `what` says what was being done.
  Error error(int rc, std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  friend class Stmt;
  struct Entry {
    sqlite3_stmt* stmt = nullptr;
    bool busy = false;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr size_t kMaxCached = 256;  // beyond that, statements are not cached

  sqlite3* db_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> cache_;
};

}  // namespace hk::store::sqlite
