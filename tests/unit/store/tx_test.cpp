// Transactions: rollback, the connection pool under threads, readers beside the writer.
#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "store_fixture.hpp"

namespace hk::test {
namespace {

using domain::CallRecord;

using TxTest = StoreTest;

TEST_P(TxTest, DroppedTransactionRollsBack) {
  {
    auto t = tx();
    domain::Operator o;
    o.name = "temporary";
    ASSERT_TRUE(t->operators().insert(o));
  }
  auto t = tx(false);
  EXPECT_EQ(t->operators().findByName("temporary").error().code, Code::NotFound);
}

TEST_P(TxTest, CommitMakesChangesVisibleOnceOnly) {
  auto t = tx();
  domain::Operator o;
  o.name = "kept";
  ASSERT_TRUE(t->operators().insert(o));
  ASSERT_TRUE(t->commit());
  EXPECT_FALSE(t->commit());
  t.reset();
  t = tx(false);
  EXPECT_TRUE(t->operators().findByName("kept"));
}

TEST_P(TxTest, SeqNumIsGapFreeAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  std::vector<std::vector<int64_t>> got(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int th = 0; th < kThreads; ++th) {
    threads.emplace_back([&, th] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string trn = "T" + std::to_string(th) + "X" + std::to_string(1000 + i);
        trn.resize(24, '0');
        auto t = store_->begin(true);
        if (!t) {
          ++failures;
          continue;
        }
        auto r = (*t)->calls().finalize(fullRecord(trn, clock_.now()));
        if (!r || !(*t)->commit()) {
          ++failures;
          continue;
        }
        got[th].push_back(r->seq_num);
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  std::vector<int64_t> all;
  for (const auto& v : got) {
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end()) &&
                std::adjacent_find(v.begin(), v.end()) == v.end())
        << "each thread sees strictly increasing numbers";
    all.insert(all.end(), v.begin(), v.end());
  }
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), size_t{kThreads * kPerThread});
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], static_cast<int64_t>(i + 1));

  auto t = tx(false);
  store::CallQuery q;
  store::PageRequest p;
  p.per_page = 1;
  p.sort = "seq_num";
  p.desc = true;
  auto last = t->calls().list({}, q, p);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->total, kThreads * kPerThread);
  EXPECT_EQ(last->items.at(0).seq_num, kThreads * kPerThread);
}

TEST_P(TxTest, ReaderSeesCommittedDataWhileAWriterHoldsItsTransaction) {
  if (!isFile()) GTEST_SKIP() << "in memory, transactions take the one connection in turn";
  addOperator("committed");
  auto writer = tx(true);
  domain::Operator o;
  o.name = "uncommitted";
  ASSERT_TRUE(writer->operators().insert(o));

  auto reader = tx(false);  // does not wait for the writer
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(reader->operators().findByName("committed"));
  EXPECT_EQ(reader->operators().findByName("uncommitted").error().code, Code::NotFound);
  reader.reset();

  ASSERT_TRUE(writer->commit());
  writer.reset();
  reader = tx(false);
  EXPECT_TRUE(reader->operators().findByName("uncommitted"));
}

TEST_P(TxTest, SecondWriterWaitsThenGivesUpAsUnavailable) {
  store::Options opts;
  opts.busy_timeout_ms = 50;
  reopen(opts);
  auto first = tx(true);
  auto second = store_->begin(true);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, Code::Unavailable);
  first.reset();
  EXPECT_TRUE(store_->begin(true));
}

TEST_P(TxTest, ReadTransactionCannotWrite) {
  if (!isFile()) GTEST_SKIP() << "in memory, read transactions are not enforced";
  auto t = tx(false);
  domain::Operator o;
  o.name = "sneaky";
  auto r = t->operators().insert(o);
  ASSERT_FALSE(r);
  t.reset();
  t = tx(false);
  EXPECT_EQ(t->operators().findByName("sneaky").error().code, Code::NotFound);
}

TEST_P(TxTest, ManyThreadsReadAtOnce) {
  addOperator("shared");
  std::atomic<int> ok_reads{0};
  std::vector<std::thread> threads;
  for (int th = 0; th < 8; ++th) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto t = store_->begin(false);
        if (t && (*t)->operators().findByName("shared")) ++ok_reads;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok_reads.load(), 8 * 50);
}

INSTANTIATE_TEST_SUITE_P(Backends, TxTest, ::testing::ValuesIn(storeBackends()), backendName);

}  // namespace
}  // namespace hk::test
