// recoverInProgress: calls left in_progress by a crash are closed, none lost.
#include "calllog/recovery.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "unit/calllog/writer_fixture.hpp"

namespace hk::calllog::test {
namespace {

using std::chrono::seconds;

class RecoveryTest : public WriterFixture {
 protected:
  void upsert(const domain::CallRecord& r) {
    auto tx = db_->inner().begin(true);
    ASSERT_TRUE(tx) << tx.error().message;
    auto s = (*tx)->calls().upsertInProgress(r);
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE((*tx)->commit());
  }
  domain::CallRecord orphan(int i) {
    auto r = call(i);
    r.state = domain::CallState::InProgress;
    r.eoc_tms.reset();
    r.dial_stat = domain::DialStat::None;
    r.hup_usr = domain::HupUsr::Caller;
    r.conn_ms = 0;
    r.fwd_id.clear();
    return r;
  }
};

TEST_F(RecoveryTest, ClosesEveryOrphanWithTheOutcomeRules) {
  const WallTime t0 = clock_.now();
  auto talking = orphan(1);  // answered, talking when Hankyo died
  talking.fwd_id = "0312345678";
  talking.tst_tms = t0 + seconds(10);
  talking.last_activity = t0 + seconds(70);
  auto guidance = orphan(2);  // still in the guidance
  guidance.last_activity = t0 + seconds(5);
  auto untouched = orphan(3);  // never touched: last_activity unset
  untouched.last_activity = WallTime{};
  for (const auto& r : {talking, guidance, untouched}) upsert(r);
  clock_.advance(seconds(600));  // restarted ten minutes later

  auto closed = recoverInProgress(*db_, clock_);
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(*closed, 3);
  expectAllFinishedGapFree({talking, guidance, untouched});

  auto a = get(talking.trn_id);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->dial_stat, domain::DialStat::Answered);
  EXPECT_EQ(a->hup_usr, domain::HupUsr::System);
  EXPECT_EQ(a->end_reason, "crash recovery");
  EXPECT_EQ(a->eoc_tms, talking.last_activity);
  EXPECT_EQ(a->talking_ms, 60'000);
  EXPECT_EQ(a->conn_ms, 70'000);
  EXPECT_EQ(a->fwd_id, "0312345678");

  auto g = get(guidance.trn_id);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->dial_stat, domain::DialStat::Incomplete);
  EXPECT_EQ(g->hup_usr, domain::HupUsr::System);
  EXPECT_EQ(g->eoc_tms, guidance.last_activity);
  EXPECT_EQ(g->conn_ms, 5'000);
  EXPECT_FALSE(g->tst_tms.has_value());

  auto u = get(untouched.trn_id);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->eoc_tms, untouched.din_tms);  // never before the call arrived
  EXPECT_EQ(u->conn_ms, 0);

  auto tx = db_->inner().begin(false);
  ASSERT_TRUE(tx);
  auto left = (*tx)->calls().inProgress();
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty());
}

TEST_F(RecoveryTest, KeepsTheAttemptsOutcome) {
  const WallTime t0 = clock_.now();
  auto busy = orphan(4);
  domain::CallAttempt at;
  at.index = 1;
  at.destination = "0312345678";
  at.sip_code = 486;
  at.started_at = t0 + seconds(2);
  at.ended_at = t0 + seconds(3);
  busy.attempts = {at};
  busy.last_activity = t0 + seconds(8);
  upsert(busy);
  clock_.advance(seconds(60));
  auto closed = recoverInProgress(*db_, clock_);
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(*closed, 1);
  auto b = get(busy.trn_id);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->dial_stat, domain::DialStat::Busy);  // the attempt's outcome, not incomplete
  EXPECT_EQ(b->fwd_id, "0312345678");
  EXPECT_EQ(b->calling_ms, 1'000);
  EXPECT_EQ(b->conn_ms, 8'000);
  ASSERT_EQ(b->attempts.size(), 1u);
  EXPECT_EQ(b->attempts[0].sip_code, 486);
  EXPECT_EQ(b->end_reason, "crash recovery");
}

TEST_F(RecoveryTest, NothingToDo) {
  auto closed = recoverInProgress(*db_, clock_);
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(*closed, 0);
}

TEST_F(RecoveryTest, DatabaseDownIsAnError) {
  db_->down = true;
  auto closed = recoverInProgress(*db_, clock_);
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code, Code::Unavailable);
}

}  // namespace
}  // namespace hk::calllog::test
