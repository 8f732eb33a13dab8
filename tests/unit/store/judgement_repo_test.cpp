// Valid-call judgement storage (migration 0007): the advertiser's settings, the exclusion
// lists, the duplicate check on the call log, and every block entry for the B2BUA.
#include "store_fixture.hpp"

namespace hk::test {
namespace {

using namespace std::chrono_literals;
using domain::CallRecord;

using JudgementRepoTest = StoreTest;

TEST_P(JudgementRepoTest, AdvertiserSettingsRoundTripAndDefault) {
  auto op = addOperator("acme");
  auto plain = addAdvertiser(op.id, "plain");
  EXPECT_EQ(plain.judgement.valid_threshold_sec, 60);
  auto t = tx();
  auto got = t->advertisers().get(plain.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->judgement.valid_threshold_sec, 60);
  EXPECT_EQ(got->judgement.duplicate_window_sec, 0);
  EXPECT_TRUE(got->judgement.ivr_rules.empty());

  got->judgement.valid_threshold_sec = 20;
  got->judgement.duplicate_window_sec = 7 * 86400;
  got->judgement.ivr_rules = {{"menu", "2", 15}, {"menu", "9", 0}};
  ASSERT_TRUE(t->advertisers().update(*got));
  auto again = t->advertisers().get(plain.id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->judgement.valid_threshold_sec, 20);
  EXPECT_EQ(again->judgement.duplicate_window_sec, 7 * 86400);
  ASSERT_EQ(again->judgement.ivr_rules.size(), 2u);
  EXPECT_EQ(again->judgement.ivr_rules[0].var, "menu");
  EXPECT_EQ(again->judgement.ivr_rules[0].value, "2");
  EXPECT_EQ(again->judgement.ivr_rules[0].min_talk_sec, 15);
  EXPECT_EQ(again->judgement.ivr_rules[1].value, "9");
}

TEST_P(JudgementRepoTest, ExclusionsAddListFindRemove) {
  auto op = addOperator("acme");
  auto a = addAdvertiser(op.id, "shop");
  auto b = addAdvertiser(op.id, "other");
  auto t = tx();
  store::ExclusionEntry e;
  e.advertiser_id = a.id;
  e.number_index = "idx-1";
  e.number_cipher = "c1";
  e.number_masked = "090****0001";
  e.created_by = "user:1";
  auto ins = t->judgement().insertExclusion(e);
  ASSERT_TRUE(ins) << ins.error().message;
  EXPECT_GT(ins->id, 0);
  auto twice = t->judgement().insertExclusion(e);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Code::Conflict);
  e.advertiser_id = 999;
  auto nobody = t->judgement().insertExclusion(e);
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, Code::NotFound);

  EXPECT_TRUE(*t->judgement().excluded(a.id, "idx-1"));
  EXPECT_FALSE(*t->judgement().excluded(b.id, "idx-1"));
  EXPECT_FALSE(*t->judgement().excluded(a.id, "idx-2"));
  EXPECT_FALSE(*t->judgement().excluded(a.id, ""));
  auto page = t->judgement().listExclusions(a.id, {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(page->items.at(0).number_masked, "090****0001");
  auto one = t->judgement().getExclusion(ins->id);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->advertiser_id, a.id);
  ASSERT_TRUE(t->judgement().removeExclusion(ins->id));
  EXPECT_FALSE(*t->judgement().excluded(a.id, "idx-1"));
  EXPECT_EQ(t->judgement().removeExclusion(ins->id).error().code, Code::NotFound);
}

TEST_P(JudgementRepoTest, EarlierValidCallLooksOnlyInsideTheWindowAtValidCalls) {
  auto t = tx();
  WallTime base = clock_.now();
  auto add = [&](const std::string& trn, WallTime din, domain::ValidRes res, domain::Id client,
                 const std::string& index) {
    CallRecord r = fullRecord(trn, din);
    r.client_id = client;
    r.clr_id_index = index;
    r.valid_res = res;
    auto f = t->calls().finalize(r);
    ASSERT_TRUE(f) << f.error().message;
  };
  add("T1", base - 2h, domain::ValidRes::Valid, 7, "idx-a");
  add("T2", base - 30min, domain::ValidRes::InvalidShort, 7, "idx-b");
  add("T3", base - 10min, domain::ValidRes::Valid, 8, "idx-b");
  auto& j = t->judgement();
  // T1 is 2 h before: inside a 3 h window, outside a 1 h one.
  EXPECT_TRUE(*j.earlierValidCall(7, "idx-a", base - 3h, base, "NEW"));
  EXPECT_FALSE(*j.earlierValidCall(7, "idx-a", base - 1h, base, "NEW"));
  // The window's start is inclusive, its end (the call itself) exclusive.
  EXPECT_TRUE(*j.earlierValidCall(7, "idx-a", base - 2h, base, "NEW"));
  EXPECT_FALSE(*j.earlierValidCall(7, "idx-a", base - 3h, base - 2h, "NEW"));
  // The call itself never counts.
  EXPECT_FALSE(*j.earlierValidCall(7, "idx-a", base - 3h, base, "T1"));
  // Not valid (T2), another advertiser (T3), another caller, a withheld caller.
  EXPECT_FALSE(*j.earlierValidCall(7, "idx-b", base - 3h, base, "NEW"));
  EXPECT_TRUE(*j.earlierValidCall(8, "idx-b", base - 3h, base, "NEW"));
  EXPECT_FALSE(*j.earlierValidCall(7, "idx-z", base - 3h, base, "NEW"));
  EXPECT_FALSE(*j.earlierValidCall(7, "", base - 3h, base, "NEW"));
}

TEST_P(JudgementRepoTest, AllBlockEntriesForTheSnapshot) {
  auto op = addOperator("acme");
  auto adv = addAdvertiser(op.id, "shop");
  auto n = addNumber(op.id, adv.id, "0312345678");
  auto t = tx();
  store::BlockEntry e;
  e.operator_id = op.id;
  e.kind = store::BlockKind::Prefix;
  e.prefix = "0120";
  ASSERT_TRUE(t->blockList().insert(e));
  e.number_id = n.id;
  e.kind = store::BlockKind::Withheld;
  e.prefix.clear();
  ASSERT_TRUE(t->blockList().insert(e));
  auto all = t->blockList().all();
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].kind, store::BlockKind::Prefix);
  EXPECT_EQ((*all)[0].prefix, "0120");
  EXPECT_EQ((*all)[0].number_id, 0);
  EXPECT_EQ((*all)[1].kind, store::BlockKind::Withheld);
  EXPECT_EQ((*all)[1].number_id, n.id);
}

TEST_P(JudgementRepoTest, DeletingAnAdvertiserDropsItsExclusions) {
  auto op = addOperator("acme");
  auto a = addAdvertiser(op.id, "shop");
  auto t = tx();
  store::ExclusionEntry e;
  e.advertiser_id = a.id;
  e.number_index = "idx-1";
  ASSERT_TRUE(t->judgement().insertExclusion(e));
  ASSERT_TRUE(t->advertisers().remove(a.id));
  EXPECT_FALSE(*t->judgement().excluded(a.id, "idx-1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, JudgementRepoTest, ::testing::ValuesIn(storeBackends()),
                         backendName);

}  // namespace
}  // namespace hk::test
