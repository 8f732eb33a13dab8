"""Advertisers: CRUD by an operator admin, operator implied, paging, delete rules."""

import unittest

from harness import ApiTestCase

ADVS = "/api/v1/advertisers"
NUMS = "/api/v1/numbers"


class AdvertiserTest(ApiTestCase):
    @classmethod
    def seed(cls):
        out = cls.server.ctl("operator", "create", "Adv Op", "--admin-login", "boss@adv.test",
                             "--admin-password", "correct horse battery").stdout
        cls.admin = cls.server.client(out.strip().splitlines()[-1].split()[-1])
        cls.op_id = cls.admin.get("/api/v1/operators").json["items"][0]["id"]
        cls.other_op = cls.sys.post("/api/v1/operators", {"name": "Elsewhere"}).json

    def test_create_get_update_delete(self):
        adv = self.created(self.admin.post(ADVS, {"name": "Sakura Dental", "max_lines": 4}), ADVS)
        self.assertEqual(adv["operator_id"], self.op_id)  # the admin's own operator
        self.assertEqual(adv["max_lines"], 4)
        self.assertEqual(adv["timezone"], "")  # empty: the operator's
        self.assertIs(adv["active"], True)
        self.assertEqual(self.admin.get(f"{ADVS}/{adv['id']}").json, adv)

        r = self.admin.patch(f"{ADVS}/{adv['id']}",
                             {"max_lines": 0, "active": False, "timezone": "Asia/Tokyo"})
        self.assertStatus(r, 200)
        self.assertEqual((r.json["max_lines"], r.json["active"], r.json["timezone"]),
                         (0, False, "Asia/Tokyo"))
        self.assertEqual(r.json["name"], "Sakura Dental")

        self.assertStatus(self.admin.delete(f"{ADVS}/{adv['id']}"), 204)
        self.assertProblem(self.admin.get(f"{ADVS}/{adv['id']}"), 404)
        self.assertNotIn(adv["id"], self.ids(self.admin, ADVS))

    def test_system_admin_names_the_operator(self):
        self.assertProblem(self.sys.post(ADVS, {"name": "Orphan"}), 400, ["/operator_id"])
        adv = self.created(
            self.sys.post(ADVS, {"name": "Placed", "operator_id": self.other_op["id"]}), ADVS)
        self.assertEqual(adv["operator_id"], self.other_op["id"])
        self.assertProblem(self.sys.post(ADVS, {"name": "Nowhere", "operator_id": 999999}), 400,
                           ["/operator_id"])

    def test_cannot_move_to_another_operator(self):
        adv = self.created(self.sys.post(ADVS, {"name": "Stays", "operator_id": self.op_id}),
                           ADVS)
        self.assertProblem(
            self.sys.patch(f"{ADVS}/{adv['id']}", {"operator_id": self.other_op["id"]}), 400,
            ["/operator_id"])
        self.assertEqual(self.sys.get(f"{ADVS}/{adv['id']}").json["operator_id"], self.op_id)

    def test_names_are_unique_within_an_operator(self):
        self.created(self.admin.post(ADVS, {"name": "Same Name"}), ADVS)
        self.assertProblem(self.admin.post(ADVS, {"name": "Same Name"}), 409)
        # Another operator may use the name.
        self.created(self.sys.post(ADVS, {"name": "Same Name", "operator_id": self.other_op["id"]}),
                     ADVS)

    def test_advertiser_with_numbers_cannot_be_deleted(self):
        adv = self.created(self.admin.post(ADVS, {"name": "Has numbers"}), ADVS)
        num = self.created(self.admin.post(NUMS, {"number": "050-3000-0001", "name": "n",
                                                  "advertiser_id": adv["id"]}), NUMS)
        self.assertProblem(self.admin.delete(f"{ADVS}/{adv['id']}"), 409)
        self.assertStatus(self.admin.get(f"{ADVS}/{adv['id']}"), 200)
        self.assertStatus(self.admin.delete(f"{NUMS}/{num['id']}"), 204)
        self.assertStatus(self.admin.delete(f"{ADVS}/{adv['id']}"), 204)

    def test_out_of_range_and_wrong_types(self):
        p = self.assertProblem(
            self.admin.post(ADVS, {"name": "", "max_lines": 100001, "active": "yes"}), 400,
            ["/max_lines", "/active"])
        self.assertEqual(p["detail"], f"{len(p['errors'])} fields are invalid")
        self.assertProblem(self.admin.post(ADVS, {"name": ""}), 400, ["/name"])
        self.assertProblem(self.admin.post(ADVS, {"name": "x" * 201}), 400, ["/name"])

    def test_paging_and_sorting(self):
        self.sys.post("/api/v1/operators", {"name": "Paging Op"})
        admin = self.server.client(self.server.create_key("operator_admin", "Paging Op"))
        made = [self.created(admin.post(ADVS, {"name": n}), ADVS)
                for n in ["m3", "m1", "m2", "m5", "m4"]]
        r = admin.get(f"{ADVS}?per_page=2&page=3&sort=name")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["total"], 5)
        self.assertEqual([a["name"] for a in r.json["items"]], ["m5"])
        r = admin.get(f"{ADVS}?sort=-name")
        self.assertEqual([a["name"] for a in r.json["items"]], ["m5", "m4", "m3", "m2", "m1"])
        stamps = [a["created_at"] for a in admin.get(f"{ADVS}?sort=-created_at").json["items"]]
        self.assertEqual(stamps, sorted((a["created_at"] for a in made), reverse=True))
        self.assertProblem(admin.get(f"{ADVS}?sort=max_lines"), 400, ["sort"])


if __name__ == "__main__":
    unittest.main()
