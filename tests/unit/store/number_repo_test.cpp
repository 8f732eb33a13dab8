// Tracking numbers: fields, conflicts, filters, the routing directory.
#include "store_fixture.hpp"

namespace hk::test {
namespace {

using domain::NumberState;
using domain::NumberType;
using domain::TrackingNumber;

using NumberRepoTest = StoreTest;

TEST_P(NumberRepoTest, EveryFieldRoundTrips) {
  auto op = addOperator("acme");
  auto adv = addAdvertiser(op.id, "shop");
  TrackingNumber n;
  n.operator_id = op.id;
  n.advertiser_id = adv.id;
  n.number = "05012345678";
  n.type = NumberType::Ip050;
  n.name = "flyer \"spring\"";
  n.destinations = {"0311112222", "09033334444", "+81355556666"};
  n.state = NumberState::Leased;
  n.max_lines = 4;
  n.ring_timeout_sec = 25;
  n.trunk = "carrier-a";
  n.initial_cost = 1000;
  n.monthly_cost = 300;
  auto t = tx();
  auto ins = t->numbers().insert(n);
  ASSERT_TRUE(ins) << ins.error().message;
  auto got = t->numbers().findByNumber("05012345678");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->id, ins->id);
  EXPECT_EQ(got->operator_id, op.id);
  EXPECT_EQ(got->advertiser_id, adv.id);
  EXPECT_EQ(got->type, NumberType::Ip050);
  EXPECT_EQ(got->name, "flyer \"spring\"");
  EXPECT_EQ(got->destinations, n.destinations);
  EXPECT_EQ(got->state, NumberState::Leased);
  EXPECT_EQ(got->max_lines, 4);
  EXPECT_EQ(got->ring_timeout_sec, 25);
  EXPECT_EQ(got->trunk, "carrier-a");
  EXPECT_EQ(got->initial_cost, 1000);
  EXPECT_EQ(got->monthly_cost, 300);
  EXPECT_EQ(got->created_at, clock_.now());
}

TEST_P(NumberRepoTest, UnassignedNumberHasAdvertiserZero) {
  auto op = addOperator("acme");
  auto n = addNumber(op.id, 0, "0120000001");
  auto t = tx(false);
  auto got = t->numbers().get(n.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->advertiser_id, 0);
}

TEST_P(NumberRepoTest, DuplicateNumberIsAConflictOnNumber) {
  auto op = addOperator("acme");
  addNumber(op.id, 0, "0120000001");
  auto t = tx();
  TrackingNumber n;
  n.operator_id = op.id;
  n.number = "0120000001";
  auto r = t->numbers().insert(n);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Conflict);
  EXPECT_EQ(r.error().field, "number");
}

TEST_P(NumberRepoTest, UpdateChangesFieldsAndMissingIsNotFound) {
  auto op = addOperator("acme");
  auto adv = addAdvertiser(op.id, "shop");
  auto n = addNumber(op.id, 0, "0120000001");
  auto t = tx();
  n.advertiser_id = adv.id;
  n.state = NumberState::Assigned;
  n.destinations = {"0399998888"};
  auto up = t->numbers().update(n);
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_EQ(up->advertiser_id, adv.id);
  EXPECT_EQ(up->destinations, std::vector<std::string>{"0399998888"});
  n.advertiser_id = 9999;
  auto bad_ref = t->numbers().update(n);
  ASSERT_FALSE(bad_ref);
  EXPECT_EQ(bad_ref.error().code, Code::Invalid);
  n.id = 424242;
  n.advertiser_id = adv.id;
  EXPECT_EQ(t->numbers().update(n).error().code, Code::NotFound);
}

TEST_P(NumberRepoTest, FiltersAndScope) {
  auto op = addOperator("acme");
  auto other_op = addOperator("other");
  auto a = addAdvertiser(op.id, "a");
  auto b = addAdvertiser(op.id, "b");
  addNumber(op.id, a.id, "0120000001");
  addNumber(op.id, a.id, "05000000002");
  addNumber(op.id, b.id, "0120000003");
  addNumber(op.id, 0, "0120000004");
  addNumber(other_op.id, 0, "0120000005");
  auto t = tx(false);
  auto count = [&](const store::Scope& s, const store::NumberFilter& f) -> int64_t {
    auto page = t->numbers().list(s, f, {});
    EXPECT_TRUE(page) << page.error().message;
    return page ? page->total : -1;
  };
  store::Scope op_scope{op.id, std::nullopt};
  EXPECT_EQ(count({}, {}), 5);
  EXPECT_EQ(count(op_scope, {}), 4);
  EXPECT_EQ(count(store::Scope{op.id, a.id}, {}), 2);
  EXPECT_EQ(count(store::Scope{op.id, b.id}, {}), 1);

  store::NumberFilter f;
  f.advertiser_id = 0;  // the unassigned inventory
  EXPECT_EQ(count(op_scope, f), 1);
  f = {};
  f.type = NumberType::FreeCall0120;
  EXPECT_EQ(count(op_scope, f), 3);
  f = {};
  f.state = NumberState::Available;
  EXPECT_EQ(count(op_scope, f), 1);
  f = {};
  f.q = "050";  // number prefix
  EXPECT_EQ(count(op_scope, f), 1);
  f.q = "AD 0120";  // name substring, any case ("ad 0120000001" ...)
  EXPECT_EQ(count(op_scope, f), 3);
  f.q = "%";  // taken literally
  EXPECT_EQ(count(op_scope, f), 0);

  // An advertiser's scope wins over a filter naming another advertiser.
  f = {};
  f.advertiser_id = b.id;
  EXPECT_EQ(count(store::Scope{op.id, a.id}, f), 0);
}

TEST_P(NumberRepoTest, AllActiveLeavesOutReleasedNumbers) {
  auto op = addOperator("acme");
  auto keep = addNumber(op.id, 0, "0120000001");
  auto gone = addNumber(op.id, 0, "0120000002");
  {
    auto t = tx();
    gone.state = NumberState::Released;
    ASSERT_TRUE(t->numbers().update(gone));
    ASSERT_TRUE(t->commit());
  }
  auto t = tx(false);
  auto active = t->numbers().allActive();
  ASSERT_TRUE(active) << active.error().message;
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].id, keep.id);
}

TEST_P(NumberRepoTest, NumberWithUnknownOperatorIsInvalid) {
  auto t = tx();
  TrackingNumber n;
  n.operator_id = 77;
  n.number = "0120000001";
  auto r = t->numbers().insert(n);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Invalid);
}

INSTANTIATE_TEST_SUITE_P(Backends, NumberRepoTest, ::testing::ValuesIn(storeBackends()),
                         backendName);

}  // namespace
}  // namespace hk::test
