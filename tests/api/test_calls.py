"""The call log through the API: records written by the call-log writer (here: replayed from
its crash journal, the path a record takes when the database was away) are searched, sorted
and paged, each reader sees only its own tenant's calls, and caller numbers never leave as
ciphertext."""

import json
import time
import unittest

from harness import ApiTestCase
from world import World


def record(trn, num, adv, op_id, stat, hup, din, talk_ms=0, fwd="0312340000"):
    return {
        "trn_id": trn, "state": "finished", "din_id": num["number"], "operator_id": op_id,
        "client_id": adv["id"], "client_name": adv["name"], "dialin_id": num["id"],
        "dialin_name": num["name"], "fwd_id": fwd, "din_tms": din, "eoc_tms": din,
        "dial_stat": stat, "hup_usr": hup, "talking_ms": talk_ms, "attempts": [],
    }


class CallLogTest(ApiTestCase):
    @classmethod
    def seed(cls):
        w = cls.w = World(cls.server)
        recs = [
            record("A" * 24, w.num_a, w.adv_a, w.x.id, "answered", "caller",
                   "2026-11-20T01:00:00.000Z", talk_ms=65000),
            record("B" * 23 + "1", w.num_b, w.adv_b, w.x.id, "busy", "system",
                   "2026-11-21T01:00:00.000Z"),
            record("C" * 23 + "2", w.num_c, w.adv_c, w.y.id, "no_answer", "system",
                   "2026-11-22T01:00:00.000Z"),
            record("A" * 23 + "3", w.num_a, w.adv_a, w.x.id, "incomplete", "caller",
                   "2026-11-23T01:00:00.000Z"),
        ]
        # Stop, leave the records in the journal as a crash would, start again: the writer
        # replays the journal at start-up.
        cls.server.stop(keep_folder=True)
        with open(f"{cls.server.dir}/calllog.journal", "w") as f:
            for r in recs:
                f.write(json.dumps(r) + "\n")
        cls.server.start()
        cls.sys = cls.server.client(cls.sys_key)
        cls.anon = cls.server.client()
        cls.x_admin = cls.server.client(w.x.admin_key)
        cls.a_key = cls.server.client(w.key_a["key"])
        cls.c_key = cls.server.client(w.key_c["key"])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            r = cls.sys.get("/api/v1/calls")
            if r.status == 200 and r.json["total"] == 4:
                break
            time.sleep(0.05)

    def trns(self, reply):
        self.assertStatus(reply, 200)
        return [c["trn_id"] for c in reply.json["items"]]

    def test_replayed_records_have_gap_free_seq_nums(self):
        items = self.sys.get("/api/v1/calls?sort=seq_num").json["items"]
        self.assertEqual([c["seq_num"] for c in items], [1, 2, 3, 4])

    def test_newest_first_by_default_and_sortable(self):
        self.assertEqual(self.trns(self.x_admin.get("/api/v1/calls")),
                         ["A" * 23 + "3", "B" * 23 + "1", "A" * 24])
        self.assertEqual(self.trns(self.x_admin.get("/api/v1/calls?sort=din_tms")),
                         ["A" * 24, "B" * 23 + "1", "A" * 23 + "3"])

    def test_each_reader_sees_its_own_tenant_only(self):
        self.assertEqual(sorted(self.trns(self.a_key.get("/api/v1/calls"))),
                         ["A" * 23 + "3", "A" * 24])
        self.assertEqual(self.trns(self.c_key.get("/api/v1/calls")), ["C" * 23 + "2"])
        self.assertStatus(self.a_key.get("/api/v1/calls/" + "B" * 23 + "1"), 404)
        self.assertStatus(self.x_admin.get("/api/v1/calls/" + "C" * 23 + "2"), 404)
        self.assertStatus(self.a_key.get("/api/v1/calls/" + "A" * 24), 200)
        # Filtering by another advertiser's id shows nothing, not its calls.
        r = self.a_key.get(f"/api/v1/calls?client_id={self.w.adv_b['id']}")
        self.assertEqual(r.json["total"], 0)

    def test_search_by_status_time_and_number(self):
        self.assertEqual(self.trns(self.x_admin.get("/api/v1/calls?dial_stat=busy")),
                         ["B" * 23 + "1"])
        r = self.x_admin.get("/api/v1/calls?from=2026-11-21T00:00:00Z&to=2026-11-23T00:00:00Z")
        self.assertEqual(self.trns(r), ["B" * 23 + "1"])
        r = self.x_admin.get("/api/v1/calls?from=2026-11-21T09:00:00%2B09:00&hup_usr=caller")
        self.assertEqual(self.trns(r), ["A" * 23 + "3"])
        r = self.x_admin.get(f"/api/v1/calls?din_id={self.w.num_b['number']}")
        self.assertEqual(self.trns(r), ["B" * 23 + "1"])

    def test_record_fields_and_no_ciphertext(self):
        c = self.x_admin.get("/api/v1/calls/" + "A" * 24).json
        self.assertEqual(c["dial_stat"], "answered")
        self.assertEqual(c["talking_sec"], 65)
        self.assertEqual(c["client_name"], "Adv A")
        self.assertNotIn("clr_id_cipher", c)
        self.assertNotIn("clr_id_index", c)
        self.assertIsNone(c["clr_id"])

    def test_bad_queries_name_the_parameter(self):
        r = self.x_admin.get("/api/v1/calls?dial_stat=great&from=yesterday&sort=colour")
        self.assertProblem(r, 400, ["dial_stat", "from", "sort"])
        self.assertStatus(self.anon.get("/api/v1/calls"), 401)
        self.assertStatus(self.x_admin.get("/api/v1/calls/nosuchcall"), 404)


if __name__ == "__main__":
    unittest.main()
