// Which flow a number runs (number, then advertiser, then operator), absence switches, and
// flows that cannot run.
#include "engine/flow_directory.hpp"

#include <gtest/gtest.h>

namespace hk::engine {
namespace {

using nlohmann::json;

std::string doc(const std::string& name) {
  return json({{"name", name}, {"start", "a"}, {"steps", {{"a", {{"verb", "hangup"}}}}}}).dump();
}

domain::TrackingNumber number(domain::Id id, domain::Id op, domain::Id adv) {
  domain::TrackingNumber n;
  n.id = id;
  n.operator_id = op;
  n.advertiser_id = adv;
  return n;
}

FlowRows rows() {
  FlowRows r;
  r.flows = {{1, 1, 0, 4, doc("operator")},
             {2, 1, 20, 2, doc("advertiser")},
             {3, 1, 0, 1, doc("number")},
             {4, 1, 21, 1, doc("other advertiser")}};
  r.attachments = {{1, 0, 0, 1}, {1, 20, 0, 2}, {1, 0, 100, 3}, {1, 0, 101, 4}};
  return r;
}

TEST(FlowDirectory, TheMostSpecificAttachmentWins) {
  auto s = Snapshot::build(rows());
  ASSERT_EQ(s->flowCount(), 4u);
  EXPECT_EQ(s->flowFor(number(100, 1, 20))->id, 3);  // its own
  EXPECT_EQ(s->flowFor(number(102, 1, 20))->id, 2);  // its advertiser's
  const CompiledFlow* op = s->flowFor(number(103, 1, 22));
  ASSERT_TRUE(op);
  EXPECT_EQ(op->id, 1);  // its operator's
  EXPECT_EQ(op->version, 4);
  EXPECT_EQ(s->flowFor(number(104, 2, 30)), nullptr);  // another operator: none
}

TEST(FlowDirectory, AnAdvertisersFlowRunsOnlyOnItsNumbers) {
  auto s = Snapshot::build(rows());
  // Number 101 is attached to flow 4, which is advertiser 21's: the advertiser's own flow
  // applies instead.
  EXPECT_EQ(s->flowFor(number(101, 1, 20))->id, 2);
}

TEST(FlowDirectory, AbsenceOfTheNumberOrItsAdvertiser) {
  FlowRows r;
  r.absent_numbers = {100};
  r.absent_advertisers = {21};
  auto s = Snapshot::build(r);
  EXPECT_TRUE(s->absent(100, 20));
  EXPECT_TRUE(s->absent(101, 21));
  EXPECT_FALSE(s->absent(101, 20));
}

TEST(FlowDirectory, FlowsThatCannotRunAreLeftOutAndReported) {
  FlowRows r;
  r.flows = {
      {1, 1, 0, 1, "{not json"},
      {2, 1, 0, 1, json({{"name", "x"}, {"start", "nowhere"}, {"steps", json::object()}}).dump()},
      {3, 1, 0, 1, doc("fine")}};
  RunRegistry none;  // no executor at all
  std::vector<std::string> problems;
  auto s = Snapshot::build(r, none, &problems);
  EXPECT_EQ(s->flowCount(), 0u);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[2].find("no executor for hangup"), std::string::npos) << problems[2];
}

TEST(FlowDirectory, LoadsAtStartAndServesTheSnapshot) {
  EventLoop loop("test");
  WorkerPool pool("test", 1);
  int loads = 0;
  FlowDirectory dir(
      loop, pool,
      [&loads]() -> Result<FlowRows> {
        ++loads;
        return rows();
      },
      std::chrono::hours(1));
  EXPECT_EQ(dir.current()->flowCount(), 0u);
  ASSERT_TRUE(dir.start());
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(dir.current()->flowCount(), 4u);
  dir.stop();
  pool.stop();
}

}  // namespace
}  // namespace hk::engine
