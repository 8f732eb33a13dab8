// Operators and advertisers: CRUD, conflicts, scope, paging and sorting.
#include "store_fixture.hpp"

namespace hk::test {
namespace {

using namespace std::chrono_literals;
using domain::Advertiser;
using domain::Operator;

using TenantRepoTest = StoreTest;

TEST_P(TenantRepoTest, OperatorCrudStampsTimesFromTheClock) {
  auto t = tx();
  Operator o;
  o.name = "acme";
  o.timezone = "Asia/Tokyo";
  auto ins = t->operators().insert(o);
  ASSERT_TRUE(ins) << ins.error().message;
  EXPECT_GT(ins->id, 0);
  EXPECT_EQ(ins->created_at, clock_.now());
  ASSERT_TRUE(t->commit());

  t.reset();
  clock_.advance(5s);
  t = tx();
  Operator changed = *ins;
  changed.name = "acme-jp";
  auto up = t->operators().update(changed);
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_EQ(up->name, "acme-jp");
  EXPECT_EQ(up->created_at, ins->created_at);
  EXPECT_EQ(up->updated_at, clock_.now());
  ASSERT_TRUE(t->commit());

  t.reset();
  t = tx(false);
  auto got = t->operators().get(ins->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "acme-jp");
  EXPECT_EQ(got->timezone, "Asia/Tokyo");
  EXPECT_EQ(t->operators().findByName("acme-jp")->id, ins->id);
  EXPECT_EQ(t->operators().findByName("acme").error().code, Code::NotFound);
  t.reset();

  t = tx();
  ASSERT_TRUE(t->operators().remove(ins->id));
  EXPECT_EQ(t->operators().get(ins->id).error().code, Code::NotFound);
  EXPECT_EQ(t->operators().remove(ins->id).error().code, Code::NotFound);
  Operator ghost;
  ghost.id = ins->id;
  ghost.name = "ghost";
  EXPECT_EQ(t->operators().update(ghost).error().code, Code::NotFound);
}

TEST_P(TenantRepoTest, DuplicateNamesAreConflictsNamingTheField) {
  auto op = addOperator("acme");
  auto t = tx();
  Operator dup;
  dup.name = "acme";
  auto r = t->operators().insert(dup);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Conflict);
  EXPECT_EQ(r.error().field, "name");

  Advertiser a;
  a.operator_id = op.id;
  a.name = "shop";
  ASSERT_TRUE(t->advertisers().insert(a));
  auto again = t->advertisers().insert(a);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Code::Conflict);
  EXPECT_EQ(again.error().field, "name");
}

TEST_P(TenantRepoTest, SameAdvertiserNameUnderTwoOperatorsIsFine) {
  auto a = addOperator("a");
  auto b = addOperator("b");
  addAdvertiser(a.id, "shop");
  addAdvertiser(b.id, "shop");
  auto t = tx(false);
  auto found = t->advertisers().findByName(b.id, "shop");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->operator_id, b.id);
}

TEST_P(TenantRepoTest, AdvertiserFieldsRoundTrip) {
  auto op = addOperator("acme");
  auto t = tx();
  Advertiser a;
  a.operator_id = op.id;
  a.name = "shop";
  a.timezone = "Asia/Seoul";
  a.max_lines = 7;
  a.active = false;
  auto ins = t->advertisers().insert(a);
  ASSERT_TRUE(ins) << ins.error().message;
  auto got = t->advertisers().get(ins->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->operator_id, op.id);
  EXPECT_EQ(got->name, "shop");
  EXPECT_EQ(got->timezone, "Asia/Seoul");
  EXPECT_EQ(got->max_lines, 7);
  EXPECT_FALSE(got->active);
}

TEST_P(TenantRepoTest, DeletingAnAdvertiserWithNumbersIsAConflict) {
  auto op = addOperator("acme");
  auto adv = addAdvertiser(op.id, "shop");
  auto num = addNumber(op.id, adv.id, "0120111222");
  auto t = tx();
  auto st = t->advertisers().remove(adv.id);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::Conflict);
  EXPECT_EQ(st.error().message, "advertiser still has numbers");
  auto op_st = t->operators().remove(op.id);
  ASSERT_FALSE(op_st);
  EXPECT_EQ(op_st.error().code, Code::Conflict);
  // Once the number is gone, the advertiser can go.
  ASSERT_TRUE(t->numbers().remove(num.id));
  EXPECT_TRUE(t->advertisers().remove(adv.id));
}

TEST_P(TenantRepoTest, ScopedListsShowOnlyTheirOwnRows) {
  auto op1 = addOperator("one");
  auto op2 = addOperator("two");
  auto a = addAdvertiser(op1.id, "a");
  auto b = addAdvertiser(op1.id, "b");
  addAdvertiser(op2.id, "c");
  auto t = tx(false);

  auto all = t->advertisers().list(store::Scope{}, {});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 3);

  auto of_op1 = t->advertisers().list(store::Scope{op1.id, std::nullopt}, {});
  ASSERT_TRUE(of_op1);
  EXPECT_EQ(of_op1->total, 2);
  for (const auto& x : of_op1->items) EXPECT_EQ(x.operator_id, op1.id);

  auto only_a = t->advertisers().list(store::Scope{op1.id, a.id}, {});
  ASSERT_TRUE(only_a);
  ASSERT_EQ(only_a->items.size(), 1u);
  EXPECT_EQ(only_a->items[0].id, a.id);
  EXPECT_NE(only_a->items[0].id, b.id);

  auto ops = t->operators().list(store::Scope{op2.id, std::nullopt}, {});
  ASSERT_TRUE(ops);
  ASSERT_EQ(ops->items.size(), 1u);
  EXPECT_EQ(ops->items[0].name, "two");

  domain::Principal user_a{domain::Role::AdvertiserUser, 1, 0, op1.id, a.id, "user:1"};
  auto via_principal = t->advertisers().list(store::Scope::of(user_a), {});
  ASSERT_TRUE(via_principal);
  ASSERT_EQ(via_principal->items.size(), 1u);
  EXPECT_EQ(via_principal->items[0].name, "a");
}

TEST_P(TenantRepoTest, PagingReportsTheTotalOverAllPages) {
  auto op = addOperator("acme");
  {
    auto t = tx();
    for (int i = 0; i < 7; ++i) {
      Advertiser a;
      a.operator_id = op.id;
      a.name = "adv" + std::to_string(i);
      ASSERT_TRUE(t->advertisers().insert(a));
    }
    ASSERT_TRUE(t->commit());
  }
  auto t = tx(false);
  store::PageRequest p;
  p.per_page = 3;
  std::vector<std::string> seen;
  for (p.page = 1; p.page <= 4; ++p.page) {
    auto page = t->advertisers().list({}, p);
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->total, 7);
    for (const auto& a : page->items) seen.push_back(a.name);
    if (p.page == 3) {
      EXPECT_EQ(page->items.size(), 1u);
    }
    if (p.page == 4) {
      EXPECT_TRUE(page->items.empty());
    }
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"adv0", "adv1", "adv2", "adv3", "adv4", "adv5", "adv6"}));
  p.page = 0;
  auto bad = t->advertisers().list({}, p);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "page");
}

TEST_P(TenantRepoTest, SortsOnlyByAllowedColumns) {
  auto op = addOperator("acme");
  addAdvertiser(op.id, "bravo");
  addAdvertiser(op.id, "alpha");
  addAdvertiser(op.id, "charlie");
  auto t = tx(false);
  store::PageRequest p;
  p.sort = "name";
  p.desc = true;
  auto page = t->advertisers().list({}, p);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[0].name, "charlie");
  EXPECT_EQ(page->items[2].name, "alpha");

  for (const char* bad : {"password_hash", "name; DROP TABLE advertisers", "nope"}) {
    p.sort = bad;
    auto r = t->advertisers().list({}, p);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Code::Invalid);
    EXPECT_EQ(r.error().field, "sort");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, TenantRepoTest, ::testing::ValuesIn(storeBackends()),
                         backendName);

}  // namespace
}  // namespace hk::test
