// Users, API keys and sessions.
#include "store_fixture.hpp"

namespace hk::test {
namespace {

using namespace std::chrono_literals;
using domain::ApiKey;
using domain::Role;
using domain::SessionRow;
using domain::User;

using AccountRepoTest = StoreTest;

User makeUser(const std::string& login, Role role, domain::Id op,
              std::optional<domain::Id> adv = std::nullopt) {
  User u;
  u.login = login;
  u.display_name = "Name of " + login;
  u.role = role;
  u.operator_id = op;
  u.advertiser_id = adv;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  return u;
}

TEST_P(AccountRepoTest, UserCrudAndLoginConflict) {
  auto op = addOperator("acme");
  auto adv = addAdvertiser(op.id, "shop");
  auto t = tx();
  auto root = t->users().insert(makeUser("root", Role::SystemAdmin, 0));
  ASSERT_TRUE(root) << root.error().message;
  auto staff = t->users().insert(makeUser("staff@acme", Role::AdvertiserUser, op.id, adv.id));
  ASSERT_TRUE(staff) << staff.error().message;

  auto got = t->users().findByLogin("staff@acme");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->role, Role::AdvertiserUser);
  EXPECT_EQ(got->operator_id, op.id);
  EXPECT_EQ(got->advertiser_id, adv.id);
  EXPECT_EQ(got->password_hash, staff->password_hash);
  EXPECT_FALSE(got->disabled);
  auto sys = t->users().get(root->id);
  ASSERT_TRUE(sys);
  EXPECT_EQ(sys->operator_id, 0);
  EXPECT_FALSE(sys->advertiser_id.has_value());

  auto dup = t->users().insert(makeUser("staff@acme", Role::OperatorStaff, op.id));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Code::Conflict);
  EXPECT_EQ(dup.error().field, "login");

  User changed = *got;
  changed.disabled = true;
  changed.advertiser_id.reset();
  changed.role = Role::OperatorStaff;
  auto up = t->users().update(changed);
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_TRUE(up->disabled);
  EXPECT_FALSE(up->advertiser_id.has_value());

  ASSERT_TRUE(t->users().remove(staff->id));
  EXPECT_EQ(t->users().get(staff->id).error().code, Code::NotFound);
  EXPECT_EQ(t->users().remove(staff->id).error().code, Code::NotFound);
}

TEST_P(AccountRepoTest, AdvertiserUserScopeNeverListsAnotherAdvertisersUsers) {
  auto op = addOperator("acme");
  auto a = addAdvertiser(op.id, "a");
  auto b = addAdvertiser(op.id, "b");
  {
    auto t = tx();
    ASSERT_TRUE(t->users().insert(makeUser("a1", Role::AdvertiserUser, op.id, a.id)));
    ASSERT_TRUE(t->users().insert(makeUser("b1", Role::AdvertiserUser, op.id, b.id)));
    ASSERT_TRUE(t->users().insert(makeUser("b2", Role::AdvertiserUser, op.id, b.id)));
    ASSERT_TRUE(t->users().insert(makeUser("op", Role::OperatorAdmin, op.id)));
    ASSERT_TRUE(t->users().insert(makeUser("root", Role::SystemAdmin, 0)));
    ASSERT_TRUE(t->commit());
  }
  auto t = tx(false);
  auto as_a = t->users().list(store::Scope{op.id, a.id}, {});
  ASSERT_TRUE(as_a);
  ASSERT_EQ(as_a->total, 1);
  EXPECT_EQ(as_a->items[0].login, "a1");
  auto as_op = t->users().list(store::Scope{op.id, std::nullopt}, {});
  ASSERT_TRUE(as_op);
  EXPECT_EQ(as_op->total, 4);  // not the system admin
  auto as_root = t->users().list({}, {});
  ASSERT_TRUE(as_root);
  EXPECT_EQ(as_root->total, 5);
}

TEST_P(AccountRepoTest, ApiKeysRevokeAndTouch) {
  auto op = addOperator("acme");
  auto t = tx();
  ApiKey k;
  k.prefix = "hk_ab12cd34";
  k.hash = "deadbeef";
  k.name = "crm export";
  k.role = Role::OperatorStaff;
  k.operator_id = op.id;
  k.created_by = 0;
  auto ins = t->apiKeys().insert(k);
  ASSERT_TRUE(ins) << ins.error().message;
  EXPECT_EQ(ins->created_at, clock_.now());

  auto dup = t->apiKeys().insert(k);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().field, "prefix");

  WallTime used = clock_.now() + 1min;
  ASSERT_TRUE(t->apiKeys().touch(ins->id, used));
  WallTime revoked = clock_.now() + 2min;
  ASSERT_TRUE(t->apiKeys().revoke(ins->id, revoked));
  ASSERT_TRUE(t->apiKeys().revoke(ins->id, revoked + 1h));  // keeps the first time
  auto got = t->apiKeys().findByPrefix("hk_ab12cd34");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->hash, "deadbeef");
  EXPECT_EQ(got->name, "crm export");
  EXPECT_EQ(got->last_used_at, used);
  EXPECT_EQ(got->revoked_at, revoked);
  EXPECT_FALSE(got->advertiser_id.has_value());

  EXPECT_EQ(t->apiKeys().touch(999, used).error().code, Code::NotFound);
  EXPECT_EQ(t->apiKeys().revoke(999, used).error().code, Code::NotFound);
  auto listed = t->apiKeys().list(store::Scope{op.id, std::nullopt}, {});
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->total, 1);
}

TEST_P(AccountRepoTest, SessionsFindRemovePurgeAndDieWithTheirUser) {
  auto op = addOperator("acme");
  auto t = tx();
  auto u = t->users().insert(makeUser("u", Role::OperatorAdmin, op.id));
  ASSERT_TRUE(u);
  WallTime now = clock_.now();
  ASSERT_TRUE(t->sessions().insert(SessionRow{"h-old", u->id, now - 2h, now - 1h}));
  ASSERT_TRUE(t->sessions().insert(SessionRow{"h-live", u->id, now, now + 1h}));
  ASSERT_TRUE(t->sessions().insert(SessionRow{"h-other", u->id, now, now + 1h}));
  EXPECT_EQ(t->sessions().insert(SessionRow{"h-live", u->id, now, now}).error().code,
            Code::Conflict);
  EXPECT_EQ(t->sessions().insert(SessionRow{"h-x", 4242, now, now}).error().code, Code::Invalid);

  auto live = t->sessions().find("h-live");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->user_id, u->id);
  EXPECT_EQ(live->expires_at, now + 1h);

  auto purged = t->sessions().purgeExpired(now);
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(t->sessions().find("h-old").error().code, Code::NotFound);

  ASSERT_TRUE(t->sessions().remove("h-live"));
  EXPECT_EQ(t->sessions().remove("h-live").error().code, Code::NotFound);

  ASSERT_TRUE(t->users().remove(u->id));
  EXPECT_EQ(t->sessions().find("h-other").error().code, Code::NotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountRepoTest, ::testing::ValuesIn(storeBackends()),
                         backendName);

}  // namespace
}  // namespace hk::test
