// Direct checks of the attempt classes and of apply(); the table itself is golden-tested
// (outcome_golden_test.cpp).
#include "calllog/outcome.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "support/fake_clock.hpp"

namespace hk::calllog {
namespace {

using namespace std::chrono_literals;

AttemptFacts withCode(int code) {
  AttemptFacts a;
  a.sip_code = code;
  return a;
}

TEST(AttemptClass, FollowsTheSipCode) {
  struct Row {
    int code;
    AttemptClass want;
  };
  const Row rows[] = {
      {200, AttemptClass::Answered}, {486, AttemptClass::Busy},      {600, AttemptClass::Busy},
      {408, AttemptClass::NoAnswer}, {480, AttemptClass::NoAnswer},  {487, AttemptClass::Abandoned},
      {0, AttemptClass::Abandoned},  {183, AttemptClass::Abandoned}, {302, AttemptClass::Failed},
      {404, AttemptClass::Failed},   {410, AttemptClass::Failed},    {484, AttemptClass::Failed},
      {403, AttemptClass::Failed},   {500, AttemptClass::Failed},    {503, AttemptClass::Failed},
      {603, AttemptClass::Failed},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(classify(withCode(r.code)), r.want) << r.code;
  }
}

TEST(AttemptClass, FlagsOverrideTheCode) {
  auto timed_out = withCode(487);
  timed_out.timed_out = true;
  EXPECT_EQ(classify(timed_out), AttemptClass::NoAnswer);
  auto trunk = withCode(0);
  trunk.trunk_failed = true;
  EXPECT_EQ(classify(trunk), AttemptClass::Failed);
  auto crossed = withCode(487);  // CANCEL sent, but a 200 crossed it
  crossed.answered = Stamp{};
  EXPECT_EQ(classify(crossed), AttemptClass::Answered);
}

TEST(Outcome, ApplyFillsTheRecord) {
  test::FakeClock clock;
  CallFacts f;
  f.arrived = stampNow(clock);
  clock.advance(2s);
  AttemptFacts a;
  a.destination = "0312345678";
  a.started = stampNow(clock);
  clock.advance(4s);
  a.answered = stampNow(clock);
  a.sip_code = 200;
  f.connected = stampNow(clock);
  clock.advance(30s);
  a.ended = stampNow(clock);
  f.ended = stampNow(clock);
  f.hung_up_first = domain::HupUsr::Callee;
  f.attempts.push_back(a);

  domain::CallRecord r;
  r.trn_id = "keep";
  r.end_reason = "kept when the outcome has none";
  apply(decide(f), r);
  EXPECT_EQ(r.trn_id, "keep");
  EXPECT_EQ(r.dial_stat, domain::DialStat::Answered);
  EXPECT_EQ(r.hup_usr, domain::HupUsr::Callee);
  EXPECT_EQ(r.calling_ms, 4000);
  EXPECT_EQ(r.talking_ms, 30000);
  EXPECT_EQ(r.conn_ms, 36000);
  EXPECT_EQ(r.fwd_id, "0312345678");
  EXPECT_EQ(r.din_tms, fromMillis(1'767'225'600'000));
  ASSERT_TRUE(r.tst_tms.has_value());
  EXPECT_EQ(*r.tst_tms, fromMillis(1'767'225'606'000));
  ASSERT_TRUE(r.eoc_tms.has_value());
  EXPECT_EQ(*r.eoc_tms, fromMillis(1'767'225'636'000));
  EXPECT_EQ(r.end_reason, "kept when the outcome has none");
  ASSERT_EQ(r.attempts.size(), 1u);
  EXPECT_EQ(r.attempts[0].index, 1);
  EXPECT_EQ(r.attempts[0].ring_ms, 4000);
  EXPECT_EQ(r.attempts[0].answered_at, r.tst_tms);
}

TEST(Outcome, SystemReasonNamesRoundTrip) {
  for (auto s : {SystemReason::None, SystemReason::MaxLength, SystemReason::MediaTimeout,
                 SystemReason::Shutdown, SystemReason::FlowHangup}) {
    SystemReason back = SystemReason::None;
    ASSERT_TRUE(parse(name(s), back)) << name(s);
    EXPECT_EQ(back, s);
  }
  SystemReason out;
  EXPECT_FALSE(parse("reboot", out));
}

}  // namespace
}  // namespace hk::calllog
