// Flows through the scoped services, on the real SQLite store in memory: versions,
// attachments and the flow a number runs, who may do what, apply and export.
#include "flow_fixture.hpp"

namespace hk::service::test {
namespace {

TEST_F(FlowServiceTest, EverySaveIsANewVersionAndAnUnchangedOneIsNot) {
  auto tx = begin();
  auto v1 = flows_.create(*tx, admin(), 0, advs_["A"], simpleFlow("Main"));
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_EQ(v1->flow.current_version, 1);
  EXPECT_EQ(v1->flow.name, "Main");
  EXPECT_EQ(v1->version.created_by, "user:1");
  auto v2 = flows_.save(*tx, admin(), v1->flow.id, simpleFlow("Main v2", "welcome"));
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(v2->flow.current_version, 2);
  EXPECT_EQ(v2->flow.name, "Main v2");
  auto same = flows_.save(*tx, advUser("A"), v1->flow.id, simpleFlow("Main v2", "welcome"));
  ASSERT_TRUE(same);
  EXPECT_EQ(same->flow.current_version, 2);
  auto old = flows_.version(*tx, admin(), v1->flow.id, 1);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->document, simpleFlow("Main"));
  EXPECT_EQ(old->flow.current_version, 2);
  auto list = flows_.versions(*tx, admin(), v1->flow.id, {1, 25, "", false});
  ASSERT_TRUE(list);
  EXPECT_EQ(list->total, 2);
  EXPECT_EQ(flows_.version(*tx, admin(), v1->flow.id, 3).error().code, Code::NotFound);
}

TEST_F(FlowServiceTest, AnInvalidDocumentNamesEveryProblemUnderDocument) {
  auto tx = begin();
  json doc = simpleFlow("Broken");
  doc["steps"]["hi"]["next"] = "nowhere";
  doc["steps"]["fwd"]["ring_timeout_sec"] = 0;
  auto r = flows_.create(*tx, admin(), 0, 0, doc);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Invalid);
  ASSERT_EQ(r.error().fields.size(), 2u);
  EXPECT_EQ(r.error().fields[0].field, "/document/steps/fwd/ring_timeout_sec");
  EXPECT_EQ(r.error().fields[1].field, "/document/steps/hi/next");
  EXPECT_EQ(tx->flows().list({}, {}, {})->total, 0);
  // Names are unique per owner, and the conflict names the document's field.
  ASSERT_TRUE(flows_.create(*tx, admin(), 0, 0, simpleFlow("Twice")));
  auto dup = flows_.create(*tx, admin(), 0, 0, simpleFlow("Twice"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Code::Conflict);
  EXPECT_EQ(dup.error().field, "/document/name");
}

TEST_F(FlowServiceTest, AdvertiserUsersKeepToTheirOwnAdvertiser) {
  auto tx = begin();
  auto ops = flows_.create(*tx, admin(), 0, 0, simpleFlow("Operator wide"));
  auto of_b = flows_.create(*tx, admin(), 0, advs_["B"], simpleFlow("B's"));
  ASSERT_TRUE(ops && of_b);
  auto a = advUser("A");
  auto mine = flows_.create(*tx, a, 0, 0, simpleFlow("A's own"));
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ(mine->flow.advertiser_id, advs_["A"]);
  EXPECT_EQ(flows_.create(*tx, a, 0, advs_["B"], simpleFlow("x")).error().field, "/advertiser_id");
  EXPECT_EQ(flows_.get(*tx, a, ops->flow.id).error().code, Code::NotFound);
  EXPECT_EQ(flows_.get(*tx, a, of_b->flow.id).error().code, Code::NotFound);
  EXPECT_EQ(flows_.list(*tx, a, {}, {1, 25, "", false})->total, 1);
  EXPECT_EQ(flows_.get(*tx, admin("Y"), mine->flow.id).error().code, Code::NotFound);
  // Attachments: its advertiser and its numbers, with its own flows only.
  EXPECT_TRUE(flows_.attach(*tx, a, target(mine->flow.id, 0, nums_["05011110002"])));
  EXPECT_TRUE(flows_.attach(*tx, a, target(mine->flow.id, advs_["A"], 0)));
  EXPECT_EQ(flows_.attach(*tx, a, target(mine->flow.id, 0, 0)).error().code, Code::Forbidden);
  EXPECT_EQ(flows_.attach(*tx, a, target(mine->flow.id, 0, nums_["05011110003"])).error().field,
            "/number_id");
  EXPECT_EQ(flows_.attach(*tx, a, target(ops->flow.id, 0, nums_["0120111001"])).error().field,
            "/flow_id");
  // An operator admin may not run B's flow on A's number either.
  EXPECT_EQ(
      flows_.attach(*tx, admin(), target(of_b->flow.id, 0, nums_["0120111001"])).error().field,
      "/flow_id");
  EXPECT_EQ(flows_.listAttachments(*tx, a, {}, {1, 25, "", false})->total, 2);
  // A flow in use is not deleted.
  EXPECT_EQ(flows_.remove(*tx, a, mine->flow.id).error().code, Code::Conflict);
}

TEST_F(FlowServiceTest, TheMostSpecificAttachmentWins) {
  auto tx = begin();
  auto a1 = nums_["0120111001"];
  EXPECT_EQ(flows_.resolve(*tx, a1).error().code, Code::NotFound);
  auto ops = flows_.create(*tx, admin(), 0, 0, simpleFlow("Operator"));
  auto adv = flows_.create(*tx, admin(), 0, advs_["A"], simpleFlow("Advertiser A"));
  auto num = flows_.create(*tx, admin(), 0, advs_["A"], simpleFlow("Number a1"));
  ASSERT_TRUE(ops && adv && num);
  ASSERT_TRUE(flows_.attach(*tx, admin(), target(ops->flow.id, 0, 0)));
  auto r = flows_.resolve(*tx, a1);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->flow.id, ops->flow.id);
  EXPECT_EQ(r->attachment.level(), store::AttachLevel::Operator);
  ASSERT_TRUE(flows_.attach(*tx, admin(), target(adv->flow.id, advs_["A"], 0)));
  EXPECT_EQ(flows_.resolve(*tx, a1)->flow.id, adv->flow.id);
  auto by_num = flows_.attach(*tx, admin(), target(num->flow.id, 0, a1));
  ASSERT_TRUE(by_num);
  r = flows_.resolve(*tx, a1);
  EXPECT_EQ(r->flow.id, num->flow.id);
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->model.start, "hi");
  EXPECT_EQ(r->document["name"], "Number a1");
  // A new version runs from the next call on.
  ASSERT_TRUE(flows_.save(*tx, admin(), num->flow.id, simpleFlow("Number a1", "v2")));
  EXPECT_EQ(flows_.resolve(*tx, a1)->version, 2);
  // Other numbers: B's falls back to the operator's flow.
  EXPECT_EQ(flows_.resolve(*tx, nums_["05011110003"])->flow.id, ops->flow.id);
  // The number moves to B: A's flows no longer apply to it.
  auto n = *tx->numbers().get(a1);
  n.advertiser_id = advs_["B"];
  ASSERT_TRUE(tx->numbers().update(n));
  EXPECT_EQ(flows_.resolve(*tx, a1)->flow.id, ops->flow.id);
  // The scoped form hides numbers outside the scope.
  EXPECT_EQ(flows_.resolveFor(*tx, advUser("A"), nums_["05011110003"]).error().code,
            Code::NotFound);
  EXPECT_TRUE(flows_.resolveFor(*tx, admin(), a1));
}

TEST_F(FlowServiceTest, AnAttachmentKeepsItsTarget) {
  auto tx = begin();
  auto f1 = flows_.create(*tx, admin(), 0, 0, simpleFlow("One"));
  auto f2 = flows_.create(*tx, admin(), 0, 0, simpleFlow("Two"));
  auto at = flows_.attach(*tx, admin(), target(f1->flow.id, advs_["A"], 0));
  ASSERT_TRUE(at);
  EXPECT_EQ(at->created_by, "user:1");
  auto twice = flows_.attach(*tx, admin(), target(f2->flow.id, advs_["A"], 0));
  EXPECT_EQ(twice.error().code, Code::Conflict);
  store::FlowAttachment change = *at;
  change.flow_id = f2->flow.id;
  auto moved = flows_.reattach(*tx, admin(), change);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->flow_id, f2->flow.id);
  change.advertiser_id = advs_["B"];
  EXPECT_EQ(flows_.reattach(*tx, admin(), change).error().code, Code::Invalid);
  EXPECT_EQ(flows_.getAttachment(*tx, advUser("B"), at->id).error().code, Code::NotFound);
  EXPECT_TRUE(flows_.getAttachment(*tx, advUser("A"), at->id));
  EXPECT_TRUE(flows_.detach(*tx, admin(), at->id));
  EXPECT_TRUE(flows_.remove(*tx, admin(), f2->flow.id));
}

TEST_F(FlowServiceTest, ApplyAndExportCarryFlowsAndWhereTheyRun) {
  Principal sys;
  sys.role = Role::SystemAdmin;
  sys.label = "user:0";
  json doc = {{"operators",
               {{{"name", "X"},
                 {"flows", {simpleFlow("Main")}},
                 {"flow", "Main"},
                 {"advertisers",
                  {{{"name", "A"},
                    {"flows", {simpleFlow("A special", "A!")}},
                    {"numbers", {{{"number", "050-1111-0002"}, {"flow", "A special"}}}}}}}}}}};
  auto tx = begin();
  auto rep = applyDocument(*tx, sys, clock_, doc);
  ASSERT_TRUE(rep);
  ASSERT_TRUE(rep->errors.empty()) << rep->errors[0].field << " " << rep->errors[0].reason;
  EXPECT_EQ(flows_.resolve(*tx, nums_["05011110002"])->flow.name, "A special");
  EXPECT_EQ(flows_.resolve(*tx, nums_["05011110003"])->flow.name, "Main");
  auto exported = exportDocument(*tx, sys, clock_);
  ASSERT_TRUE(exported);
  const json& x = (*exported)["operators"][0];
  EXPECT_EQ(x["flow"], "Main");
  EXPECT_EQ(x["flows"][0], simpleFlow("Main"));
  EXPECT_EQ(x["advertisers"][0]["flows"][0]["name"], "A special");
  EXPECT_EQ(x["advertisers"][0]["numbers"][1]["flow"], "A special");
  // Applying the export again changes nothing; a changed document is a new version.
  auto again = applyDocument(*tx, sys, clock_, *exported);
  ASSERT_TRUE(again && again->errors.empty());
  EXPECT_EQ(again->created + again->updated, 0);
  doc["operators"][0]["flows"][0] = simpleFlow("Main", "changed");
  doc["operators"][0]["advertisers"][0]["numbers"][0]["flow"] = "Main";
  again = applyDocument(*tx, sys, clock_, doc);
  ASSERT_TRUE(again && again->errors.empty());
  EXPECT_EQ(again->updated, 2);  // the flow's document and the number's attachment
  EXPECT_EQ(flows_.resolve(*tx, nums_["05011110002"])->version, 2);
  // Problems are named where they are in the set-up document.
  doc["operators"][0]["flows"][0]["steps"]["hi"]["next"] = "nowhere";
  doc["operators"][0]["advertisers"][0]["flow"] = "No such flow";
  auto bad = applyDocument(*tx, sys, clock_, doc);
  ASSERT_TRUE(bad);
  ASSERT_EQ(bad->errors.size(), 2u);
  EXPECT_EQ(bad->errors[0].field, "/operators/0/flows/0/steps/hi/next");
  EXPECT_EQ(bad->errors[1].field, "/operators/0/advertisers/0/flow");
  // An advertiser user's export holds its own flows only.
  auto mine = exportDocument(*tx, advUser("A"), clock_);
  ASSERT_TRUE(mine);
  EXPECT_FALSE((*mine)["operators"][0].contains("flows"));
  EXPECT_EQ((*mine)["operators"][0]["advertisers"][0]["flows"].size(), 1u);
}

}  // namespace
}  // namespace hk::service::test
