// queue's retry_sec through the whole flow "forward --on_busy--> queue --next--> forward":
// a busy destination while our lines are free -> hold music, then the forward tries again
// after retry_sec; a call that waits because our lines are full keeps its place instead.
// LineCall models one number's lines the way the B2BUA core keeps them (line_queue.cpp):
// a waiting call gives its line back, a line freed goes to it, takeFreeLine() takes one only
// while one is free.
#include <gtest/gtest.h>

#include <map>

#include "engine/flow_handler.hpp"
#include "support/fake_clock.hpp"

namespace hk::engine {
namespace {

using namespace std::chrono_literals;
using b2bua::AttemptResult;
using nlohmann::json;
using Path = std::vector<std::string>;

class LineCall final : public b2bua::CallControl {
 public:
  LineCall(test::FakeClock& clock, int max_lines, int others)
      : clock_(clock), max_lines_(max_lines), others_(others) {
    info_.trn_id = "TESTTRN";
    info_.number.id = 7;
    info_.number.advertiser_id = 2;
    info_.number.number = "0312345678";
  }

  // The call arrives: with a line, or beyond the lines (onLinesFull).
  void arrive() {
    if (others_ >= max_lines_) return handler->onLinesFull(*this);
    holds_line_ = true;
    handler->onStart(*this);
  }
  // Another call on the number ends / starts.
  void otherEnds() {
    --others_;
    if (waiting_ && others_ < max_lines_) {
      waiting_ = false;
      holds_line_ = true;
      handler->onLineFree(*this);
    }
  }
  void otherStarts() { ++others_; }
  void busy() { handler->onAttemptFailed(*this, {AttemptResult::Kind::Busy, 486, "Busy Here"}); }
  void advance(std::chrono::milliseconds d) {
    MonoTime until = clock_.mono() + d;
    while (!timers_.empty()) {
      auto it = timers_.begin();
      for (auto j = timers_.begin(); j != timers_.end(); ++j) {
        if (j->second.first < it->second.first) it = j;
      }
      if (it->second.first > until) break;
      clock_.advance(
          std::chrono::duration_cast<std::chrono::milliseconds>(it->second.first - clock_.mono()));
      auto fn = std::move(it->second.second);
      timers_.erase(it);
      fn();
    }
    clock_.advance(std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_.mono()));
  }

  b2bua::CallHandler* handler = nullptr;
  domain::CallRecord record;
  std::vector<std::string> forwards;
  std::optional<int> hangup_code;
  bool holdsLine() const { return holds_line_; }
  bool waiting() const { return waiting_; }

  // ---- CallControl
  const b2bua::CallInfo& info() const override { return info_; }
  void forward(const std::string& destination, std::chrono::seconds) override {
    forwards.push_back(destination);
  }
  void hangUp(int sip_code) override { hangup_code = sip_code; }
  Status answer(b2bua::AnswerMode) override { return ok(); }
  b2bua::PlayId play(const b2bua::PlaySpec&) override { return ++next_play_; }
  domain::CallRecord* logRecord() override { return &record; }
  uint64_t startTimer(std::chrono::milliseconds after, std::function<void()> fn) override {
    timers_[++next_timer_] = {clock_.mono() + after, std::move(fn)};
    return next_timer_;
  }
  void cancelTimer(uint64_t id) override { timers_.erase(id); }
  bool linesFull() const override { return !holds_line_; }
  Status waitForLine(size_t) override {
    if (waiting_) return fail(Code::Conflict, "waiting");
    waiting_ = true;
    holds_line_ = false;  // its line goes to the calls waiting before it
    return ok();
  }
  void leaveLineQueue(bool) override { waiting_ = false; }
  size_t linePosition() const override { return waiting_ ? 1 : 0; }
  bool takeFreeLine() override {
    if (!waiting_ || others_ >= max_lines_) return false;
    waiting_ = false;
    holds_line_ = true;
    return true;
  }

 private:
  test::FakeClock& clock_;
  b2bua::CallInfo info_;
  int max_lines_;
  int others_;
  bool holds_line_ = false;
  bool waiting_ = false;
  b2bua::PlayId next_play_ = 0;
  uint64_t next_timer_ = 0;
  std::map<uint64_t, std::pair<MonoTime, std::function<void()>>> timers_;
};

json retryFlow(json queue_extra = json::object()) {
  json queue = {{"verb", "queue"}, {"next", "try"}, {"on_timeout", "sorry"}};
  for (auto& [k, v] : queue_extra.items()) queue[k] = v;
  return {{"name", "hold and retry"},
          {"start", "try"},
          {"steps",
           {{"try", {{"verb", "forward"}, {"targets", {"0311110001"}}, {"on_busy", "wait"}}},
            {"wait", queue},
            {"sorry", {{"verb", "hangup"}, {"reason", "busy"}}}}}};
}

struct Harness {
  Harness(const json& doc, int max_lines, int others) : call(clock, max_lines, others) {
    FlowRows rows;
    rows.flows.push_back({11, 1, 0, 3, doc.dump()});
    rows.attachments.push_back({1, 0, call.info().number.id, 11});
    std::vector<std::string> problems;
    snapshot = Snapshot::build(rows, runs, &problems);
    for (const auto& p : problems) ADD_FAILURE() << p;
    handler = makeFlowHandler(snapshot, call.info(), clock, runs);
    call.handler = handler.get();
  }
  const Path& path() const { return call.record.flow_path; }

  RunRegistry runs = RunRegistry::builtin();
  test::FakeClock clock;
  LineCall call;
  std::shared_ptr<const Snapshot> snapshot;
  std::unique_ptr<b2bua::CallHandler> handler;
};

TEST(QueueRetry, BusyDestinationWithFreeLinesIsTriedAgainAfterRetrySec) {
  Harness h(retryFlow({{"retry_sec", 20}}), 2, 0);
  h.call.arrive();
  ASSERT_EQ(h.call.forwards.size(), 1u);
  h.call.busy();
  EXPECT_EQ(h.path(), (Path{"try", "wait"}));
  EXPECT_TRUE(h.call.waiting());
  h.call.advance(19s);
  EXPECT_EQ(h.call.forwards.size(), 1u) << "hold music until retry_sec";
  h.call.advance(1s);
  EXPECT_EQ(h.path(), (Path{"try", "wait", "try"}));
  EXPECT_EQ(h.call.forwards.size(), 2u) << "the destination is tried again";
  EXPECT_EQ(h.call.record.vars["queue_result"], "retry");
  EXPECT_TRUE(h.call.holdsLine()) << "the retried forward counts on a line";
  EXPECT_FALSE(h.call.waiting());
}

TEST(QueueRetry, TheDefaultRetryIsThirtySecondsAndMaxVisitsEndsTheLoop) {
  Harness h(retryFlow(), 2, 0);  // max_visits: the default 3
  h.call.arrive();
  for (int i = 0; i < 3; ++i) {
    h.call.busy();
    h.call.advance(29s);
    EXPECT_EQ(h.call.forwards.size(), static_cast<size_t>(i + 1));
    h.call.advance(1s);
  }
  EXPECT_EQ(h.call.forwards.size(), 3u) << "the third retry would be the 4th visit of try";
  EXPECT_EQ(h.path(), (Path{"try", "wait", "try", "wait", "try", "wait"}));
  EXPECT_TRUE(h.call.hangup_code.has_value()) << "max_visits ends the flow";
}

TEST(QueueRetry, ACallWaitingBecauseTheLinesAreFullIsNotRetried) {
  Harness h(retryFlow({{"retry_sec", 5}}), 1, 1);
  h.call.arrive();  // beyond the lines: the forward goes on_busy without ringing
  EXPECT_TRUE(h.call.forwards.empty());
  EXPECT_EQ(h.path(), (Path{"try", "wait"}));
  h.call.advance(60s);
  EXPECT_EQ(h.path(), (Path{"try", "wait"})) << "keeps its place";
  EXPECT_TRUE(h.call.waiting());
  h.call.otherEnds();
  EXPECT_EQ(h.path(), (Path{"try", "wait", "try"}));
  EXPECT_EQ(h.call.forwards.size(), 1u);
  EXPECT_EQ(h.call.record.vars["queue_result"], "line_free");
}

TEST(QueueRetry, LinesFilledWhileHoldingMeanWaitingForALine) {
  Harness h(retryFlow({{"retry_sec", 10}}), 1, 0);
  h.call.arrive();
  h.call.busy();         // gives its line back to wait
  h.call.otherStarts();  // another call takes the only line
  h.call.advance(10s);
  EXPECT_EQ(h.path(), (Path{"try", "wait"})) << "no line to retry with";
  EXPECT_TRUE(h.call.waiting());
  h.call.otherEnds();
  EXPECT_EQ(h.path(), (Path{"try", "wait", "try"}));
  EXPECT_EQ(h.call.record.vars["queue_result"], "line_free");
  EXPECT_EQ(h.call.forwards.size(), 2u);
}

TEST(QueueRetry, MaxWaitBeforeTheRetryIsATimeout) {
  Harness h(retryFlow({{"retry_sec", 600}, {"max_wait_sec", 60}}), 2, 0);
  h.call.arrive();
  h.call.busy();
  h.call.advance(60s);
  EXPECT_EQ(h.path(), (Path{"try", "wait", "sorry"}));
  EXPECT_EQ(h.call.record.vars["queue_result"], "timeout");
  h.call.advance(600s);
  EXPECT_EQ(h.call.forwards.size(), 1u) << "the retry died with the visit";
}

}  // namespace
}  // namespace hk::engine
