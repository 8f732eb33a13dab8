"""Operators: CRUD by the system admin, paging and sorting, what an operator admin may do."""

import unittest

from harness import ApiTestCase

OPS = "/api/v1/operators"


class OperatorCrudTest(ApiTestCase):
    def test_create_get_update_delete(self):
        op = self.created(self.sys.post(OPS, {"name": "Kansai Media", "timezone": "Asia/Tokyo"}),
                          OPS)
        self.assertEqual(op["name"], "Kansai Media")
        self.assertEqual(op["timezone"], "Asia/Tokyo")
        self.assertRegex(op["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(op["created_at"], op["updated_at"])

        got = self.sys.get(f"{OPS}/{op['id']}")
        self.assertStatus(got, 200)
        self.assertEqual(got.json, op)

        r = self.sys.patch(f"{OPS}/{op['id']}", {"name": "Kansai Media Group", "timezone": "UTC"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["name"], "Kansai Media Group")
        self.assertEqual(r.json["timezone"], "UTC")
        self.assertEqual(r.json["created_at"], op["created_at"])
        self.assertEqual(self.sys.get(f"{OPS}/{op['id']}").json["name"], "Kansai Media Group")

        # A PATCH leaves the fields it does not name as they were.
        r = self.sys.patch(f"{OPS}/{op['id']}", {"timezone": "Asia/Seoul"})
        self.assertEqual(r.json["name"], "Kansai Media Group")

        r = self.sys.delete(f"{OPS}/{op['id']}")
        self.assertStatus(r, 204)
        self.assertEqual(r.body, b"")
        self.assertProblem(self.sys.get(f"{OPS}/{op['id']}"), 404)
        self.assertProblem(self.sys.delete(f"{OPS}/{op['id']}"), 404)
        self.assertProblem(self.sys.patch(f"{OPS}/{op['id']}", {"name": "again"}), 404)
        self.assertNotIn(op["id"], self.ids(self.sys, OPS))

    def test_default_timezone_and_required_name(self):
        op = self.created(self.sys.post(OPS, {"name": "Default TZ"}), OPS)
        self.assertEqual(op["timezone"], "Asia/Tokyo")
        self.assertProblem(self.sys.post(OPS, {"timezone": "UTC"}), 400, ["/name"])
        self.assertProblem(self.sys.post(OPS, {"name": "Bad TZ", "timezone": "Tokyo"}), 400,
                           ["/timezone"])

    def test_duplicate_name_conflicts(self):
        self.created(self.sys.post(OPS, {"name": "Twice"}), OPS)
        before = self.sys.get(OPS).json["total"]
        self.assertProblem(self.sys.post(OPS, {"name": "Twice"}), 409)
        self.assertEqual(self.sys.get(OPS).json["total"], before)

    def test_operator_in_use_cannot_be_deleted(self):
        op = self.created(self.sys.post(OPS, {"name": "Has advertisers"}), OPS)
        adv = self.created(
            self.sys.post("/api/v1/advertisers", {"name": "Child", "operator_id": op["id"]}),
            "/api/v1/advertisers")
        self.assertProblem(self.sys.delete(f"{OPS}/{op['id']}"), 409)
        self.assertStatus(self.sys.get(f"{OPS}/{op['id']}"), 200)
        self.assertStatus(self.sys.delete(f"/api/v1/advertisers/{adv['id']}"), 204)
        self.assertStatus(self.sys.delete(f"{OPS}/{op['id']}"), 204)


class OperatorPagingTest(ApiTestCase):
    NAMES = ["delta", "alpha", "echo", "charlie", "golf", "bravo", "foxtrot"]

    @classmethod
    def seed(cls):
        cls.made = [cls.sys.post(OPS, {"name": n}).json for n in cls.NAMES]

    def test_pages_and_totals(self):
        seen = []
        for page, size in [(1, 3), (2, 3), (3, 1)]:
            r = self.sys.get(f"{OPS}?page={page}&per_page=3")
            self.assertStatus(r, 200)
            self.assertEqual(r.json["total"], 7)
            self.assertEqual(r.json["page"], page)
            self.assertEqual(r.json["per_page"], 3)
            self.assertEqual(len(r.json["items"]), size)
            seen += [o["id"] for o in r.json["items"]]
        self.assertEqual(seen, sorted(o["id"] for o in self.made))  # default order: id
        r = self.sys.get(f"{OPS}?page=4&per_page=3")
        self.assertEqual(r.json["items"], [])
        self.assertEqual(r.json["total"], 7)

    def test_default_page_size(self):
        r = self.sys.get(OPS)
        self.assertEqual((r.json["page"], r.json["per_page"]), (1, 25))

    def test_sort_ascending_and_descending(self):
        names = [o["name"] for o in self.sys.get(f"{OPS}?sort=name").json["items"]]
        self.assertEqual(names, sorted(self.NAMES))
        names = [o["name"] for o in self.sys.get(f"{OPS}?sort=-name").json["items"]]
        self.assertEqual(names, sorted(self.NAMES, reverse=True))
        ids = [o["id"] for o in self.sys.get(f"{OPS}?sort=-id&per_page=2").json["items"]]
        self.assertEqual(ids, sorted((o["id"] for o in self.made), reverse=True)[:2])
        names = [o["name"] for o in self.sys.get(f"{OPS}?sort=name&page=2&per_page=2")
                 .json["items"]]
        self.assertEqual(names, ["charlie", "delta"])

    def test_bad_paging_parameters_are_named(self):
        for query, field in [("page=0", "page"), ("per_page=0", "per_page"),
                             ("per_page=501", "per_page"), ("page=x", "page"),
                             ("sort=timezone", "sort"), ("sort=-", "sort"),
                             ("page=1&page=2", "page")]:
            with self.subTest(query=query):
                self.assertProblem(self.sys.get(f"{OPS}?{query}"), 400, [field])
        p = self.assertProblem(self.sys.get(f"{OPS}?page=0&per_page=9999&sort=nope"), 400,
                               ["page", "per_page", "sort"])
        self.assertEqual(len(p["errors"]), 3)


class OperatorAdminTest(ApiTestCase):
    @classmethod
    def seed(cls):
        out = cls.server.ctl("operator", "create", "Own Op", "--admin-login", "boss@own.test",
                             "--admin-password", "correct horse battery").stdout
        cls.admin = cls.server.client(out.strip().splitlines()[-1].split()[-1])
        cls.own = cls.admin.get(OPS).json["items"][0]
        cls.other = cls.sys.post(OPS, {"name": "Other Op"}).json

    def test_sees_and_updates_only_its_own_operator(self):
        self.assertEqual(self.ids(self.admin, OPS), [self.own["id"]])
        r = self.admin.patch(f"{OPS}/{self.own['id']}", {"timezone": "Asia/Singapore"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["timezone"], "Asia/Singapore")

    def test_cannot_create_or_delete_operators(self):
        self.assertProblem(self.admin.post(OPS, {"name": "Mine too"}), 403)
        self.assertProblem(self.admin.delete(f"{OPS}/{self.own['id']}"), 403)
        self.assertNotIn("Mine too", [o["name"] for o in self.sys.get(OPS).json["items"]])

    def test_other_operator_is_not_found(self):
        self.assertProblem(self.admin.get(f"{OPS}/{self.other['id']}"), 404)
        self.assertProblem(self.admin.patch(f"{OPS}/{self.other['id']}", {"name": "x"}), 404)
        self.assertProblem(self.admin.delete(f"{OPS}/{self.other['id']}"), 404)
        self.assertEqual(self.sys.get(f"{OPS}/{self.other['id']}").json["name"], "Other Op")


if __name__ == "__main__":
    unittest.main()
