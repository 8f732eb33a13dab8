// The scoped services against the real SQLite store (in memory): who may see and change
// what, and set-up documents applied idempotently.
#include <gtest/gtest.h>

#include "secure/keyfile.hpp"
#include "service/access.hpp"
#include "service/apply.hpp"
#include "service/calls.hpp"
#include "service/numbers.hpp"
#include "service/people.hpp"
#include "service/tenants.hpp"
#include "store/store.hpp"
#include "support/fake_clock.hpp"

namespace hk::service {
namespace {

using domain::Principal;
using domain::Role;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::Store::open("sqlite::memory:", clock_);
    ASSERT_TRUE(st) << st.error().message;
    store_ = std::move(*st);
    auto ring = secure::KeyRing::parse(
        "index 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
        "data 1 1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100\n",
        "test");
    ASSERT_TRUE(ring) << ring.error().message;
    keys_.emplace(*ring);
    // Two operators; X has advertisers A and B, each with a number.
    auto doc = nlohmann::json::parse(R"({"operators": [
      {"name": "X", "timezone": "Asia/Tokyo", "advertisers": [
        {"name": "A", "numbers": [{"number": "050-1111-0001", "name": "a1", "destinations": ["0311110001"]}]},
        {"name": "B", "numbers": [{"number": "050-1111-0002", "name": "b1"}]}]},
      {"name": "Y", "timezone": "Asia/Tokyo", "advertisers": [
        {"name": "C", "numbers": [{"number": "050-1111-0003", "name": "c1"}]}]}]})");
    auto tx = begin();
    auto rep = applyDocument(*tx, systemPrincipal(), clock_, doc);
    ASSERT_TRUE(rep);
    ASSERT_TRUE(rep->errors.empty()) << rep->errors[0].field << " " << rep->errors[0].reason;
    ASSERT_TRUE(tx->commit());
    tx.reset();
    auto rd = begin();
    for (const char* op : {"X", "Y"}) ops_[op] = rd->operators().findByName(op)->id;
    for (auto [op, adv] : {std::pair{"X", "A"}, {"X", "B"}, {"Y", "C"}}) {
      advs_[adv] = rd->advertisers().findByName(ops_[op], adv)->id;
    }
    for (const char* n : {"05011110001", "05011110002", "05011110003"}) {
      nums_[n] = rd->numbers().findByNumber(n)->id;
    }
  }

  std::unique_ptr<store::Tx> begin() {
    auto tx = store_->begin(true);
    EXPECT_TRUE(tx);
    return std::move(*tx);
  }

  // Looked up once in SetUp: the in-memory store has one connection, so no lookup may
  // open a second transaction while a test holds one.
  domain::Id operatorId(const std::string& name) { return ops_.at(name); }
  domain::Id advertiserId(const std::string&, const std::string& name) { return advs_.at(name); }
  domain::Id numberId(const std::string& number) { return nums_.at(number); }
  Principal advertiserUser(const std::string& op, const std::string& adv) {
    Principal p;
    p.role = Role::AdvertiserUser;
    p.user_id = 99;
    p.operator_id = operatorId(op);
    p.advertiser_id = advertiserId(op, adv);
    return p;
  }
  Principal operatorRole(const std::string& op, Role role) {
    Principal p;
    p.role = role;
    p.user_id = 98;
    p.operator_id = operatorId(op);
    return p;
  }

  test::FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::optional<secure::KeyRing> keys_;
  std::map<std::string, domain::Id> ops_, advs_, nums_;
};

TEST_F(ServiceTest, AdvertiserUserSeesOnlyItsOwnNumbers) {
  Numbers numbers(clock_);
  auto a = advertiserUser("X", "A");
  auto tx = begin();
  auto page = numbers.list(*tx, a, {}, {1, 25, "", false});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].number, "05011110001");
  auto other = numbers.get(*tx, a, numberId("05011110002"));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, Code::NotFound);
}

TEST_F(ServiceTest, AdvertiserUserChangesOnlyNameAndDestinations) {
  Numbers numbers(clock_);
  auto a = advertiserUser("X", "A");
  auto tx = begin();
  auto n = *numbers.get(*tx, a, numberId("05011110001"));
  n.name = "renamed";
  n.destinations = {"0311112222"};
  auto r = numbers.update(*tx, a, n);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->name, "renamed");
  n.max_lines = 9;
  auto denied = numbers.update(*tx, a, n);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, Code::Forbidden);
  // Another advertiser's number: not found, not forbidden (do not reveal it exists).
  auto b = *tx->numbers().get(numberId("05011110002"));
  b.name = "hijack";
  auto hidden = numbers.update(*tx, a, b);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, Code::NotFound);
}

TEST_F(ServiceTest, OperatorsDoNotSeeEachOther) {
  Tenants tenants(clock_);
  auto x = operatorRole("X", Role::OperatorAdmin);
  auto tx = begin();
  auto advs = tenants.listAdvertisers(*tx, x, {1, 25, "", false});
  ASSERT_TRUE(advs);
  EXPECT_EQ(advs->total, 2);
  auto c = tenants.getAdvertiser(*tx, x, advertiserId("Y", "C"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Code::NotFound);
  auto y = tenants.getOperator(*tx, x, operatorId("Y"));
  EXPECT_EQ(y.error().code, Code::NotFound);
  domain::Advertiser intruder;
  intruder.name = "Intruder";
  intruder.operator_id = operatorId("Y");
  EXPECT_EQ(tenants.createAdvertiser(*tx, x, intruder).error().code, Code::NotFound);
}

TEST_F(ServiceTest, StaffCannotManageUsersOrKeysAndNobodyGrantsAboveItself) {
  People people(clock_, *keys_, secure::PasswordCost::minimum());
  auto staff = operatorRole("X", Role::OperatorStaff);
  auto admin = operatorRole("X", Role::OperatorAdmin);
  auto tx = begin();
  domain::User u;
  u.login = "new@x.example";
  u.role = Role::OperatorStaff;
  EXPECT_EQ(people.createUser(*tx, staff, u, "long-enough-pw").error().code, Code::Forbidden);
  u.role = Role::SystemAdmin;
  EXPECT_EQ(people.createUser(*tx, admin, u, "long-enough-pw").error().code, Code::Forbidden);
  u.role = Role::AdvertiserUser;
  u.advertiser_id = advertiserId("Y", "C");  // another operator's advertiser
  EXPECT_FALSE(people.createUser(*tx, admin, u, "long-enough-pw"));
  u.advertiser_id = advertiserId("X", "A");
  auto made = people.createUser(*tx, admin, u, "long-enough-pw");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->operator_id, operatorId("X"));
  EXPECT_NE(made->password_hash.find("argon2id"), std::string::npos);
  domain::ApiKey k;
  k.name = "ci";
  k.role = Role::OperatorStaff;
  EXPECT_EQ(people.createKey(*tx, staff, k).error().code, Code::Forbidden);
  auto key = people.createKey(*tx, admin, k);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->key.rfind("hk_" + key->row.prefix + "_", 0), 0u);
  EXPECT_NE(key->row.hash, key->key);
}

TEST_F(ServiceTest, ApplyIsIdempotentAndExportRoundTrips) {
  auto tx = begin();
  auto doc = exportDocument(*tx, systemPrincipal(), clock_);
  ASSERT_TRUE(doc);
  auto rep = applyDocument(*tx, systemPrincipal(), clock_, *doc);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->errors.empty());
  EXPECT_EQ(rep->created, 0);
  EXPECT_EQ(rep->updated, 0);
  EXPECT_EQ(rep->unchanged, 8);  // 2 operators, 3 advertisers, 3 numbers
}

TEST_F(ServiceTest, ApplyReportsEveryBadEntryWithItsPath) {
  auto doc = nlohmann::json::parse(R"({"operators": [
      {"name": "X", "advertisers": [
        {"name": "A", "numbers": [{"number": "0120-11", "name": "short"}]},
        {"name": "", "colour": "red"}]}]})");
  auto tx = begin();
  auto rep = applyDocument(*tx, systemPrincipal(), clock_, doc);
  ASSERT_TRUE(rep);
  std::vector<std::string> fields;
  for (const auto& e : rep->errors) fields.push_back(e.field);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "/operators/0/advertisers/0/numbers/0/number"),
            fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "/operators/0/advertisers/1/colour"),
            fields.end());
}

TEST_F(ServiceTest, CallerNumberShownOnlyToRolesThatMaySeeIt) {
  secure::CallerCipher cipher(*keys_);
  Calls calls(cipher);
  domain::CallRecord r;
  r.trn_id = "T00000000000000000000001";
  r.clr_id_cipher = cipher.encrypt("09011112222");
  r.clr_id_index = cipher.blindIndex("09011112222");
  r.clr_id_masked = "090****2222";
  auto op = operatorRole("X", Role::OperatorStaff);
  auto adv = advertiserUser("X", "A");
  r.din_id = "0120111222";  // free call: the advertiser is shown a system number
  EXPECT_EQ(calls.toJson(r, op)["clr_id"], "09011112222");
  EXPECT_TRUE(calls.toJson(r, adv)["clr_id"].is_null());
  r.din_id = "05011110001";
  auto j = calls.toJson(r, adv);
  EXPECT_EQ(j["clr_id"], "09011112222");
  EXPECT_EQ(j["clr_id_masked"], "090****2222");
  EXPECT_FALSE(j.contains("clr_id_cipher"));
  EXPECT_FALSE(j.contains("clr_id_index"));
}

TEST_F(ServiceTest, PermissionTable) {
  auto adv = advertiserUser("X", "A");
  EXPECT_TRUE(allowed(adv, Resource::Number, Action::Read));
  EXPECT_TRUE(allowed(adv, Resource::Number, Action::Update));
  EXPECT_FALSE(allowed(adv, Resource::Number, Action::Create));
  EXPECT_FALSE(allowed(adv, Resource::Advertiser, Action::Update));
  EXPECT_FALSE(allowed(adv, Resource::User, Action::Read));
  auto staff = operatorRole("X", Role::OperatorStaff);
  EXPECT_TRUE(allowed(staff, Resource::Advertiser, Action::Create));
  EXPECT_FALSE(allowed(staff, Resource::ApiKey, Action::Create));
  EXPECT_FALSE(allowed(staff, Resource::Operator, Action::Update));
  auto admin = operatorRole("X", Role::OperatorAdmin);
  EXPECT_TRUE(allowed(admin, Resource::Operator, Action::Update));
  EXPECT_FALSE(allowed(admin, Resource::Operator, Action::Create));
}

}  // namespace
}  // namespace hk::service
