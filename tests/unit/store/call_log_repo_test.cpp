// The call log: in-progress rows, finalisation with gap-free seq_num, searches.
#include "store_fixture.hpp"

namespace hk::test {
namespace {

using namespace std::chrono_literals;
using domain::CallRecord;
using domain::CallState;
using domain::DialStat;

using CallLogRepoTest = StoreTest;

TEST_P(CallLogRepoTest, FinalizedRecordKeepsEveryField) {
  CallRecord r = fullRecord("TRN000000000000000000001", clock_.now());
  auto t = tx();
  ASSERT_TRUE(t->calls().upsertInProgress(r));
  auto fin = t->calls().finalize(r);
  ASSERT_TRUE(fin) << fin.error().message;
  EXPECT_EQ(fin->seq_num, 1);
  EXPECT_EQ(fin->state, CallState::Finished);
  ASSERT_TRUE(t->commit());
  t.reset();

  t = tx(false);
  auto got = t->calls().getByTrnId(r.trn_id);
  ASSERT_TRUE(got) << got.error().message;
  CallRecord expected = r;
  expected.seq_num = 1;
  expected.state = CallState::Finished;
  expectSameRecord(*got, expected);
}

TEST_P(CallLogRepoTest, InProgressRowsAreListedTouchedAndReplaced) {
  WallTime t0 = clock_.now();
  CallRecord r = fullRecord("TRN000000000000000000001", t0);
  r.attempts.resize(1);
  auto t = tx();
  ASSERT_TRUE(t->calls().upsertInProgress(r));
  r.attempts = fullRecord(r.trn_id, t0).attempts;  // a second attempt started
  r.fwd_id = "0399990000";
  ASSERT_TRUE(t->calls().upsertInProgress(r));
  ASSERT_TRUE(t->calls().touch(r.trn_id, t0 + 30s));
  EXPECT_EQ(t->calls().touch("NOPE", t0).error().code, Code::NotFound);

  auto open = t->calls().inProgress();
  ASSERT_TRUE(open) << open.error().message;
  ASSERT_EQ(open->size(), 1u);
  const CallRecord& got = (*open)[0];
  EXPECT_EQ(got.state, CallState::InProgress);
  EXPECT_EQ(got.seq_num, 0);
  EXPECT_EQ(got.fwd_id, "0399990000");
  EXPECT_EQ(got.attempts.size(), 2u);
  EXPECT_EQ(got.last_activity, t0 + 30s);

  ASSERT_TRUE(t->calls().finalize(r));
  auto after = t->calls().inProgress();
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
}

TEST_P(CallLogRepoTest, FinalizeIsIdempotentByTrnId) {
  CallRecord r = fullRecord("TRN000000000000000000001", clock_.now());
  auto t = tx();
  auto first = t->calls().finalize(r);
  ASSERT_TRUE(first);
  CallRecord replay = r;
  replay.dial_stat = DialStat::Busy;  // a replay with other content changes nothing
  replay.call_charge = 999;
  auto second = t->calls().finalize(replay);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->seq_num, first->seq_num);
  EXPECT_EQ(second->dial_stat, DialStat::Answered);
  EXPECT_EQ(second->call_charge, 42);
  // A late in-progress upsert does not reopen a finished call.
  ASSERT_TRUE(t->calls().upsertInProgress(replay));
  auto got = t->calls().getByTrnId(r.trn_id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->state, CallState::Finished);
  EXPECT_EQ(got->call_charge, 42);
  EXPECT_EQ(got->attempts.size(), 2u);
  // The next call gets the next number: the replay used none.
  auto next = t->calls().finalize(fullRecord("TRN000000000000000000002", clock_.now()));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->seq_num, first->seq_num + 1);
}

TEST_P(CallLogRepoTest, RolledBackFinalizeLeavesNoGap) {
  {
    auto t = tx();
    ASSERT_TRUE(t->calls().finalize(fullRecord("TRN000000000000000000001", clock_.now())));
    ASSERT_TRUE(t->commit());
  }
  {
    auto t = tx();
    auto lost = t->calls().finalize(fullRecord("TRN000000000000000000002", clock_.now()));
    ASSERT_TRUE(lost);
    EXPECT_EQ(lost->seq_num, 2);
    // dropped without commit
  }
  auto t = tx();
  EXPECT_EQ(t->calls().getByTrnId("TRN000000000000000000002").error().code, Code::NotFound);
  auto again = t->calls().finalize(fullRecord("TRN000000000000000000003", clock_.now()));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->seq_num, 2);
}

TEST_P(CallLogRepoTest, RecordWithoutTrnIdIsInvalid) {
  CallRecord r;
  auto t = tx();
  EXPECT_EQ(t->calls().upsertInProgress(r).error().field, "trn_id");
  EXPECT_EQ(t->calls().finalize(r).error().field, "trn_id");
}

class CallSearchTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    // Six calls, one minute apart, over two operators and three advertisers.
    auto t = tx();
    struct Row {
      domain::Id op, client, dialin;
      const char* din;
      const char* fwd;
      DialStat stat;
      domain::HupUsr hup;
      const char* clr_index;
    };
    const Row rows[] = {
        {1, 10, 100, "0120000001", "0311111111", DialStat::Answered, domain::HupUsr::Caller, "c1"},
        {1, 10, 100, "0120000001", "0322222222", DialStat::Busy, domain::HupUsr::System, "c2"},
        {1, 10, 101, "0120000002", "0311111111", DialStat::NoAnswer, domain::HupUsr::System, "c1"},
        {1, 11, 102, "05011112222", "0311111111", DialStat::Answered, domain::HupUsr::Callee, "c3"},
        {1, 11, 102, "05011112222", "0333333333", DialStat::Incomplete, domain::HupUsr::Caller,
         "c1"},
        {2, 20, 200, "0120999999", "0311111111", DialStat::Answered, domain::HupUsr::Caller, "c1"},
    };
    int i = 0;
    for (const auto& row : rows) {
      CallRecord r =
          fullRecord("TRN0000000000000000000" + std::to_string(10 + i), base_ + i * 1min);
      r.operator_id = row.op;
      r.client_id = row.client;
      r.dialin_id = row.dialin;
      r.din_id = row.din;
      r.fwd_id = row.fwd;
      r.dial_stat = row.stat;
      r.hup_usr = row.hup;
      r.clr_id_index = row.clr_index;
      r.call_charge = 100 - i;
      ASSERT_TRUE(t->calls().finalize(r));
      ++i;
    }
    ASSERT_TRUE(t->calls().upsertInProgress(fullRecord("TRN000000000000000000099", base_ + 1h)));
    ASSERT_TRUE(t->commit());
  }

  int64_t count(const store::CallQuery& q, const store::Scope& s = {}) {
    auto t = tx(false);
    auto page = t->calls().list(s, q, {});
    EXPECT_TRUE(page) << page.error().message;
    return page ? page->total : -1;
  }

  WallTime base_ = fromMillis(1'767'225'600'000);
};

TEST_P(CallSearchTest, FiltersCombine) {
  store::CallQuery q;
  EXPECT_EQ(count(q), 7);
  q.state = CallState::Finished;
  EXPECT_EQ(count(q), 6);
  q = {};
  q.from = base_ + 1min;
  q.to = base_ + 3min;  // [from, to)
  EXPECT_EQ(count(q), 2);
  q = {};
  q.client_id = 10;
  EXPECT_EQ(count(q), 3);
  q.dialin_id = 100;
  EXPECT_EQ(count(q), 2);
  q = {};
  q.din_id = "050";
  EXPECT_EQ(count(q), 2);
  q.din_id = "0120_";  // '_' is not a wildcard
  EXPECT_EQ(count(q), 0);
  q = {};
  q.fwd_id = "0311111111";
  EXPECT_EQ(count(q), 4);
  q.dial_stat = DialStat::Answered;
  EXPECT_EQ(count(q), 3);
  q.hup_usr = domain::HupUsr::Caller;
  EXPECT_EQ(count(q), 2);
  q = {};
  q.clr_id_index = "c1";
  EXPECT_EQ(count(q), 4);
}

TEST_P(CallSearchTest, ScopeKeepsAdvertisersApart) {
  store::CallQuery q;
  EXPECT_EQ(count(q, store::Scope{1, std::nullopt}), 5);
  EXPECT_EQ(count(q, store::Scope{2, std::nullopt}), 1);
  EXPECT_EQ(count(q, store::Scope{1, 11}), 2);
  q.client_id = 10;  // advertiser 11 asking for 10's calls gets nothing
  EXPECT_EQ(count(q, store::Scope{1, 11}), 0);
}

TEST_P(CallSearchTest, DefaultOrderIsNewestFirstAndSortIsAllowListed) {
  auto t = tx(false);
  store::CallQuery q;
  q.state = CallState::Finished;
  auto page = t->calls().list({}, q, {});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 6u);
  EXPECT_EQ(page->items.front().din_tms, base_ + 5min);
  EXPECT_EQ(page->items.back().din_tms, base_);
  EXPECT_EQ(page->items.front().attempts.size(), 2u);

  store::PageRequest p;
  p.sort = "call_charge";
  p.per_page = 2;
  p.page = 2;
  auto by_charge = t->calls().list({}, q, p);
  ASSERT_TRUE(by_charge) << by_charge.error().message;
  EXPECT_EQ(by_charge->total, 6);
  ASSERT_EQ(by_charge->items.size(), 2u);
  EXPECT_EQ(by_charge->items[0].call_charge, 97);
  EXPECT_EQ(by_charge->items[1].call_charge, 98);

  p.sort = "talking_sec";
  EXPECT_TRUE(t->calls().list({}, q, p));
  p.sort = "clr_id_cipher";  // not a sort key
  auto bad = t->calls().list({}, q, p);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::Invalid);
  EXPECT_EQ(bad.error().field, "sort");
}

INSTANTIATE_TEST_SUITE_P(Backends, CallLogRepoTest, ::testing::ValuesIn(storeBackends()),
                         backendName);
INSTANTIATE_TEST_SUITE_P(Backends, CallSearchTest, ::testing::ValuesIn(storeBackends()),
                         backendName);

}  // namespace
}  // namespace hk::test
