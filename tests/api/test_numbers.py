"""Tracking numbers: CRUD, type from the prefix, normalised destinations, filters, paging."""

import unittest

from harness import ApiTestCase

NUMS = "/api/v1/numbers"


class NumberTest(ApiTestCase):
    @classmethod
    def seed(cls):
        out = cls.server.ctl("operator", "create", "Num Op", "--admin-login", "boss@num.test",
                             "--admin-password", "correct horse battery").stdout
        cls.admin = cls.server.client(out.strip().splitlines()[-1].split()[-1])
        cls.adv = cls.admin.post("/api/v1/advertisers", {"name": "Owner"}).json
        cls.adv2 = cls.admin.post("/api/v1/advertisers", {"name": "Second"}).json

    def test_create_get_update_delete(self):
        n = self.created(self.admin.post(NUMS, {
            "number": "0120-111-222", "name": "Spring flyer", "advertiser_id": self.adv["id"],
            "destinations": ["03-1111-2222", "+81 90 1111 2222"], "ring_timeout_sec": 20,
            "max_lines": 3, "monthly_cost": 1500}), NUMS)
        self.assertEqual(n["number"], "0120111222")
        self.assertEqual(n["type"], "0120")
        self.assertIs(n["free_call"], True)
        self.assertIs(n["shows_caller_number"], False)
        self.assertEqual(n["destinations"], ["0311112222", "09011112222"])
        self.assertEqual(n["state"], "assigned")  # it has an advertiser
        self.assertEqual((n["ring_timeout_sec"], n["max_lines"], n["monthly_cost"]), (20, 3, 1500))
        self.assertEqual(n["advertiser_id"], self.adv["id"])
        self.assertEqual(self.admin.get(f"{NUMS}/{n['id']}").json, n)

        r = self.admin.patch(f"{NUMS}/{n['id']}", {
            "name": "Summer flyer", "destinations": ["sip:desk@pbx.example.jp", "06-2222-3333"],
            "advertiser_id": self.adv2["id"]})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["name"], "Summer flyer")
        self.assertEqual(r.json["destinations"], ["sip:desk@pbx.example.jp", "0622223333"])
        self.assertEqual(r.json["advertiser_id"], self.adv2["id"])
        self.assertEqual(r.json["ring_timeout_sec"], 20)

        # Sending back what GET returned (derived fields included) is accepted.
        back = dict(r.json)
        back["name"] = "Round trip"
        r = self.admin.patch(f"{NUMS}/{n['id']}", back)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["name"], "Round trip")

        self.assertStatus(self.admin.delete(f"{NUMS}/{n['id']}"), 204)
        self.assertProblem(self.admin.get(f"{NUMS}/{n['id']}"), 404)
        self.assertNotIn(n["id"], self.ids(self.admin, NUMS))

    def test_type_is_inferred_from_the_prefix(self):
        cases = [("0800-123-4567", "0800", True, False), ("0078-1234-5678", "0078", True, True),
                 ("050-5555-0101", "050", False, True), ("03-5555-0003", "geographic", False, True),
                 ("+81 6 5555 0004", "geographic", False, True),
                 ("+1 (415) 555-0100", "other", False, True)]
        for text, typ, free, shows in cases:
            with self.subTest(number=text):
                n = self.created(self.admin.post(NUMS, {"number": text, "name": "t"}), NUMS)
                self.assertEqual((n["type"], n["free_call"], n["shows_caller_number"]),
                                 (typ, free, shows))
                self.assertEqual(n["state"], "available")  # operator inventory
                self.assertIsNone(n["advertiser_id"])
        self.assertEqual(self.admin.get(f"{NUMS}?q=%2B1415").json["items"][0]["number"],
                         "+14155550100")
        self.assertEqual(self.admin.get(f"{NUMS}?q=0655550004").json["items"][0]["type"],
                         "geographic")

    def test_type_must_match_the_prefix_and_length(self):
        self.assertProblem(self.admin.post(NUMS, {"number": "0120-000-111", "name": "t",
                                                  "type": "050"}), 400, ["/type"])
        self.assertProblem(self.admin.post(NUMS, {"number": "0120-000-1111", "name": "t"}), 400,
                           ["/number"])
        self.assertProblem(self.admin.post(NUMS, {"number": "call me", "name": "t"}), 400,
                           ["/number"])
        self.assertProblem(self.admin.post(NUMS, {"number": "050-1234-5678", "name": "t",
                                                  "type": "mobile"}), 400, ["/type"])

    def test_bad_destinations_are_named_by_index(self):
        p = self.assertProblem(self.admin.post(NUMS, {
            "number": "050-7777-0001", "name": "t",
            "destinations": ["03-1111-2222", "not a number", "050-7777-0001"]}), 400,
            ["/destinations/1", "/destinations/2"])
        self.assertEqual(len(p["errors"]), 2)
        self.assertProblem(self.admin.post(NUMS, {
            "number": "050-7777-0001", "name": "t", "destinations": ["0311112222"] * 6}), 400,
            ["/destinations"])
        self.assertProblem(self.admin.post(NUMS, {
            "number": "050-7777-0001", "name": "t", "destinations": "0311112222"}), 400,
            ["/destinations"])
        self.assertEqual(self.admin.get(f"{NUMS}?q=05077770001").json["total"], 0)

    def test_the_same_number_twice_conflicts(self):
        self.created(self.admin.post(NUMS, {"number": "050-8888-0001", "name": "first"}), NUMS)
        self.assertProblem(self.admin.post(NUMS, {"number": "05088880001", "name": "again"}), 409)
        self.assertEqual(self.admin.get(f"{NUMS}?q=05088880001").json["total"], 1)

    def test_advertiser_must_belong_to_the_operator(self):
        other = self.sys.post("/api/v1/operators", {"name": "Other Num Op"}).json
        foreign = self.sys.post("/api/v1/advertisers",
                                {"name": "Foreign", "operator_id": other["id"]}).json
        self.assertProblem(self.admin.post(NUMS, {"number": "050-8888-0002", "name": "t",
                                                  "advertiser_id": foreign["id"]}), 400,
                           ["/advertiser_id"])


class NumberListTest(ApiTestCase):
    @classmethod
    def seed(cls):
        cls.op = cls.sys.post("/api/v1/operators", {"name": "List Op"}).json
        cls.admin = cls.server.client(cls.server.create_key("operator_admin", "List Op"))
        cls.adv = cls.admin.post("/api/v1/advertisers", {"name": "Lister"}).json
        specs = [("050-4000-0003", "Banner c", True), ("050-4000-0001", "Banner a", True),
                 ("0120-400-002", "Flyer", True), ("050-4000-0004", "Stock", False),
                 ("03-4000-0005", "Billboard", True)]
        cls.made = []
        for digits, name, assigned in specs:
            body = {"number": digits, "name": name}
            if assigned:
                body["advertiser_id"] = cls.adv["id"]
            cls.made.append(cls.admin.post(NUMS, body).json)

    def numbers(self, query):
        r = self.admin.get(f"{NUMS}?{query}")
        self.assertStatus(r, 200)
        return [n["number"] for n in r.json["items"]], r.json["total"]

    def test_filters(self):
        self.assertEqual(self.numbers("type=050&sort=number"),
                         (["05040000001", "05040000003", "05040000004"], 3))
        self.assertEqual(self.numbers("state=available")[0], ["05040000004"])
        self.assertEqual(self.numbers(f"advertiser_id={self.adv['id']}")[1], 4)
        self.assertEqual(self.numbers("q=Banner&sort=-number")[0], ["05040000003", "05040000001"])
        self.assertEqual(self.numbers("q=0120")[0], ["0120400002"])
        self.assertEqual(self.numbers(f"type=050&state=assigned&advertiser_id={self.adv['id']}"),
                         (["05040000003", "05040000001"], 2))
        self.assertEqual(self.numbers("type=geographic")[0], ["0340000005"])

    def test_bad_filters_are_named(self):
        p = self.assertProblem(self.admin.get(f"{NUMS}?state=lost&type=mobile&advertiser_id=x"),
                               400, ["state", "type", "advertiser_id"])
        self.assertEqual(len(p["errors"]), 3)

    def test_paging_and_sorting(self):
        numbers, total = self.numbers("sort=number&per_page=2&page=2")
        self.assertEqual(total, 5)
        self.assertEqual(numbers, ["05040000001", "05040000003"])
        names = [n["name"] for n in self.admin.get(f"{NUMS}?sort=-name").json["items"]]
        self.assertEqual(names, sorted((n["name"] for n in self.made), reverse=True))
        states = [n["state"] for n in self.admin.get(f"{NUMS}?sort=state").json["items"]]
        self.assertEqual(states, sorted(states))
        self.assertProblem(self.admin.get(f"{NUMS}?sort=destinations"), 400, ["sort"])


if __name__ == "__main__":
    unittest.main()
