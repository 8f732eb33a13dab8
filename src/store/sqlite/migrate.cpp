#include "store/sqlite/migrate.hpp"

#include <fmt/format.h>

namespace hk::store::sqlite {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)";

Status checkEmbedded(std::span<const Migration> all) {
  int expect = 1;
  for (const auto& m : all) {
    if (m.version != expect) {
      return fail(Code::Internal, fmt::format("embedded migrations are not numbered 1, 2, ...: "
                                              "{} where {} was expected",
                                              m.name, expect));
    }
    ++expect;
  }
  return ok();
}

Status applyPending(Connection& c, std::span<const Migration> all, int from, const Clock& clock) {
  for (const auto& m : all) {
    if (m.version <= from) continue;
    if (auto st = c.exec(m.sql); !st) {
      Error e = st.error();
      e.message = fmt::format("migration {} failed: {}", m.name, e.message);
      return e;
    }
    auto ins =
        c.prepare("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)");
    if (!ins) return ins.error();
    if (auto st = ins->bind(m.version).bind(m.name).bind(clock.now()).run(); !st) return st;
  }
  return ok();
}

}  // namespace

Result<int> schemaVersionOf(Connection& c) {
  auto s = c.prepare("SELECT MAX(version) FROM schema_migrations");
  if (!s) return s.error();
  auto row = s->step();
  if (!row) return row.error();
  return *row ? static_cast<int>(s->i64(0)) : 0;
}

Result<int> migrate(Connection& c, std::span<const Migration> all, const Clock& clock) {
  if (auto st = checkEmbedded(all); !st) return st.error();
  const int latest = all.empty() ? 0 : all.back().version;
  if (auto st = c.exec("BEGIN IMMEDIATE"); !st) return st.error();
  auto body = [&]() -> Result<int> {
    if (auto st = c.exec(kCreateTable); !st) return st.error();
    auto current = schemaVersionOf(c);
    if (!current) return current.error();
    if (*current > latest) {
      return fail(Code::Invalid,
                  fmt::format("the database has schema version {}, newer than this binary "
                              "(which knows up to {}): run a newer hankyo on it",
                              *current, latest),
                  "schema_migrations");
    }
    if (auto st = applyPending(c, all, *current, clock); !st) return st.error();
    return latest;
  };
  auto version = body();
  if (!version) {
    (void)c.exec("ROLLBACK");
    return version.error();
  }
  if (auto st = c.exec("COMMIT"); !st) {
    (void)c.exec("ROLLBACK");
    return st.error();
  }
  return version;
}

}  // namespace hk::store::sqlite
