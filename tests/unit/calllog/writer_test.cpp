// calllog::Writer against the real SQLite store (behind the FaultyStore decorator).
#include "calllog/writer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "domain/call_record_json.hpp"
#include "unit/calllog/writer_fixture.hpp"

namespace hk::calllog::test {
namespace {

using std::chrono::seconds;
namespace fs = std::filesystem;

class WriterTest : public WriterFixture {};

void writeJournal(const std::string& file, const std::vector<domain::CallRecord>& recs,
                  const std::string& tail = {}) {
  std::ofstream out(file, std::ios::app);
  for (const auto& r : recs) out << domain::toJson(r).dump() << "\n";
  out << tail;
}

TEST_F(WriterTest, RefusesBadOptions) {
  WriterOptions o;
  auto empty = Writer::start(*db_, clock_, metrics_, o);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "journal_path");
  o.journal_path = dir_.file("no/such/dir/calllog.journal");
  auto unwritable = Writer::start(*db_, clock_, metrics_, o);
  ASSERT_FALSE(unwritable);
  EXPECT_EQ(unwritable.error().code, Code::Unavailable);
}

TEST_F(WriterTest, RecordsAppearWithinFlush) {
  auto w = startWriter(options());
  ASSERT_TRUE(w);
  auto live = call(0);
  w->submitStarted(live);
  w->flush();
  auto row = get(live.trn_id);
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_EQ(row->state, domain::CallState::InProgress);

  auto recs = calls(3);
  recs[0].trn_id = live.trn_id;  // the live call ends
  for (const auto& r : recs) w->submitFinished(r);
  w->flush();
  expectAllFinishedGapFree(recs);
  auto first = get(live.trn_id);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->din_id, recs[0].din_id);
  EXPECT_EQ(first->dial_stat, domain::DialStat::Answered);
  EXPECT_EQ(finalized_.total(), 3u);
  EXPECT_EQ(metric("hankyo_call_log_written_total"), 3u);
  EXPECT_EQ(metric("hankyo_call_log_journalled_total"), 0u);
  EXPECT_EQ(metric("hankyo_call_log_queue_depth"), 0u);
}

TEST_F(WriterTest, GroupCommitsManySubmitsInFewTransactions) {
  auto o = options();
  o.batch_max = 100;
  o.batch_wait = std::chrono::milliseconds(60'000);  // only a full batch or flush() goes
  auto w = startWriter(o);
  ASSERT_TRUE(w);
  auto recs = calls(1000);
  for (const auto& r : recs) w->submitFinished(r);
  w->flush();
  EXPECT_EQ(db_->writeBegins(), 10);
  EXPECT_EQ(metric("hankyo_call_log_transactions_total"), 10u);
  expectAllFinishedGapFree(recs);
}

TEST_F(WriterTest, DatabaseDownJournalsThenReplaysEachRecordOnce) {
  auto w = startWriter(options());
  ASSERT_TRUE(w);
  db_->down = true;
  auto recs = calls(50);
  for (const auto& r : recs) w->submitFinished(r);
  w->flush();
  EXPECT_EQ(metric("hankyo_call_log_journalled_total"), 50u);
  // In the journal, or moved aside by the replay attempt flush() made.
  EXPECT_EQ(lines(journalPath()).size() + lines(journalPath() + ".replaying").size(), 50u);
  EXPECT_EQ(get(recs[0].trn_id).error().code, Code::NotFound);
  EXPECT_EQ(finalized_.total(), 0u);

  db_->down = false;
  w->flush();  // retries at once
  expectAllFinishedGapFree(recs);
  for (const auto& r : recs) EXPECT_EQ(finalized_.count(r.trn_id), 1) << r.trn_id;
  EXPECT_EQ(metric("hankyo_call_log_replayed_total"), 50u);
  EXPECT_TRUE(lines(journalPath()).empty());
  EXPECT_FALSE(fs::exists(journalPath() + ".replaying"));
}

TEST_F(WriterTest, FailedCommitRollsBackAndJournals) {
  auto w = startWriter(options());
  ASSERT_TRUE(w);
  db_->fail_commit = true;
  auto recs = calls(15);
  for (int i = 0; i < 10; ++i) w->submitFinished(recs[i]);
  w->flush();
  EXPECT_EQ(metric("hankyo_call_log_journalled_total"), 10u);
  EXPECT_EQ(get(recs[0].trn_id).error().code, Code::NotFound);  // rolled back

  db_->fail_commit = false;
  for (int i = 10; i < 15; ++i) w->submitFinished(recs[i]);
  w->flush();
  expectAllFinishedGapFree(recs);
  for (const auto& r : recs) EXPECT_EQ(finalized_.count(r.trn_id), 1) << r.trn_id;
}

TEST_F(WriterTest, RetriesTheDatabaseOnItsOwn) {
  auto o = options();
  o.retry_initial = std::chrono::milliseconds(5);
  o.retry_max = std::chrono::milliseconds(20);
  auto w = startWriter(o);
  ASSERT_TRUE(w);
  db_->down = true;
  auto recs = calls(20);
  for (const auto& r : recs) w->submitFinished(r);
  w->flush();
  ASSERT_EQ(finalized_.total(), 0u);
  db_->down = false;
  ASSERT_TRUE(finalized_.waitFor(20, seconds(60))) << "no retry after the database came back";
  expectAllFinishedGapFree(recs);
}

TEST_F(WriterTest, FullQueueNeverBlocksAndLosesNothing) {
  auto o = options();
  o.queue_capacity = 2;
  auto w = startWriter(o);
  ASSERT_TRUE(w);
  auto recs = calls(4);
  db_->closeGate();  // the database hangs
  w->submitFinished(recs[0]);
  db_->awaitWriterAtGate();
  w->submitStarted(recs[1]);
  w->submitStarted(recs[2]);   // the queue is full now
  w->submitStarted(recs[3]);   // dropped: a live view only
  w->submitFinished(recs[1]);  // straight to the journal, without waiting
  EXPECT_EQ(metric("hankyo_call_log_started_dropped_total"), 1u);
  EXPECT_EQ(metric("hankyo_call_log_journalled_total"), 1u);
  EXPECT_EQ(lines(journalPath()).size(), 1u);

  db_->openGate();
  w->flush();
  // recs[1]'s in-progress row was written before its journalled finished record.
  expectAllFinishedGapFree({recs[0], recs[1]});
  auto live = get(recs[2].trn_id);
  ASSERT_TRUE(live);
  EXPECT_EQ(live->state, domain::CallState::InProgress);
  EXPECT_EQ(get(recs[3].trn_id).error().code, Code::NotFound);
}

TEST_F(WriterTest, ReplaysTheJournalACrashLeft) {
  auto recs = calls(7);
  // A crash during a replay left .replaying (older) and new appends with a torn last line.
  writeJournal(journalPath() + ".replaying", {recs[0], recs[1]});
  writeJournal(journalPath(), {recs[2], recs[3], recs[4], recs[5], recs[6]},
               R"({"trn_id":"torn-by-the-cra)");
  auto w = startWriter(options());
  ASSERT_TRUE(w);
  w->flush();
  expectAllFinishedGapFree(recs);
  EXPECT_EQ(metric("hankyo_call_log_replayed_total"), 7u);
  for (size_t i = 1; i < recs.size(); ++i) {  // replayed in journal order
    EXPECT_LT(get(recs[i - 1].trn_id)->seq_num, get(recs[i].trn_id)->seq_num);
  }
  auto rejected = lines(journalPath() + ".rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_NE(rejected[0].find("torn-by-the-cra"), std::string::npos);
  EXPECT_FALSE(fs::exists(journalPath() + ".replaying"));
}

TEST_F(WriterTest, ARecordReplayedTwiceIsStillOneRow) {
  auto recs = calls(3);
  {
    auto w = startWriter(options());
    ASSERT_TRUE(w);
    for (const auto& r : recs) w->submitFinished(r);
    w->flush();
  }
  // Killed after the commit, before the journal was removed.
  writeJournal(journalPath() + ".replaying", recs);
  auto w = startWriter(options());
  ASSERT_TRUE(w);
  w->flush();
  expectAllFinishedGapFree(recs);
  EXPECT_EQ(finalized_.total(), 3u);  // no second notification for the same call
  auto next = call(9);
  w->submitFinished(next);
  w->flush();
  EXPECT_EQ(get(next.trn_id)->seq_num, 4);  // the duplicates used no seq_num
}

TEST_F(WriterTest, StopDrainsAndLaterRecordsGoToTheJournal) {
  auto recs = calls(6);
  {
    auto w = startWriter(options());
    ASSERT_TRUE(w);
    for (int i = 0; i < 5; ++i) w->submitFinished(recs[i]);
    w->stop();
    expectAllFinishedGapFree({recs.begin(), recs.begin() + 5});
    w->submitFinished(recs[5]);  // after stop: kept, not lost
    w->stop();
    w->flush();  // returns at once
    EXPECT_EQ(lines(journalPath()).size(), 1u);
  }
  auto w = startWriter(options());
  ASSERT_TRUE(w);
  w->flush();
  expectAllFinishedGapFree(recs);
}

}  // namespace
}  // namespace hk::calllog::test
