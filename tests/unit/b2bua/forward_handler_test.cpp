#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "b2bua/call_control.hpp"

namespace hk::b2bua {
namespace {

// Records what the handler asks of the call.
class FakeCall : public CallControl {
 public:
  explicit FakeCall(std::vector<std::string> dests, int ring = 20) {
    info_.number.destinations = std::move(dests);
    info_.number.ring_timeout_sec = ring;
  }
  const CallInfo& info() const override { return info_; }
  void forward(const std::string& d, std::chrono::seconds t) override {
    forwarded.push_back(d);
    timeouts.push_back(t);
  }
  void hangUp(int code) override { hangups.push_back(code); }

  CallInfo info_;
  std::vector<std::string> forwarded;
  std::vector<std::chrono::seconds> timeouts;
  std::vector<int> hangups;
};

AttemptResult result(AttemptResult::Kind k, int code) { return {k, code, ""}; }

TEST(ForwardHandler, TriesTheFirstDestinationWithTheNumbersRingTimeout) {
  FakeCall call({"0311110001", "0311110002"}, 15);
  auto h = makeForwardHandler(call.info());
  h->onStart(call);
  ASSERT_EQ(call.forwarded, std::vector<std::string>{"0311110001"});
  EXPECT_EQ(call.timeouts[0], std::chrono::seconds(15));
  EXPECT_TRUE(call.hangups.empty());
}

TEST(ForwardHandler, BusyNoAnswerAndFailureMoveToTheNextInOrder) {
  FakeCall call({"A", "B", "C", "D"});
  auto h = makeForwardHandler(call.info());
  h->onStart(call);
  h->onAttemptFailed(call, result(AttemptResult::Kind::Busy, 486));
  h->onAttemptFailed(call, result(AttemptResult::Kind::NoAnswer, 0));
  h->onAttemptFailed(call, result(AttemptResult::Kind::Failed, 503));
  EXPECT_EQ(call.forwarded, (std::vector<std::string>{"A", "B", "C", "D"}));
  EXPECT_TRUE(call.hangups.empty());
}

TEST(ForwardHandler, WhenAllFailTheCallerGetsTheLastFailure) {
  FakeCall busy({"A"});
  auto h1 = makeForwardHandler(busy.info());
  h1->onStart(busy);
  h1->onAttemptFailed(busy, result(AttemptResult::Kind::Busy, 600));
  EXPECT_EQ(busy.hangups, std::vector<int>{486});

  FakeCall timeout({"A", "B"});
  auto h2 = makeForwardHandler(timeout.info());
  h2->onStart(timeout);
  h2->onAttemptFailed(timeout, result(AttemptResult::Kind::Busy, 486));
  h2->onAttemptFailed(timeout, result(AttemptResult::Kind::NoAnswer, 0));
  EXPECT_EQ(timeout.hangups, std::vector<int>{480});

  FakeCall failed({"A"});
  auto h3 = makeForwardHandler(failed.info());
  h3->onStart(failed);
  h3->onAttemptFailed(failed, result(AttemptResult::Kind::Failed, 404));
  EXPECT_EQ(failed.hangups, std::vector<int>{404});
}

TEST(ForwardHandler, ARedirectIsAFailureAndNeverRelayed) {
  FakeCall call({"A"});
  auto h = makeForwardHandler(call.info());
  h->onStart(call);
  h->onAttemptFailed(call, result(AttemptResult::Kind::Failed, 302));
  EXPECT_EQ(call.forwarded, std::vector<std::string>{"A"});
  EXPECT_EQ(call.hangups, std::vector<int>{503});
}

TEST(ForwardHandler, AtMostFiveDestinations) {
  FakeCall call({"1", "2", "3", "4", "5", "6"});
  auto h = makeForwardHandler(call.info());
  h->onStart(call);
  for (int i = 0; i < 5; ++i) h->onAttemptFailed(call, result(AttemptResult::Kind::Busy, 486));
  EXPECT_EQ(call.forwarded.size(), 5u);
  EXPECT_EQ(call.hangups, std::vector<int>{486});
}

TEST(ForwardHandler, NoDestinationRejectsAtOnce) {
  FakeCall call({});
  auto h = makeForwardHandler(call.info());
  h->onStart(call);
  EXPECT_TRUE(call.forwarded.empty());
  EXPECT_EQ(call.hangups, std::vector<int>{480});
}

TEST(ForwardHandler, LinesFullIsBusyByDefault) {
  FakeCall call({"A"});
  auto h = makeForwardHandler(call.info());
  h->onLinesFull(call);
  EXPECT_TRUE(call.forwarded.empty());
  EXPECT_EQ(call.hangups, std::vector<int>{486});
}

}  // namespace
}  // namespace hk::b2bua
