"""Scopes: who sees and changes what, for every resource and every role.

The cross-tenant matrix takes the whole installation as the system admin sees it and, for
each caller, works out from the rules what that caller may see; then it checks every object
of every resource: hidden ones answer GET/PATCH/DELETE like an unknown id (404, or 403 where
the role has no access to the resource at all) and never appear in a list.
"""

import unittest

from harness import ApiTestCase
from world import PASSWORD, World

RESOURCES = ["operators", "advertisers", "numbers", "users", "api-keys", "flows",
             "flow-attachments", "block-list", "pools"]
UNKNOWN = 999999
PATCHES = {"operators": {"name": "hijacked"}, "advertisers": {"name": "hijacked"},
           "numbers": {"name": "hijacked"}, "users": {"display_name": "hijacked"},
           "api-keys": None,  # keys have no PATCH route
           "flows": {"document": {"name": "hijacked"}}, "flow-attachments": {"flow_id": 1},
           "block-list": None,  # entries are added and removed only
           "pools": {"name": "hijacked"}}


class ScopeTest(ApiTestCase):
    @classmethod
    def seed(cls):
        cls.w = World(cls.server)

    def everything(self):
        out = {}
        for res in RESOURCES:
            r = self.sys.get(f"/api/v1/{res}?per_page=500")
            self.assertStatus(r, 200)
            out[res] = r.json["items"]
        return out

    @staticmethod
    def visible(me, res, obj, world=None):
        """What the rules (SPEC §1, service/access.cpp) let `me` (a /me answer) see."""
        role, op, adv = me["role"], me["operator_id"], me["advertiser_id"]
        if res == "flows":
            return obj["operator_id"] == op and (role != "advertiser_user" or
                                                 obj["advertiser_id"] == adv)
        if res == "flow-attachments":
            if obj["number_id"] is not None:
                owner = {n["id"]: n["advertiser_id"] for n in world["numbers"]}[obj["number_id"]]
            else:
                owner = obj["advertiser_id"]
            return obj["operator_id"] == op and (role != "advertiser_user" or owner == adv)
        if res == "block-list":
            return obj["operator_id"] == op and role != "advertiser_user"
        if res == "operators":
            return obj["id"] == op
        if res == "advertisers":
            return obj["operator_id"] == op and (role != "advertiser_user" or obj["id"] == adv)
        if res in ("numbers", "pools"):
            return obj["operator_id"] == op and (role != "advertiser_user" or
                                                 obj["advertiser_id"] == adv)
        if res == "users" and me["user_id"] == obj["id"]:
            return True  # everyone reads their own user
        return role == "operator_admin" and obj["operator_id"] == op

    @staticmethod
    def hidden_status(me, res):
        no_access = me["role"] != "operator_admin" and res in ("users", "api-keys")
        # An operator's own block list is for operator roles only.
        no_access = no_access or (me["role"] == "advertiser_user" and res == "block-list")
        return 403 if no_access else 404

    def callers(self):
        w = self.w
        return {"advertiser A by key": w.a_by_key, "advertiser A by login": w.a_by_login,
                "advertiser B by key": w.b_by_key, "staff X by key": w.staff_by_key,
                "staff X by login": w.staff_by_login, "admin X by key": w.x.admin,
                "admin X by login": w.x_admin_by_login, "admin Y by key": w.y.admin}

    def test_cross_tenant_matrix(self):
        world = self.everything()
        checked = 0
        for name, caller in self.callers().items():
            me = caller.get("/api/v1/me").json
            for res in RESOURCES:
                path = f"/api/v1/{res}"
                hidden_status = self.hidden_status(me, res)
                unknown = caller.get(f"{path}/{UNKNOWN}")
                self.assertProblem(unknown, hidden_status)
                want = sorted(o["id"] for o in world[res] if self.visible(me, res, o, world))
                lst = caller.get(f"{path}?per_page=500")
                if hidden_status == 403:
                    self.assertProblem(lst, 403)
                else:
                    self.assertStatus(lst, 200)
                    self.assertEqual(sorted(o["id"] for o in lst.json["items"]), want,
                                     f"{name} lists {res}")
                    self.assertEqual(lst.json["total"], len(want), f"{name} counts {res}")
                for obj in world[res]:
                    url = f"{path}/{obj['id']}"
                    with self.subTest(caller=name, url=url):
                        got = caller.get(url)
                        if obj["id"] in want:
                            self.assertStatus(got, 200)
                            continue
                        # Exactly the answer for an id that does not exist.
                        self.assertProblem(got, hidden_status)
                        self.assertEqual(got.json["detail"], unknown.json["detail"])
                        if PATCHES[res]:
                            self.assertProblem(caller.patch(url, PATCHES[res]), hidden_status)
                        self.assertProblem(caller.delete(url), hidden_status)
                        checked += 1
        self.assertGreater(checked, 100)
        # Nothing hidden was changed or deleted on the way.
        after = self.everything()
        for res in RESOURCES:
            self.assertEqual([o["id"] for o in after[res]], [o["id"] for o in world[res]])
            for o in after[res]:
                self.assertNotEqual(o.get("name", o.get("display_name")), "hijacked")
            if res == "api-keys":
                self.assertEqual([o for o in after[res] if o["revoked_at"]], [])

    def test_per_number_routes_follow_the_number(self):
        """A number's flow, block list and absence switch are as hidden as the number."""
        w = self.w
        cases = [(w.a_by_key, w.num_b), (w.a_by_login, w.num_b), (w.b_by_key, w.num_a),
                 (w.x.admin, w.num_c), (w.y.admin, w.num_a), (w.staff_by_key, w.num_y)]
        for caller, num in cases:
            base = f"/api/v1/numbers/{num['id']}"
            with self.subTest(number=num["number"]):
                for path in ("/flow", "/block-list", "/absence"):
                    self.assertProblem(caller.get(base + path), 404)
                self.assertProblem(caller.request("PUT", base + "/absence", {"absent": True}),
                                   404)
                self.assertProblem(caller.post(base + "/block-list", {"withheld": True}), 404)
        for caller, adv in [(w.a_by_key, w.adv_b), (w.y.admin, w.adv_a)]:
            self.assertProblem(caller.get(f"/api/v1/advertisers/{adv['id']}/absence"), 404)
            self.assertProblem(caller.request("PUT", f"/api/v1/advertisers/{adv['id']}/absence",
                                              {"absent": True}), 404)
        for num in (w.num_a, w.num_b, w.num_c, w.num_y):
            r = self.sys.get(f"/api/v1/numbers/{num['id']}/absence").json
            self.assertFalse(r["effective"])
            self.assertEqual(self.sys.get(f"/api/v1/numbers/{num['id']}/block-list")
                             .json["total"], 0)
        # The owners themselves do see them.
        self.assertEqual(w.a_by_key.get(f"/api/v1/numbers/{w.num_a['id']}/flow")
                         .json["flow_id"], w.flow_a["id"])
        self.assertStatus(w.a_by_login.get(f"/api/v1/numbers/{w.num_a['id']}/absence"), 200)

    def test_number_filters_do_not_widen_the_scope(self):
        w = self.w
        for caller in (w.a_by_key, w.a_by_login):
            r = caller.get(f"/api/v1/numbers?advertiser_id={w.adv_b['id']}")
            self.assertEqual((r.json["items"], r.json["total"]), ([], 0))
            r = caller.get("/api/v1/numbers?q=050")
            self.assertEqual([n["id"] for n in r.json["items"]],
                             [w.num_a["id"]] + w.pool_a["number_ids"])
        r = w.x.admin.get(f"/api/v1/numbers?advertiser_id={w.adv_c['id']}")
        self.assertEqual(r.json["total"], 0)

    def test_export_is_scoped(self):
        w = self.w
        doc = w.a_by_key.get("/api/v1/export").json
        self.assertEqual([o["name"] for o in doc["operators"]], ["OpX"])
        self.assertEqual([a["name"] for a in doc["operators"][0]["advertisers"]], ["Adv A"])
        self.assertNotIn("numbers", doc["operators"][0])  # no operator inventory
        self.assertNotIn("05010000002", str(doc))
        doc = w.x.admin.get("/api/v1/export").json
        self.assertEqual([o["name"] for o in doc["operators"]], ["OpX"])
        self.assertNotIn("OpY", str(doc))
        self.assertNotIn("05020000001", str(doc))

    def test_apply_does_not_reveal_other_tenants(self):
        """Naming another tenant's operator or advertiser answers like naming an unknown one."""
        w = self.w

        def reasons(caller, doc):
            r = caller.post("/api/v1/apply", doc)
            self.assertProblem(r, 400)
            return r.json["detail"], [e["reason"] for e in r.json["errors"]]

        self.assertEqual(reasons(w.x.admin, {"operators": [{"name": "OpY"}]}),
                         reasons(w.x.admin, {"operators": [{"name": "No Such Op"}]}))
        self.assertEqual(
            reasons(w.a_by_key, {"operators": [{"name": "OpX", "advertisers": [
                {"name": "Adv B"}]}]}),
            reasons(w.a_by_key, {"operators": [{"name": "OpX", "advertisers": [
                {"name": "No Such Advertiser"}]}]}))
        self.assertEqual(self.sys.get(f"/api/v1/advertisers/{w.adv_b['id']}").json["name"],
                         "Adv B")


class RoleTest(ApiTestCase):
    @classmethod
    def seed(cls):
        cls.w = World(cls.server)

    def test_staff_cannot_manage_users_or_keys(self):
        w = self.w
        for staff in (w.staff_by_key, w.staff_by_login):
            self.assertProblem(staff.get("/api/v1/users"), 403)
            self.assertProblem(staff.post("/api/v1/users", {"login": "new@opx.test",
                                                            "password": PASSWORD,
                                                            "role": "operator_staff"}), 403)
            self.assertProblem(staff.patch(f"/api/v1/users/{w.user_a['id']}",
                                           {"disabled": True}), 403)
            self.assertProblem(staff.delete(f"/api/v1/users/{w.user_a['id']}"), 403)
            self.assertProblem(staff.get("/api/v1/api-keys"), 403)
            self.assertProblem(staff.get(f"/api/v1/api-keys/{w.key_a['id']}"), 403)
            self.assertProblem(staff.post("/api/v1/api-keys", {"name": "mine",
                                                               "role": "operator_staff"}), 403)
            self.assertProblem(staff.delete(f"/api/v1/api-keys/{w.key_a['id']}"), 403)
        self.assertStatus(w.a_by_key.get("/api/v1/me"), 200)  # key A still works
        self.assertFalse(self.sys.get(f"/api/v1/users/{w.user_a['id']}").json["disabled"])
        # Staff read their own user, and run the inventory.
        me = w.staff_by_login.get("/api/v1/me").json
        self.assertStatus(w.staff_by_login.get(f"/api/v1/users/{me['user_id']}"), 200)
        n = self.created(w.staff_by_key.post("/api/v1/numbers", {
            "number": "050-1000-0099", "name": "staff made", "advertiser_id": w.adv_a["id"]}),
            "/api/v1/numbers")
        self.assertStatus(w.staff_by_key.delete(f"/api/v1/numbers/{n['id']}"), 204)
        self.assertProblem(w.staff_by_key.patch(f"/api/v1/operators/{w.x.id}", {"name": "x"}),
                           403)

    def test_advertiser_user_changes_only_name_and_destinations(self):
        w = self.w
        url = f"/api/v1/numbers/{w.num_a['id']}"
        for caller in (w.a_by_key, w.a_by_login):
            r = caller.patch(url, {"name": "Changed by A",
                                   "destinations": ["+81 3 9999 0000", "sip:a@pbx.a.test"]})
            self.assertStatus(r, 200)
            self.assertEqual(r.json["destinations"], ["0399990000", "sip:a@pbx.a.test"])
            for body in ({"max_lines": 9}, {"state": "quarantined"}, {"trunk": "other"},
                         {"advertiser_id": w.adv_b["id"]}, {"number": "050-1000-0077"},
                         {"monthly_cost": 1}, {"name": "sneaky", "max_lines": 9}):
                with self.subTest(body=body):
                    self.assertProblem(caller.patch(url, body), 403)
        now = self.sys.get(url).json
        self.assertEqual((now["name"], now["max_lines"], now["state"], now["advertiser_id"]),
                         ("Changed by A", 0, "assigned", w.adv_a["id"]))
        # Sending back unchanged values is fine.
        self.assertStatus(w.a_by_key.patch(url, {"max_lines": 0, "name": "Back"}), 200)

    def test_advertiser_user_cannot_create_or_delete(self):
        w = self.w
        a = w.a_by_login
        self.assertProblem(a.post("/api/v1/numbers", {"number": "050-1000-0088", "name": "x",
                                                      "advertiser_id": w.adv_a["id"]}), 403)
        self.assertProblem(a.delete(f"/api/v1/numbers/{w.num_a['id']}"), 403)
        self.assertProblem(a.patch(f"/api/v1/advertisers/{w.adv_a['id']}", {"max_lines": 99}),
                           403)
        self.assertProblem(a.post("/api/v1/advertisers", {"name": "Mine"}), 403)
        self.assertProblem(a.delete(f"/api/v1/advertisers/{w.adv_a['id']}"), 403)
        self.assertProblem(a.post("/api/v1/api-keys", {"name": "k", "role": "advertiser_user",
                                                       "advertiser_id": w.adv_a["id"]}), 403)
        self.assertStatus(self.sys.get(f"/api/v1/numbers/{w.num_a['id']}"), 200)
        self.assertEqual(self.sys.get(f"/api/v1/advertisers/{w.adv_a['id']}").json["max_lines"],
                         2)

    def test_nobody_grants_above_their_own_role(self):
        w = self.w
        admin = w.x.admin
        cases = [
            (admin, "/api/v1/users", {"login": "root@opx.test", "password": PASSWORD,
                                      "role": "system_admin"}),
            (admin, "/api/v1/api-keys", {"name": "root", "role": "system_admin"}),
            (w.x_admin_by_login, "/api/v1/api-keys", {"name": "root", "role": "system_admin"}),
        ]
        for caller, path, body in cases:
            with self.subTest(path=path, body=body):
                self.assertProblem(caller.post(path, body), 403, ["/role"])
        me = w.x_admin_by_login.get("/api/v1/me").json
        self.assertProblem(w.x_admin_by_login.patch(f"/api/v1/users/{me['user_id']}",
                                                    {"role": "system_admin"}), 403)
        self.assertProblem(admin.patch(f"/api/v1/users/{w.user_staff['id']}",
                                       {"role": "system_admin"}), 403)
        a_me = w.a_by_login.get("/api/v1/me").json
        self.assertProblem(w.a_by_login.patch(f"/api/v1/users/{a_me['user_id']}",
                                              {"role": "operator_admin"}), 403)
        self.assertProblem(w.a_by_login.patch(f"/api/v1/users/{a_me['user_id']}",
                                              {"advertiser_id": w.adv_b["id"]}), 403)
        staff_me = w.staff_by_login.get("/api/v1/me").json
        self.assertProblem(w.staff_by_login.patch(f"/api/v1/users/{staff_me['user_id']}",
                                                  {"role": "operator_admin"}), 403)
        # A user changes its own name (and password) but nothing else.
        r = w.a_by_login.patch(f"/api/v1/users/{a_me['user_id']}", {"display_name": "A person"})
        self.assertStatus(r, 200)
        self.assertEqual((r.json["role"], r.json["advertiser_id"]),
                         ("advertiser_user", w.adv_a["id"]))
        roles = {u["login"]: u["role"] for u in self.sys.get("/api/v1/users").json["items"]}
        self.assertNotIn("root@opx.test", roles)
        self.assertEqual(roles["staff@opx.test"], "operator_staff")
        self.assertEqual(roles["user@adv-a.test"], "advertiser_user")

    def test_grants_stay_inside_the_own_operator(self):
        w = self.w
        admin = w.x.admin
        self.assertProblem(admin.post("/api/v1/users", {
            "login": "spy@opy.test", "password": PASSWORD, "role": "operator_admin",
            "operator_id": w.y.id}), 404, ["/operator_id"])
        self.assertProblem(admin.post("/api/v1/api-keys", {
            "name": "spy", "role": "operator_staff", "operator_id": w.y.id}), 404)
        # Another operator's advertiser answers like an advertiser that does not exist.
        foreign = admin.post("/api/v1/users", {"login": "spy2@opx.test", "password": PASSWORD,
                                               "role": "advertiser_user",
                                               "advertiser_id": w.adv_c["id"]})
        unknown = admin.post("/api/v1/users", {"login": "spy3@opx.test", "password": PASSWORD,
                                               "role": "advertiser_user",
                                               "advertiser_id": UNKNOWN})
        self.assertProblem(foreign, 400, ["/advertiser_id"])
        self.assertEqual(foreign.json, unknown.json)
        foreign = admin.post("/api/v1/numbers", {"number": "050-1000-0066", "name": "x",
                                                 "advertiser_id": w.adv_c["id"]})
        unknown = admin.post("/api/v1/numbers", {"number": "050-1000-0066", "name": "x",
                                                 "advertiser_id": UNKNOWN})
        self.assertProblem(foreign, 400, ["/advertiser_id"])
        self.assertEqual(foreign.json, unknown.json)
        self.assertProblem(admin.post("/api/v1/numbers", {"number": "050-1000-0065", "name": "x",
                                                          "operator_id": w.y.id}), 404)
        self.assertProblem(admin.post("/api/v1/advertisers", {"name": "x",
                                                              "operator_id": w.y.id}), 404)
        self.assertProblem(admin.patch(f"/api/v1/numbers/{w.num_x['id']}",
                                       {"advertiser_id": w.adv_c["id"]}), 400, ["/advertiser_id"])
        logins = [u["login"] for u in self.sys.get("/api/v1/users?per_page=500").json["items"]]
        self.assertFalse({"spy@opy.test", "spy2@opx.test", "spy3@opx.test"} & set(logins))
        self.assertEqual(self.sys.get(f"/api/v1/numbers/{w.num_x['id']}").json["advertiser_id"],
                         None)


if __name__ == "__main__":
    unittest.main()
