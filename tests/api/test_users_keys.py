"""Users and API keys: CRUD by an operator admin, passwords, revocation, paging."""

import unittest

from harness import ApiTestCase

USERS = "/api/v1/users"
KEYS = "/api/v1/api-keys"
PASSWORD = "correct horse battery"


class UserTest(ApiTestCase):
    @classmethod
    def seed(cls):
        out = cls.server.ctl("operator", "create", "People Op", "--admin-login", "boss@people.test",
                             "--admin-password", PASSWORD).stdout
        cls.admin = cls.server.client(out.strip().splitlines()[-1].split()[-1])
        cls.op_id = cls.admin.get("/api/v1/me").json["operator_id"]
        cls.adv = cls.admin.post("/api/v1/advertisers", {"name": "People Adv"}).json

    def test_create_get_update_delete(self):
        u = self.created(self.admin.post(USERS, {
            "login": "hanako@people.test", "display_name": "Hanako", "password": PASSWORD,
            "role": "operator_staff"}), USERS)
        self.assertEqual(set(u), {"id", "login", "display_name", "role", "operator_id",
                                  "advertiser_id", "disabled", "created_at", "updated_at"})
        self.assertEqual((u["role"], u["operator_id"], u["advertiser_id"], u["disabled"]),
                         ("operator_staff", self.op_id, None, False))
        self.assertEqual(self.admin.get(f"{USERS}/{u['id']}").json, u)
        self.assertIn(u["id"], self.ids(self.admin, USERS))

        r = self.admin.patch(f"{USERS}/{u['id']}", {"display_name": "Hanako Y."})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["display_name"], "Hanako Y.")

        self.assertStatus(self.admin.delete(f"{USERS}/{u['id']}"), 204)
        self.assertProblem(self.admin.get(f"{USERS}/{u['id']}"), 404)
        r, _ = self.anon.login("hanako@people.test", PASSWORD)
        self.assertProblem(r, 401)

    def test_password_change_and_disable(self):
        u = self.created(self.admin.post(USERS, {"login": "taro@people.test", "password": PASSWORD,
                                                 "role": "operator_admin"}), USERS)
        r, session = self.anon.login("taro@people.test", PASSWORD)
        self.assertStatus(r, 200)
        self.assertStatus(session.get("/api/v1/numbers"), 200)

        self.assertStatus(self.admin.patch(f"{USERS}/{u['id']}", {"password": "a new passphrase"}),
                          200)
        self.assertProblem(self.anon.login("taro@people.test", PASSWORD)[0], 401)
        r, session = self.anon.login("taro@people.test", "a new passphrase")
        self.assertStatus(r, 200)

        self.assertStatus(self.admin.patch(f"{USERS}/{u['id']}", {"disabled": True}), 200)
        self.assertProblem(session.get("/api/v1/numbers"), 401)  # its session stops at once
        self.assertProblem(self.anon.login("taro@people.test", "a new passphrase")[0], 401)

    def test_rules(self):
        self.assertProblem(self.admin.post(USERS, {"login": "short@people.test",
                                                   "password": "short"}), 400, ["/password"])
        p = self.assertProblem(self.admin.post(USERS, {"login": "x", "password": "short"}), 400,
                               ["/login", "/password"])
        self.assertEqual(len(p["errors"]), 2)
        p = self.assertProblem(self.admin.post(USERS, {"login": 7, "password": PASSWORD,
                                                       "role": "owner", "disabled": "no",
                                                       "email": "x@y"}), 400,
                               ["/login", "/role", "/disabled", "/email"])
        self.assertEqual(len(p["errors"]), 4)
        self.created(self.admin.post(USERS, {"login": "dup@people.test", "password": PASSWORD}),
                     USERS)
        self.assertProblem(self.admin.post(USERS, {"login": "dup@people.test",
                                                   "password": PASSWORD}), 409)
        self.assertProblem(self.admin.post(USERS, {"login": "adv@people.test",
                                                   "password": PASSWORD,
                                                   "role": "advertiser_user"}), 400,
                           ["/advertiser_id"])
        me = self.admin.get("/api/v1/me").json
        self.assertIsNone(me["user_id"])  # an API key, not a user
        boss = self.login_admin()
        boss_id = boss.get("/api/v1/me").json["user_id"]
        self.assertProblem(boss.delete(f"{USERS}/{boss_id}"), 409)  # not yourself

    def test_never_shows_a_password(self):
        u = self.created(self.admin.post(USERS, {"login": "secret@people.test",
                                                 "password": PASSWORD}), USERS)
        for r in (self.admin.get(f"{USERS}/{u['id']}"), self.admin.get(USERS)):
            self.assertNotIn("password", r.text)
            self.assertNotIn("argon2", r.text)

    def test_advertiser_user_and_paging(self):
        a = self.created(self.admin.post(USERS, {"login": "adv-user@people.test",
                                                 "password": PASSWORD, "role": "advertiser_user",
                                                 "advertiser_id": self.adv["id"]}), USERS)
        self.assertEqual(a["advertiser_id"], self.adv["id"])
        r = self.admin.get(f"{USERS}?sort=-login&per_page=2")
        self.assertStatus(r, 200)
        logins = [u["login"] for u in self.admin.get(f"{USERS}?sort=login&per_page=500")
                  .json["items"]]
        self.assertEqual(logins, sorted(logins))
        self.assertEqual([u["login"] for u in r.json["items"]], sorted(logins, reverse=True)[:2])
        self.assertEqual(r.json["total"], len(logins))
        self.assertProblem(self.admin.get(f"{USERS}?sort=password"), 400, ["sort"])

    def login_admin(self):
        r, session = self.anon.login("boss@people.test", PASSWORD)
        self.assertStatus(r, 200)
        return session


class ApiKeyTest(ApiTestCase):
    @classmethod
    def seed(cls):
        cls.op = cls.sys.post("/api/v1/operators", {"name": "Key Op"}).json
        cls.admin = cls.server.client(cls.server.create_key("operator_admin", "Key Op"))
        cls.adv = cls.admin.post("/api/v1/advertisers", {"name": "Key Adv"}).json

    def test_create_use_list_revoke(self):
        k = self.created(self.admin.post(KEYS, {"name": "CRM sync", "role": "operator_staff"}),
                         KEYS)
        self.assertRegex(k["key"], r"^hk_[a-z0-9]{8}_\S+$")
        self.assertTrue(k["key"].startswith(f"hk_{k['prefix']}_"))
        self.assertEqual((k["role"], k["operator_id"], k["advertiser_id"], k["revoked_at"]),
                         ("operator_staff", self.op["id"], None, None))
        got = self.admin.get(f"{KEYS}/{k['id']}")
        self.assertStatus(got, 200)
        self.assertNotIn("key", got.json)  # shown once
        self.assertNotIn(k["key"], self.admin.get(KEYS).text)
        self.assertNotIn("hash", got.json)

        user = self.server.client(k["key"])
        me = user.get("/api/v1/me").json
        self.assertEqual((me["role"], me["api_key_id"], me["user_id"]),
                         ("operator_staff", k["id"], None))
        self.assertIsNotNone(self.admin.get(f"{KEYS}/{k['id']}").json["last_used_at"])

        self.assertStatus(self.admin.delete(f"{KEYS}/{k['id']}"), 204)
        self.assertProblem(user.get("/api/v1/me"), 401)
        revoked = self.admin.get(f"{KEYS}/{k['id']}").json
        self.assertIsNotNone(revoked["revoked_at"])  # kept for the audit trail
        self.assertStatus(self.admin.delete(f"{KEYS}/{k['id']}"), 204)  # revoking twice is fine
        self.assertProblem(self.admin.delete(f"{KEYS}/999999"), 404)

    def test_keys_cannot_be_edited(self):
        k = self.created(self.admin.post(KEYS, {"name": "fixed", "role": "operator_staff"}), KEYS)
        r = self.admin.patch(f"{KEYS}/{k['id']}", {"name": "renamed"})
        self.assertProblem(r, 405)
        self.assertIn("DELETE", r.headers.get("Allow"))

    def test_advertiser_key(self):
        k = self.created(self.admin.post(KEYS, {"name": "adv", "role": "advertiser_user",
                                                "advertiser_id": self.adv["id"]}), KEYS)
        me = self.server.client(k["key"]).get("/api/v1/me").json
        self.assertEqual((me["role"], me["advertiser_id"]), ("advertiser_user", self.adv["id"]))

    def test_rules_and_paging(self):
        self.assertProblem(self.admin.post(KEYS, {"name": "", "role": "operator_staff"}), 400,
                           ["/name"])
        self.assertProblem(self.admin.post(KEYS, {"name": "x", "role": "root"}), 400, ["/role"])
        self.assertProblem(self.admin.post(KEYS, {"name": "x", "secret": "mine"}), 400,
                           ["/secret"])
        for n in ["k-b", "k-a", "k-c"]:
            self.created(self.admin.post(KEYS, {"name": n, "role": "operator_staff"}), KEYS)
        names = [k["name"] for k in self.admin.get(f"{KEYS}?sort=name&per_page=500").json["items"]]
        self.assertEqual(names, sorted(names))
        r = self.admin.get(f"{KEYS}?sort=-name&per_page=1&page=1")
        self.assertEqual(r.json["items"][0]["name"], max(names))
        self.assertEqual(r.json["total"], len(names))


if __name__ == "__main__":
    unittest.main()
