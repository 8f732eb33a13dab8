// Block lists and absence switches through the scoped services, on the real SQLite store in
// memory: how callers are matched, that their numbers are never stored in clear, who may do
// what.
#include "service/blocking.hpp"

#include "flow_fixture.hpp"
#include "service/absence.hpp"

namespace hk::service::test {
namespace {

TEST_F(FlowServiceTest, BlockedCallersAreMatchedWithoutStoringTheirNumbers) {
  Blocking blocking(*cipher_);
  auto tx = begin();
  auto a1 = *tx->numbers().get(nums_["0120111001"]);
  auto a2 = *tx->numbers().get(nums_["05011110002"]);
  BlockRequest exact;
  exact.number = "090-1234-5678";
  auto e = blocking.add(*tx, admin(), exact);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, store::BlockKind::Exact);
  EXPECT_EQ(e->number_id, 0);
  EXPECT_EQ(e->number_masked, "090****5678");
  EXPECT_EQ(e->number_index.find("09012345678"), std::string::npos);
  EXPECT_EQ(e->number_cipher.find("09012345678"), std::string::npos);
  EXPECT_EQ(*cipher_->decrypt(e->number_cipher), "09012345678");
  // The carrier's form of the same number matches; another does not.
  auto hit = blocking.check(*tx, a1, "+819012345678", false);
  ASSERT_TRUE(hit && *hit);
  EXPECT_EQ((*hit)->id, e->id);
  EXPECT_FALSE(*blocking.check(*tx, a1, "09012345679", false));
  // A prefix on one number only.
  BlockRequest prefix;
  prefix.number_id = a2.id;
  prefix.prefix = "+81 3-1234";
  auto p = blocking.add(*tx, advUser("A"), prefix);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->prefix, "031234");
  EXPECT_TRUE(*blocking.check(*tx, a2, "0312345678", false));
  EXPECT_FALSE(*blocking.check(*tx, a1, "0312345678", false));
  // Withheld callers.
  EXPECT_FALSE(*blocking.check(*tx, a1, "", true));
  BlockRequest withheld;
  withheld.withheld = true;
  ASSERT_TRUE(blocking.add(*tx, admin(), withheld));
  EXPECT_TRUE(*blocking.check(*tx, a1, "", true));
  EXPECT_FALSE(*blocking.check(*tx, a1, "", false));  // unavailable is not withheld
  // Bad input names its field.
  BlockRequest bad;
  bad.prefix = "03-1234-5678";  // a whole number is not a prefix
  EXPECT_EQ(blocking.add(*tx, admin(), bad).error().fields.at(0).field, "/prefix");
  BlockRequest two;
  two.number = "0312345678";
  two.withheld = true;
  EXPECT_EQ(blocking.add(*tx, admin(), two).error().code, Code::Invalid);
}

TEST_F(FlowServiceTest, BlockListsFollowTheScope) {
  Blocking blocking(*cipher_);
  auto tx = begin();
  auto a = advUser("A");
  EXPECT_EQ(blocking.list(*tx, a, 0, 0, {1, 25, "", false}).error().code, Code::Forbidden);
  EXPECT_EQ(blocking.list(*tx, a, 0, nums_["05011110003"], {1, 25, "", false}).error().code,
            Code::NotFound);
  BlockRequest r;
  r.number = "0311112222";
  r.number_id = nums_["0120111001"];
  auto e = blocking.add(*tx, a, r);
  ASSERT_TRUE(e) << e.error().message;
  // On a free-call number the advertiser does not see callers' numbers: masked only.
  json as_a = blocking.toJson(*tx, *e, a);
  EXPECT_TRUE(as_a["number"].is_null());
  EXPECT_EQ(as_a["number_masked"], "031***2222");
  EXPECT_EQ(blocking.toJson(*tx, *e, admin())["number"], "0311112222");
  // Listed on its number, not on the operator's list; not visible to B or to Y.
  EXPECT_EQ(blocking.get(*tx, a, e->id, r.number_id)->id, e->id);
  EXPECT_EQ(blocking.get(*tx, admin(), e->id, 0).error().code, Code::NotFound);
  EXPECT_EQ(blocking.get(*tx, advUser("B"), e->id, r.number_id).error().code, Code::NotFound);
  EXPECT_EQ(blocking.remove(*tx, admin("Y"), e->id, r.number_id).error().code, Code::NotFound);
  EXPECT_TRUE(blocking.remove(*tx, a, e->id, r.number_id));
  // "Block this caller" from a call of the log: the caller's number is never needed.
  domain::CallRecord call;
  call.trn_id = "TRN000000000000000000001";
  call.operator_id = ops_["X"];
  call.client_id = advs_["A"];
  call.dialin_id = r.number_id;
  call.din_id = "0120111001";
  call.clr_id_cipher = cipher_->encrypt("08011112222");
  call.clr_id_index = cipher_->blindIndex("08011112222");
  call.clr_id_masked = "080****2222";
  ASSERT_TRUE(tx->calls().upsertInProgress(call));
  BlockRequest from_call;
  from_call.number_id = r.number_id;
  from_call.trn_id = call.trn_id;
  auto c = blocking.add(*tx, a, from_call);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->number_masked, "080****2222");
  auto a1 = *tx->numbers().get(r.number_id);
  EXPECT_TRUE(*blocking.check(*tx, a1, "080-1111-2222", false));
  // ... only for a call B can see, on the list's number.
  from_call.number_id = nums_["05011110003"];
  EXPECT_EQ(blocking.add(*tx, advUser("B"), from_call).error().fields.at(0).field, "/trn_id");
  call.trn_id = "TRN000000000000000000002";
  call.clr_id_cipher = call.clr_id_index = call.clr_id_masked = "";
  ASSERT_TRUE(tx->calls().upsertInProgress(call));
  from_call.number_id = r.number_id;
  from_call.trn_id = call.trn_id;
  EXPECT_EQ(blocking.add(*tx, a, from_call).error().fields.at(0).reason,
            "the caller was withheld: block withheld callers instead");
}

TEST_F(FlowServiceTest, AbsenceIsTheNumbersOrItsAdvertisers) {
  Absence absence;
  auto tx = begin();
  auto a2 = *tx->numbers().get(nums_["05011110002"]);
  EXPECT_FALSE(*absence.isAbsent(*tx, a2));
  auto n = absence.setNumber(*tx, advUser("A"), a2.id, true);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_TRUE(n->absent());
  EXPECT_EQ(n->own->changed_by, "user:2");
  EXPECT_TRUE(*absence.isAbsent(*tx, a2));
  ASSERT_TRUE(absence.setNumber(*tx, admin(), a2.id, false));
  EXPECT_FALSE(*absence.isAbsent(*tx, a2));
  ASSERT_TRUE(absence.setAdvertiser(*tx, admin(), advs_["A"], true));
  EXPECT_TRUE(*absence.isAbsent(*tx, a2));
  auto view = absence.getNumber(*tx, advUser("A"), a2.id);
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->own->absent);
  EXPECT_TRUE(view->advertiser->absent);
  EXPECT_EQ(toJson(*view)["effective"], true);
  EXPECT_FALSE(*absence.isAbsent(*tx, *tx->numbers().get(nums_["05011110003"])));
  EXPECT_EQ(absence.setAdvertiser(*tx, advUser("B"), advs_["A"], false).error().code,
            Code::NotFound);
  EXPECT_EQ(absence.getNumber(*tx, admin("Y"), a2.id).error().code, Code::NotFound);
}

}  // namespace
}  // namespace hk::service::test
