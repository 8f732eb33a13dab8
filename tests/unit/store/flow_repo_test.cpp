// Flows with versions, attachments, block entries and absence switches in the store.
#include "store_fixture.hpp"

namespace hk::test {
namespace {

using store::AttachLevel;
using store::BlockEntry;
using store::BlockKind;
using store::Flow;
using store::FlowAttachment;
using store::FlowVersion;

class FlowRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    op_ = addOperator("acme");
    adv_ = addAdvertiser(op_.id, "shop");
    num_ = addNumber(op_.id, adv_.id, "05011112222");
  }

  Flow addFlow(domain::Id adv, const std::string& name, const std::string& doc = "{}") {
    auto t = tx();
    Flow f;
    f.operator_id = op_.id;
    f.advertiser_id = adv;
    f.name = name;
    FlowVersion v;
    v.document = doc;
    v.created_by = "user:1";
    auto r = t->flows().insert(f, v);
    EXPECT_TRUE(r) << r.error().message;
    EXPECT_TRUE(t->commit());
    return *r;
  }

  domain::Operator op_;
  domain::Advertiser adv_;
  domain::TrackingNumber num_;
};

TEST_P(FlowRepoTest, EveryVersionIsKeptAndTheLastIsCurrent) {
  auto f = addFlow(adv_.id, "main", R"({"v":1})");
  EXPECT_EQ(f.current_version, 1);
  clock_.advance(std::chrono::seconds(5));
  auto t = tx();
  FlowVersion v2;
  v2.document = R"({"v":2})";
  v2.created_by = "key:7";
  auto after = t->flows().addVersion(f.id, "main renamed", v2);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->current_version, 2);
  EXPECT_EQ(after->name, "main renamed");
  EXPECT_EQ(after->created_at, f.created_at);
  EXPECT_EQ(after->updated_at, clock_.now());
  auto one = t->flows().version(f.id, 1);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->document, R"({"v":1})");
  EXPECT_EQ(one->created_by, "user:1");
  auto two = t->flows().version(f.id, 2);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->document, R"({"v":2})");
  EXPECT_EQ(two->created_by, "key:7");
  EXPECT_EQ(two->created_at, clock_.now());
  EXPECT_EQ(t->flows().version(f.id, 3).error().code, Code::NotFound);
  auto list = t->flows().versions(f.id, {});
  ASSERT_TRUE(list);
  ASSERT_EQ(list->total, 2);
  EXPECT_EQ(list->items[0].version, 2);  // newest first
  EXPECT_EQ(list->items[1].version, 1);
  EXPECT_EQ(list->items[0].document, "");  // lists leave documents out
}

TEST_P(FlowRepoTest, NamesAreUniquePerOwner) {
  addFlow(adv_.id, "main");
  addFlow(0, "main");  // the operator's own flow may share the name
  auto t = tx();
  Flow f;
  f.operator_id = op_.id;
  f.advertiser_id = adv_.id;
  f.name = "main";
  auto dup = t->flows().insert(f, FlowVersion{});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Code::Conflict);
  EXPECT_EQ(dup.error().field, "name");
  f.advertiser_id = 0;
  EXPECT_EQ(t->flows().insert(f, FlowVersion{}).error().code, Code::Conflict);
  EXPECT_TRUE(t->flows().findByName(op_.id, 0, "main"));
  EXPECT_EQ(t->flows().findByName(op_.id, 0, "other").error().code, Code::NotFound);
}

TEST_P(FlowRepoTest, ListsAreScopedAndFiltered) {
  auto other = addAdvertiser(op_.id, "other");
  auto mine = addFlow(adv_.id, "Mine");
  auto theirs = addFlow(other.id, "Theirs");
  auto ops = addFlow(0, "Operator wide");
  auto t = tx(false);
  auto ids = [&](const store::Scope& s, const store::FlowFilter& f) {
    std::vector<domain::Id> out;
    auto page = t->flows().list(s, f, {});
    EXPECT_TRUE(page);
    for (const auto& x : page->items) out.push_back(x.id);
    return out;
  };
  EXPECT_EQ(ids({op_.id, std::nullopt}, {}), (std::vector<domain::Id>{mine.id, theirs.id, ops.id}));
  EXPECT_EQ(ids({op_.id, adv_.id}, {}), (std::vector<domain::Id>{mine.id}));
  EXPECT_EQ(ids({op_.id, std::nullopt}, {0, ""}), (std::vector<domain::Id>{ops.id}));
  EXPECT_EQ(ids({op_.id, std::nullopt}, {std::nullopt, "the"}),
            (std::vector<domain::Id>{theirs.id}));
  EXPECT_EQ(ids({op_.id + 1, std::nullopt}, {}), (std::vector<domain::Id>{}));
}

TEST_P(FlowRepoTest, AttachmentsMostSpecificFirstOneForEachTarget) {
  auto fo = addFlow(0, "operator");
  auto fa = addFlow(adv_.id, "advertiser");
  auto fn = addFlow(adv_.id, "number");
  auto t = tx();
  auto attach = [&](domain::Id adv, domain::Id num, domain::Id flow) {
    FlowAttachment a;
    a.operator_id = op_.id;
    a.advertiser_id = adv;
    a.number_id = num;
    a.flow_id = flow;
    a.created_by = "user:1";
    return t->flows().attach(a);
  };
  ASSERT_TRUE(attach(0, 0, fo.id));
  auto by_adv = attach(adv_.id, 0, fa.id);
  ASSERT_TRUE(by_adv);
  EXPECT_EQ(by_adv->level(), AttachLevel::Advertiser);
  auto again = attach(adv_.id, 0, fn.id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Code::Conflict);
  auto all = t->flows().attachmentsFor(num_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].flow_id, fa.id);
  EXPECT_EQ((*all)[1].flow_id, fo.id);
  auto by_num = attach(0, num_.id, fn.id);
  ASSERT_TRUE(by_num);
  EXPECT_EQ(by_num->level(), AttachLevel::Number);
  all = t->flows().attachmentsFor(num_);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].flow_id, fn.id);
  // An unassigned number sees only the operator's attachment.
  domain::TrackingNumber stock = num_;
  stock.id = num_.id + 100;
  stock.advertiser_id = 0;
  all = t->flows().attachmentsFor(stock);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].flow_id, fo.id);
  // Changing and removing.
  auto moved = t->flows().reattach(by_num->id, fa.id);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->flow_id, fa.id);
  EXPECT_EQ(*t->flows().attachmentCount(fa.id), 2);
  auto busy = t->flows().remove(fa.id);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, Code::Conflict);
  EXPECT_TRUE(t->flows().detach(by_num->id));
  EXPECT_EQ(t->flows().detach(by_num->id).error().code, Code::NotFound);
  EXPECT_TRUE(t->flows().remove(fn.id));
  EXPECT_EQ(t->flows().get(fn.id).error().code, Code::NotFound);
  EXPECT_EQ(t->flows().version(fn.id, 1).error().code, Code::NotFound);
}

TEST_P(FlowRepoTest, AttachmentListsFollowTheAdvertiserScope) {
  auto other = addAdvertiser(op_.id, "other");
  auto other_num = addNumber(op_.id, other.id, "05011113333");
  auto fo = addFlow(0, "operator");
  auto t = tx();
  for (auto [adv, num] : {std::pair<domain::Id, domain::Id>{0, 0},
                          {adv_.id, 0},
                          {0, num_.id},
                          {other.id, 0},
                          {0, other_num.id}}) {
    FlowAttachment a;
    a.operator_id = op_.id;
    a.advertiser_id = adv;
    a.number_id = num;
    a.flow_id = fo.id;
    ASSERT_TRUE(t->flows().attach(a));
  }
  auto mine = t->flows().attachments({op_.id, adv_.id}, {}, {});
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->total, 2);
  for (const auto& a : mine->items)
    EXPECT_TRUE(a.advertiser_id == adv_.id || a.number_id == num_.id);
  EXPECT_EQ(t->flows().attachments({op_.id, std::nullopt}, {}, {})->total, 5);
  store::AttachmentFilter by_number;
  by_number.number_id = other_num.id;
  EXPECT_EQ(t->flows().attachments({op_.id, std::nullopt}, by_number, {})->total, 1);
}

TEST_P(FlowRepoTest, DeletingANumberOrAdvertiserTakesItsRowsAlong) {
  auto f = addFlow(adv_.id, "main");
  {
    auto t = tx();
    FlowAttachment a;
    a.operator_id = op_.id;
    a.number_id = num_.id;
    a.flow_id = f.id;
    ASSERT_TRUE(t->flows().attach(a));
    BlockEntry e;
    e.operator_id = op_.id;
    e.number_id = num_.id;
    e.kind = BlockKind::Withheld;
    ASSERT_TRUE(t->blockList().insert(e));
    store::AbsenceSwitch s;
    s.operator_id = op_.id;
    s.number_id = num_.id;
    s.absent = true;
    ASSERT_TRUE(t->absence().set(s));
    ASSERT_TRUE(t->numbers().remove(num_.id));
    EXPECT_EQ(*t->flows().attachmentCount(f.id), 0);
    EXPECT_EQ(t->blockList().list(op_.id, num_.id, {})->total, 0);
    EXPECT_FALSE(*t->absence().forNumber(num_.id));
    ASSERT_TRUE(t->advertisers().remove(adv_.id));
    EXPECT_EQ(t->flows().get(f.id).error().code, Code::NotFound);
    ASSERT_TRUE(t->commit());
  }
}

TEST_P(FlowRepoTest, BlockEntriesMatchByIndexPrefixOrWithheld) {
  auto t = tx();
  auto add = [&](domain::Id num, BlockKind kind, std::string index, std::string prefix) {
    BlockEntry e;
    e.operator_id = op_.id;
    e.number_id = num;
    e.kind = kind;
    e.number_index = std::move(index);
    e.prefix = std::move(prefix);
    auto r = t->blockList().insert(e);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->id : 0;
  };
  auto op_exact = add(0, BlockKind::Exact, "idx-op", "");
  auto num_prefix = add(num_.id, BlockKind::Prefix, "", "0312");
  auto num_exact = add(num_.id, BlockKind::Exact, "idx-op", "");
  auto dup = t->blockList().insert(*t->blockList().get(num_prefix));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Code::Conflict);
  auto match = [&](domain::Id num, std::string index, std::string digits, bool withheld) {
    auto m = t->blockList().match(op_.id, num, index, digits, withheld);
    EXPECT_TRUE(m);
    return m && *m ? (*m)->id : 0;
  };
  EXPECT_EQ(match(num_.id, "idx-op", "09011112222", false), num_exact);  // the number's first
  EXPECT_EQ(match(num_.id + 1, "idx-op", "09011112222", false), op_exact);
  EXPECT_EQ(match(num_.id, "idx-x", "0312345678", false), num_prefix);
  EXPECT_EQ(match(num_.id + 1, "idx-x", "0312345678", false), 0);
  EXPECT_EQ(match(num_.id, "", "", true), 0);  // nobody blocks withheld callers yet
  auto withheld = add(0, BlockKind::Withheld, "", "");
  EXPECT_EQ(match(num_.id, "", "", true), withheld);
  EXPECT_EQ(match(num_.id, "", "", false), 0);  // an unknown, not withheld, caller
  EXPECT_EQ(t->blockList().list(op_.id, 0, {})->total, 2);
  EXPECT_EQ(t->blockList().list(op_.id, num_.id, {})->total, 2);
  EXPECT_TRUE(t->blockList().remove(op_exact));
  EXPECT_EQ(t->blockList().get(op_exact).error().code, Code::NotFound);
}

TEST_P(FlowRepoTest, AbsenceSwitchKeepsWhoChangedItLast) {
  auto t = tx();
  EXPECT_FALSE(*t->absence().forAdvertiser(adv_.id));
  store::AbsenceSwitch s;
  s.operator_id = op_.id;
  s.advertiser_id = adv_.id;
  s.absent = true;
  s.changed_by = "user:3";
  ASSERT_TRUE(t->absence().set(s));
  clock_.advance(std::chrono::minutes(1));
  s.absent = false;
  s.changed_by = "key:4";
  ASSERT_TRUE(t->absence().set(s));
  auto got = t->absence().forAdvertiser(adv_.id);
  ASSERT_TRUE(got && *got);
  EXPECT_FALSE((*got)->absent);
  EXPECT_EQ((*got)->changed_by, "key:4");
  EXPECT_EQ((*got)->changed_at, clock_.now());
  EXPECT_FALSE(*t->absence().forNumber(num_.id));  // the advertiser's switch is its own row
  store::AbsenceSwitch both = s;
  both.number_id = num_.id;
  EXPECT_FALSE(t->absence().set(both));
}

TEST_P(FlowRepoTest, AllAbsenceSwitchesAreReadAtOnce) {
  auto t = tx();
  EXPECT_TRUE(t->absence().all()->empty());
  store::AbsenceSwitch adv;
  adv.operator_id = op_.id;
  adv.advertiser_id = adv_.id;
  adv.absent = true;
  adv.changed_by = "user:3";
  ASSERT_TRUE(t->absence().set(adv));
  store::AbsenceSwitch num;
  num.operator_id = op_.id;
  num.number_id = num_.id;
  num.absent = false;
  num.changed_by = "key:4";
  ASSERT_TRUE(t->absence().set(num));
  num.absent = true;  // replaced, not added
  ASSERT_TRUE(t->absence().set(num));
  auto all = t->absence().all();
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  const auto& a = (*all)[0];
  const auto& n = (*all)[1];
  EXPECT_EQ(a.advertiser_id, adv_.id);
  EXPECT_EQ(a.number_id, 0);
  EXPECT_TRUE(a.absent);
  EXPECT_EQ(a.changed_by, "user:3");
  EXPECT_EQ(n.number_id, num_.id);
  EXPECT_EQ(n.advertiser_id, 0);
  EXPECT_TRUE(n.absent);
  EXPECT_EQ(n.operator_id, op_.id);
}

INSTANTIATE_TEST_SUITE_P(Backends, FlowRepoTest, ::testing::ValuesIn(storeBackends()), backendName);

}  // namespace
}  // namespace hk::test
