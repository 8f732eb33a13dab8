#pragma once
// Test support for the writer and recovery tests: a real SQLite store on a temp file behind
// FaultyStore, a metrics registry, and helpers to make and read back call records.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/ids.hpp"
#include "base/metrics.hpp"
#include "calllog/writer.hpp"
#include "store/store.hpp"
#include "support/fake_clock.hpp"
#include "unit/calllog/faulty_store.hpp"
#include "unit/calllog/temp_dir.hpp"

namespace hk::calllog::test {

// Collects onFinalized calls; wait() blocks on a condition variable, never sleeps.
class Finalized {
 public:
  void operator()(const domain::CallRecord& r) {
    std::lock_guard lk(mu_);
    ++count_[r.trn_id];
    seqs_.push_back(r.seq_num);
    ++total_;
    cv_.notify_all();
  }
  bool waitFor(size_t n, std::chrono::seconds limit) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, limit, [&] { return total_ >= n; });
  }
  size_t total() {
    std::lock_guard lk(mu_);
    return total_;
  }
  int count(const std::string& trn) {
    std::lock_guard lk(mu_);
    return count_[trn];
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int> count_;
  std::vector<int64_t> seqs_;
  size_t total_ = 0;
};

class WriterFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    auto s = store::Store::open("sqlite:" + dir_.file("hankyo.db"), clock_);
    ASSERT_TRUE(s) << s.error().message;
    db_ = std::make_unique<FaultyStore>(std::move(*s));
  }

  std::string journalPath() const { return dir_.file("calllog.journal"); }

  WriterOptions options() const {
    WriterOptions o;
    o.journal_path = journalPath();
    o.retry_initial = std::chrono::milliseconds(60'000);  // retries come from flush()
    o.retry_max = std::chrono::milliseconds(60'000);
    return o;
  }

  std::unique_ptr<Writer> startWriter(const WriterOptions& o) {
    auto w = Writer::start(*db_, clock_, metrics_, o);
    EXPECT_TRUE(w) << w.error().message;
    if (!w) return nullptr;
    (*w)->onFinalized([this](const domain::CallRecord& r) { finalized_(r); });
    return std::move(*w);
  }

  domain::CallRecord call(int i) const {
    domain::CallRecord r;
    r.trn_id = newTrnId();
    r.din_id = "0120" + std::to_string(100000 + i);
    r.din_tms = clock_.now();
    r.last_activity = clock_.now();
    r.eoc_tms = clock_.now() + std::chrono::seconds(30);
    r.fwd_id = "0312345678";
    r.dial_stat = domain::DialStat::Answered;
    r.hup_usr = domain::HupUsr::Caller;
    r.conn_ms = 30'000;
    return r;
  }
  std::vector<domain::CallRecord> calls(int n) const {
    std::vector<domain::CallRecord> v;
    for (int i = 0; i < n; ++i) v.push_back(call(i));
    return v;
  }

  Result<domain::CallRecord> get(const std::string& trn) {
    auto tx = db_->inner().begin(false);
    if (!tx) return tx.error();
    return (*tx)->calls().getByTrnId(trn);
  }

  // Every record is stored finished, once, and their seq_nums are exactly 1..n.
  void expectAllFinishedGapFree(const std::vector<domain::CallRecord>& recs) {
    std::set<int64_t> seqs;
    for (const auto& r : recs) {
      auto got = get(r.trn_id);
      ASSERT_TRUE(got) << r.trn_id << ": " << got.error().message;
      EXPECT_EQ(got->state, domain::CallState::Finished) << r.trn_id;
      seqs.insert(got->seq_num);
    }
    ASSERT_EQ(seqs.size(), recs.size()) << "a seq_num was used twice";
    EXPECT_EQ(*seqs.begin(), 1);
    EXPECT_EQ(*seqs.rbegin(), static_cast<int64_t>(recs.size()));
  }

  uint64_t metric(const std::string& name) const {
    std::istringstream in(metrics_.render());
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(name + " ", 0) == 0) return std::stoull(line.substr(name.size() + 1));
    }
    return 0;
  }

  static std::vector<std::string> lines(const std::string& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) {
      if (!l.empty()) out.push_back(l);
    }
    return out;
  }

  TempDir dir_;
  hk::test::FakeClock clock_;
  metrics::Registry metrics_;
  std::unique_ptr<FaultyStore> db_;
  Finalized finalized_;
};

}  // namespace hk::calllog::test
