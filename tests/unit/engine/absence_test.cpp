// The absence executor: the number's own switch or its advertiser's.
#include <gtest/gtest.h>

#include "verbs_fakes.hpp"

namespace hk::engine {
namespace {

using test::VerbHarness;

const Json kStep = {{"verb", "absence"}, {"absent", "away"}, {"present", "desk"}};
const std::vector<std::string> kTargets = {"away", "desk"};

TEST(AbsenceRun, PresentWhenNoSwitchIsOn) {
  VerbHarness h(kStep, kTargets);
  h.env.absent_numbers = {99};  // another number
  h.env.absent_advertisers = {98};
  h.start();
  EXPECT_EQ(h.ctx.outcome(), "present");
}

TEST(AbsenceRun, AbsentWhenTheNumbersSwitchIsOn) {
  VerbHarness h(kStep, kTargets);
  h.env.absent_numbers = {h.call.info().number.id};
  h.start();
  EXPECT_EQ(h.ctx.outcome(), "absent");
}

TEST(AbsenceRun, AbsentWhenTheAdvertisersSwitchIsOn) {
  VerbHarness h(kStep, kTargets);
  h.env.absent_advertisers = {h.call.info().number.advertiser_id};
  h.start();
  EXPECT_EQ(h.ctx.outcome(), "absent");
}

}  // namespace
}  // namespace hk::engine
