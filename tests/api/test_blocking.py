"""Call blocking lists: the operator's own and each number's; exact numbers, prefixes and
withheld callers; who may manage which list; and caller numbers never stored in clear."""

import sqlite3
import unittest

from harness import ApiTestCase
from world import World

OWN = "/api/v1/block-list"


class BlockingTest(ApiTestCase):
    @classmethod
    def seed(cls):
        cls.w = World(cls.server)
        # A free-call number of A: its callers' numbers are not shown to A (SPEC §2).
        cls.free = cls.w.x.admin.post("/api/v1/numbers", {
            "number": "0120-555-001", "name": "A free", "advertiser_id": cls.w.adv_a["id"]}).json

    def number_list(self, num):
        return f"/api/v1/numbers/{num['id']}/block-list"

    def test_operator_list(self):
        admin = self.w.x.admin
        r = admin.post(OWN, {"number": "+81 90-2222-3333", "note": "prank calls"})
        e = self.created(r, OWN)
        self.assertEqual((e["kind"], e["number"], e["number_masked"], e["prefix"], e["note"]),
                         ("exact", "09022223333", "090****3333", None, "prank calls"))
        self.assertIsNone(e["number_id"])
        self.assertTrue(e["created_by"].startswith("key:"))
        p = self.created(admin.post(OWN, {"prefix": "0120"}), OWN)
        self.assertEqual((p["kind"], p["prefix"], p["number"]), ("prefix", "0120", None))
        h = self.created(admin.post(OWN, {"withheld": True}), OWN)
        self.assertEqual(h["kind"], "withheld")
        self.assertEqual(admin.get(f"{OWN}/{e['id']}").json, e)
        # The same entry twice is a conflict; the same number written differently too.
        self.assertProblem(admin.post(OWN, {"number": "090-2222-3333"}), 409)
        self.assertProblem(admin.post(OWN, {"withheld": True}), 409)
        listed = admin.get(OWN).json
        self.assertEqual([x["id"] for x in listed["items"]][-3:], [e["id"], p["id"], h["id"]])
        for x in (e, p, h):
            self.assertStatus(admin.delete(f"{OWN}/{x['id']}"), 204)
        self.assertProblem(admin.get(f"{OWN}/{e['id']}"), 404)
        self.assertProblem(admin.delete(f"{OWN}/{e['id']}"), 404)

    def test_bad_entries_name_their_field(self):
        admin = self.w.x.admin
        cases = [({"number": "call me"}, "/number"),
                 ({"prefix": "03-1234-5678"}, "/prefix"),  # a whole number is not a prefix
                 ({"prefix": "0"}, "/prefix"),
                 ({"number": "0312345678", "prefix": "03"}, "/prefix"),
                 ({}, "/number"),
                 ({"withheld": "yes"}, "/withheld"),
                 ({"number": "0312345678", "colour": "red"}, "/colour"),
                 ({"trn_id": "NOSUCHCALL00000000000000"}, "/trn_id")]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertProblem(admin.post(OWN, body), 400, [field])
        self.assertProblem(self.sys.post(OWN, {"withheld": True}), 400, ["/operator_id"])
        r = self.sys.post(OWN, {"withheld": True, "operator_id": self.w.y.id})
        self.assertProblem(r, 409)  # Y's list has it already (World)

    def test_number_lists(self):
        w = self.w
        url = self.number_list(self.free)
        # The advertiser blocks a caller on its free-call number: it never sees the number.
        e = self.created(w.a_by_login.post(url, {"number": "080-7777-0001"}), url)
        self.assertEqual((e["number_id"], e["number"], e["number_masked"]),
                         (self.free["id"], None, "080****0001"))
        self.assertEqual(w.x.admin.get(f"{url}/{e['id']}").json["number"], "08077770001")
        self.assertEqual([x["id"] for x in w.a_by_key.get(url).json["items"]], [e["id"]])
        # Not on the operator's list, not under another number.
        self.assertProblem(w.x.admin.get(f"{OWN}/{e['id']}"), 404)
        other = self.number_list(w.num_a)
        self.assertProblem(w.x.admin.get(f"{other}/{e['id']}"), 404)
        self.assertProblem(w.a_by_key.delete(f"{other}/{e['id']}"), 404)
        # On its own 050 number A sees its callers' numbers.
        e2 = self.created(w.a_by_key.post(other, {"number": "080-7777-0002"}), other)
        self.assertEqual(e2["number"], "08077770002")
        self.assertStatus(w.a_by_key.delete(f"{other}/{e2['id']}"), 204)
        self.assertStatus(w.a_by_key.delete(f"{url}/{e['id']}"), 204)
        self.assertEqual(w.a_by_key.get(url).json["total"], 0)

    def test_advertiser_users_stay_off_the_operator_list(self):
        w = self.w
        for caller in (w.a_by_key, w.a_by_login):
            self.assertProblem(caller.get(OWN), 403)
            self.assertProblem(caller.post(OWN, {"withheld": True}), 403)
            self.assertProblem(caller.get(f"{OWN}/{w.block_x['id']}"), 403)
            self.assertProblem(caller.delete(f"{OWN}/{w.block_x['id']}"), 403)
        self.assertProblem(w.b_by_key.post(self.number_list(w.num_a), {"withheld": True}), 404)
        self.assertStatus(w.staff_by_key.get(OWN), 200)
        self.assertStatus(self.sys.get(f"{OWN}/{w.block_x['id']}"), 200)

    def test_caller_numbers_are_not_stored_in_clear(self):
        w = self.w
        self.created(w.x.admin.post(OWN, {"number": "070-4444-9876"}), OWN)
        url = self.number_list(w.num_b)
        self.created(w.x.admin.post(url, {"number": "+81 70 4444 5432"}), url)
        db = sqlite3.connect(f"file:{self.server.dir}/hankyo.db?mode=ro", uri=True)
        try:
            dump = "\n".join(db.iterdump())
        finally:
            db.close()
        for digits in ("07044449876", "7044449876", "07044445432", "44445432", "44449876"):
            self.assertNotIn(digits, dump)
        self.assertIn("070****9876", dump)  # the masked form is kept for screens


if __name__ == "__main__":
    unittest.main()
