"""Valid-call judgement settings on the advertiser (validated field by field) and the
advertisers' exclusion lists (scoped like block lists; numbers never stored in clear)."""

import sqlite3
import unittest

from harness import ApiTestCase
from world import World

ADVS = "/api/v1/advertisers"


class JudgementTest(ApiTestCase):
    @classmethod
    def seed(cls):
        cls.w = World(cls.server)

    def exclusions(self, adv):
        return f"{ADVS}/{adv['id']}/judgement/exclusions"

    def test_settings_default_and_round_trip(self):
        admin = self.w.x.admin
        adv = self.created(admin.post(ADVS, {"name": "Judged"}), ADVS)
        self.assertEqual(adv["judgement"], {"valid_threshold_sec": 60, "duplicate_window_sec": 0,
                                            "ivr_rules": []})
        want = {"valid_threshold_sec": 30, "duplicate_window_sec": 7 * 86400,
                "ivr_rules": [{"var": "menu", "value": "2", "min_talk_sec": 10},
                              {"var": "menu", "value": "9", "min_talk_sec": 0}]}
        r = admin.patch(f"{ADVS}/{adv['id']}", {"judgement": want})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["judgement"], want)
        self.assertEqual(admin.get(f"{ADVS}/{adv['id']}").json["judgement"], want)
        # A partial change keeps the other settings.
        r = admin.patch(f"{ADVS}/{adv['id']}", {"judgement": {"valid_threshold_sec": 45}})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["judgement"], {**want, "valid_threshold_sec": 45})
        created = self.created(admin.post(ADVS, {"name": "Judged 2", "judgement": want}), ADVS)
        self.assertEqual(created["judgement"], want)

    def test_bad_settings_name_their_field(self):
        admin = self.w.x.admin
        url = f"{ADVS}/{self.w.adv_a['id']}"
        before = admin.get(url).json["judgement"]
        cases = [({"valid_threshold_sec": -1}, "/judgement/valid_threshold_sec"),
                 ({"valid_threshold_sec": 3601}, "/judgement/valid_threshold_sec"),
                 ({"valid_threshold_sec": "60"}, "/judgement/valid_threshold_sec"),
                 ({"duplicate_window_sec": -5}, "/judgement/duplicate_window_sec"),
                 ({"duplicate_window_sec": 400 * 86400}, "/judgement/duplicate_window_sec"),
                 ({"ivr_rules": {"var": "menu"}}, "/judgement/ivr_rules"),
                 ({"ivr_rules": [{"value": "1"}]}, "/judgement/ivr_rules/0/var"),
                 ({"ivr_rules": [{"var": "menu", "value": "1"}, {"var": "menu"}]},
                  "/judgement/ivr_rules/1/value"),
                 ({"ivr_rules": [{"var": "", "value": "1"}]}, "/judgement/ivr_rules/0/var"),
                 ({"ivr_rules": [{"var": "m", "value": "1", "min_talk_sec": -1}]},
                  "/judgement/ivr_rules/0/min_talk_sec"),
                 ({"ivr_rules": [{"var": "m", "value": "1", "colour": "red"}]},
                  "/judgement/ivr_rules/0/colour"),
                 ({"ivr_rules": [{"var": "m", "value": str(i)} for i in range(21)]},
                  "/judgement/ivr_rules"),
                 ({"threshold": 10}, "/judgement/threshold")]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertProblem(admin.patch(url, {"judgement": body}), 400, [field])
        self.assertProblem(admin.patch(url, {"judgement": 60}), 400, ["/judgement"])
        self.assertEqual(admin.get(url).json["judgement"], before)

    def test_exclusions_add_list_remove(self):
        admin = self.w.x.admin
        url = self.exclusions(self.w.adv_b)
        e = self.created(admin.post(url, {"number": "+81 90-5555-0001", "note": "the owner"}), url)
        self.assertEqual((e["number"], e["number_masked"], e["note"], e["advertiser_id"]),
                         ("09055550001", "090****0001", "the owner", self.w.adv_b["id"]))
        self.assertProblem(admin.post(url, {"number": "090-5555-0001"}), 409)
        self.assertEqual(admin.get(f"{url}/{e['id']}").json, e)
        self.assertEqual([x["id"] for x in admin.get(url).json["items"]], [e["id"]])
        # Another advertiser's path does not reach the entry.
        other = self.exclusions(self.w.adv_a)
        self.assertProblem(admin.get(f"{other}/{e['id']}"), 404)
        self.assertProblem(admin.delete(f"{other}/{e['id']}"), 404)
        self.assertStatus(admin.delete(f"{url}/{e['id']}"), 204)
        self.assertProblem(admin.get(f"{url}/{e['id']}"), 404)

    def test_bad_exclusions_name_their_field(self):
        url = self.exclusions(self.w.adv_a)
        cases = [({"number": "call me"}, "/number"),
                 ({}, "/number"),
                 ({"number": "0312345678", "trn_id": "X"}, "/number"),
                 ({"number": "0312345678", "colour": "red"}, "/colour"),
                 ({"trn_id": "NOSUCHCALL00000000000000"}, "/trn_id")]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertProblem(self.w.x.admin.post(url, body), 400, [field])

    def test_scope(self):
        w = self.w
        mine = self.exclusions(w.adv_a)
        e = self.created(w.a_by_key.post(mine, {"number": "080-7777-0001"}), mine)
        self.assertIsNone(e["number"])  # advertiser users see the masked number only
        self.assertEqual(e["number_masked"], "080****0001")
        self.assertStatus(w.a_by_login.get(mine), 200)
        for caller in (w.b_by_key, w.y.admin):
            self.assertProblem(caller.get(mine), 404)
            self.assertProblem(caller.post(mine, {"number": "080-7777-0002"}), 404)
            self.assertProblem(caller.delete(f"{mine}/{e['id']}"), 404)
        self.assertProblem(w.a_by_key.get(self.exclusions(w.adv_b)), 404)
        self.assertProblem(w.x.admin.get(f"{ADVS}/999999/judgement/exclusions"), 404)
        self.assertStatus(w.staff_by_key.get(mine), 200)
        self.assertStatus(w.a_by_key.delete(f"{mine}/{e['id']}"), 204)

    def test_numbers_are_not_stored_in_clear(self):
        url = self.exclusions(self.w.adv_b)
        self.created(self.w.x.admin.post(url, {"number": "070-4444-1234"}), url)
        db = sqlite3.connect(f"file:{self.server.dir}/hankyo.db?mode=ro", uri=True)
        try:
            dump = "\n".join(db.iterdump())
        finally:
            db.close()
        for digits in ("07044441234", "7044441234", "44441234"):
            self.assertNotIn(digits, dump)
        self.assertIn("070****1234", dump)


if __name__ == "__main__":
    unittest.main()
