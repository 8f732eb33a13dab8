#pragma once
// The Store suite runs over every backend URL in storeBackends(): a temporary SQLite file and
// SQLite in memory today; a PostgreSQL URL will join here. Tests that need a database file
// (re-open, WAL, concurrent readers) skip the others with GTEST_SKIP.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "domain/call_record.hpp"
#include "store/store.hpp"
#include "support/fake_clock.hpp"

namespace hk::test {

struct StoreBackend {
  std::string name;  // test-name suffix
  bool file = false;
  bool memory = false;
};

inline std::vector<StoreBackend> storeBackends() {
  return {{"SqliteFile", true, false}, {"SqliteMemory", false, true}};
}

inline void PrintTo(const StoreBackend& b, std::ostream* os) { *os << b.name; }

inline std::string backendName(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

class StoreTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "hk-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    url_ = GetParam().file ? "sqlite:" + dbPath() : "sqlite::memory:";
    reopen();
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  bool isFile() const { return GetParam().file; }
  std::string dbPath() const { return dir_ + "/hankyo.db"; }

  void reopen(const store::Options& opts = {}) {
    store_.reset();
    auto s = store::Store::open(url_, clock_, opts);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }

  std::unique_ptr<store::Tx> tx(bool write = true) {
    auto t = store_->begin(write);
    EXPECT_TRUE(t) << t.error().message;
    return t ? std::move(*t) : nullptr;
  }

  // Seeds in their own committed transaction.
  domain::Operator addOperator(const std::string& name);
  domain::Advertiser addAdvertiser(domain::Id op, const std::string& name);
  domain::TrackingNumber addNumber(domain::Id op, domain::Id adv, const std::string& number);

  FakeClock clock_;
  std::string dir_;
  std::string url_;
  std::unique_ptr<store::Store> store_;
};

// A call record with every field set to something other than its default.
domain::CallRecord fullRecord(const std::string& trn_id, WallTime din);
// EXPECTs every field of a equal to b (attempts included).
void expectSameRecord(const domain::CallRecord& a, const domain::CallRecord& b);

}  // namespace hk::test
