// Opening a store: migrations, URLs, pragmas.
#include <sqlite3.h>

#include <string>

#include "store/sqlite/migrations.hpp"
#include "store_fixture.hpp"

namespace hk::test {
namespace {

// The newest schema this binary knows: the last embedded migration.
int latest() { return store::sqlite::migrations().back().version; }

// A raw connection to the database file, to look at it from outside the store.
class RawDb {
 public:
  explicit RawDb(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~RawDb() { sqlite3_close(db_); }
  std::string text(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return "error";
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    return out;
  }
  bool exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }

 private:
  sqlite3* db_ = nullptr;
};

using MigrationTest = StoreTest;

TEST_P(MigrationTest, FreshStoreIsAtTheLatestSchema) {
  EXPECT_EQ(store_->backend(), "sqlite");
  EXPECT_EQ(store_->schemaVersion(), latest());
  EXPECT_GE(latest(), 2);
}

TEST_P(MigrationTest, ReopenAppliesNothingAndKeepsData) {
  if (!isFile()) GTEST_SKIP() << "needs a database file";
  addOperator("acme");
  reopen();
  reopen();
  EXPECT_EQ(store_->schemaVersion(), latest());
  RawDb raw(dbPath());
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM schema_migrations"), std::to_string(latest()));
  EXPECT_EQ(raw.text("SELECT name FROM schema_migrations WHERE version = 1"), "0001_init");
  EXPECT_EQ(raw.text("SELECT name FROM schema_migrations WHERE version = 2"), "0002_flows");
  auto t = tx(false);
  EXPECT_TRUE(t->operators().findByName("acme"));
}

TEST_P(MigrationTest, RefusesADatabaseNewerThanTheBinary) {
  if (!isFile()) GTEST_SKIP() << "needs a database file";
  store_.reset();
  {
    RawDb raw(dbPath());
    ASSERT_TRUE(raw.exec("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (" +
                         std::to_string(latest() + 1) + ", 'future', 0)"));
  }
  auto s = store::Store::open(url_, clock_);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::Invalid);
  EXPECT_NE(s.error().message.find("newer than this binary"), std::string::npos)
      << s.error().message;
}

TEST_P(MigrationTest, FileDatabaseRunsInWalModeWithForeignKeys) {
  if (!isFile()) GTEST_SKIP() << "needs a database file";
  RawDb raw(dbPath());
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  // Foreign keys are enforced by the store's connections: an advertiser needs its operator.
  auto t = tx();
  domain::Advertiser a;
  a.operator_id = 999;
  a.name = "orphan";
  auto r = t->advertisers().insert(a);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Invalid);
  EXPECT_EQ(r.error().field, "operator_id");
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest, ::testing::ValuesIn(storeBackends()),
                         backendName);

TEST(StoreOpen, RejectsUnknownUrls) {
  FakeClock clock;
  for (const char* url : {"mysql://x", "sqlite:", "", "postgres://localhost/hk"}) {
    auto s = store::Store::open(url, clock);
    ASSERT_FALSE(s) << url;
    EXPECT_EQ(s.error().code, Code::Invalid) << url;
    EXPECT_EQ(s.error().field, "url") << url;
  }
}

TEST(StoreOpen, UnopenableFileIsUnavailable) {
  FakeClock clock;
  auto s = store::Store::open("sqlite:/nonexistent-dir-hk/sub/hankyo.db", clock);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::Unavailable);
}

}  // namespace
}  // namespace hk::test
