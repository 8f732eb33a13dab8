"""Pool telemetry and the pool-size recommendation, driven through the public DNI API: how
full a pool was, what exhausted visitors were shown, the leases that ended, and Little's law
on the measured figures. (Late and stray calls need calls: tests/unit/service covers them.)"""

import math
import time

from harness import ApiTestCase, undocumented
from world import World


SITE = "https://telemetry.example"


class PoolTelemetryTest(ApiTestCase):

    @classmethod
    def seed(cls):
        w = cls.w = World(cls.server)
        admin = w.x.admin

        def number(digits):
            return admin.post("/api/v1/numbers", {"number": digits, "name": digits,
                                                  "advertiser_id": w.adv_a["id"],
                                                  "destinations": ["03-1234-0000"]}).json

        cls.nums = [number(f"050-8000-00{i:02}") for i in range(4)]
        r = admin.post("/api/v1/pools", {
            "advertiser_id": w.adv_a["id"], "name": "telemetry", "key": "pk_telemetry_a",
            "number_ids": [cls.nums[0]["id"], cls.nums[1]["id"]], "allowed_origins": [SITE],
            "exhaustion": "default_number", "default_number": "03-5555-0000",
            "cooldown_sec": 120})
        assert r.status == 201, r
        cls.pool = r.json
        cls.path = f"/api/v1/pools/{cls.pool['id']}"

    def issue(self, visitor):
        r = self.anon.post("/dni/v1/issue", {"pool_key": self.pool["key"], "visitor_id": visitor},
                           headers={"Origin": SITE})
        self.assertStatus(r, 200)
        return r.json

    def telemetry(self, client=None, query=""):
        r = (client or self.w.x.admin).get(f"{self.path}/telemetry{query}")
        self.assertStatus(r, 200)
        self.assertEqual(undocumented("GET", "/api/v1/pools/{id}/telemetry", r), [])
        return r.json

    def wait_for(self, what, check, timeout=10):
        """The lease changes reach the telemetry within the write-behind interval (1 s)."""
        deadline = time.monotonic() + timeout
        while True:
            got = what()
            if check(got) or time.monotonic() > deadline:
                return got
            time.sleep(0.2)

    def test_a_pool_through_exhaustion_and_its_recommendation(self):
        # Nothing yet: no data to recommend a size from.
        r = self.w.x.admin.get(f"{self.path}/recommendation")
        self.assertEqual(undocumented("GET", "/api/v1/pools/{id}/recommendation", r), [])
        rec = r.json
        self.assertFalse(rec["enough_data"])
        self.assertIsNone(rec["recommended_size"])
        self.assertIn("No visitor", rec["explanation"])

        first = self.issue("telemetry-v1")
        second = self.issue("telemetry-v2")
        self.assertNotEqual(first["digits"], second["digits"])
        third = self.issue("telemetry-v3")  # both numbers leased: the default number
        self.assertEqual(third["digits"], "0355550000")
        self.issue("telemetry-v1")  # the same visitor again: a renewal, not a visit

        t = self.wait_for(self.telemetry, lambda j: j["total"]["peak_leased"] == 2)
        self.assertEqual(t["size"], 2)
        self.assertEqual(t["step_sec"], 3600)
        self.assertEqual(len(t["buckets"]), 24)
        total = t["total"]
        self.assertEqual((total["issued"], total["default_number"], total["overflow"]), (2, 1, 0))
        self.assertEqual(total["peak_leased"], 2)
        self.assertGreater(total["utilisation"], 0)
        self.assertLessEqual(total["utilisation"], 1)
        self.assertEqual(sum(b["issued"] for b in t["buckets"]), 2)
        # Full from the second issue on: some time at 100% is counted.
        t = self.wait_for(self.telemetry, lambda j: j["total"]["full_sec"] > 0)
        self.assertGreater(t["total"]["full_sec"], 0)

        # Per minute, the last bucket holds everything (the pool is minutes old).
        now = self.telemetry(query="?step=1m&from=" + t["buckets"][-1]["start"])
        self.assertEqual(now["step_sec"], 60)
        self.assertEqual(sum(b["issued"] for b in now["buckets"]), 2)

        # The numbers leave the pool: both leases end, so a lease time is measured.
        r = self.w.x.admin.patch(self.path, {"number_ids": [n["id"] for n in self.nums[2:]]})
        self.assertStatus(r, 200)
        t = self.wait_for(self.telemetry, lambda j: j["total"]["leases_ended"] == 2)
        self.assertEqual(t["total"]["leases_ended"], 2)
        self.assertGreaterEqual(t["total"]["mean_lease_sec"], 0)

        rec = self.w.x.admin.get(f"{self.path}/recommendation?target=0.5&margin=2")
        self.assertStatus(rec, 200)
        self.assertEqual(undocumented("GET", "/api/v1/pools/{id}/recommendation", rec), [])
        rec = rec.json
        self.assertTrue(rec["enough_data"])
        inputs = rec["inputs"]
        self.assertEqual(inputs["busy_hour_visits"], 3)  # two leases and one turned away
        self.assertEqual(inputs["leases_ended"], 2)
        self.assertEqual(inputs["cooldown_sec"], 120)
        self.assertEqual((inputs["target_utilisation"], inputs["margin"]), (0.5, 2))
        self.assertAlmostEqual(rec["arrival_per_sec"], 3 / 3600)
        self.assertAlmostEqual(rec["hold_sec"], inputs["mean_lease_sec"] + 120)
        self.assertAlmostEqual(rec["in_use"], 3 / 3600 * rec["hold_sec"])
        self.assertEqual(rec["recommended_size"], math.ceil(rec["in_use"] / 0.5) + 2)
        self.assertEqual(rec["change"], rec["recommended_size"] - inputs["current_size"])
        self.assertIn("busiest hour", rec["explanation"])
        self.assertIn(f"{rec['recommended_size']} numbers", rec["explanation"])

    def test_scope_and_bad_queries(self):
        self.assertStatus(self.w.a_by_key.get(f"{self.path}/telemetry"), 200)
        self.assertStatus(self.w.a_by_key.get(f"{self.path}/recommendation"), 200)
        self.assertProblem(self.w.b_by_key.get(f"{self.path}/telemetry"), 404)
        self.assertProblem(self.w.b_by_key.get(f"{self.path}/recommendation"), 404)
        self.assertProblem(self.anon.get(f"{self.path}/telemetry"), 401)
        admin = self.w.x.admin
        self.assertProblem(admin.get(f"{self.path}/telemetry?step=90s"), 400, ["step"])
        self.assertProblem(admin.get(f"{self.path}/telemetry?step=soon"), 400, ["step"])
        self.assertProblem(admin.get(f"{self.path}/telemetry?from=yesterday"), 400, ["from"])
        self.assertProblem(admin.get(f"{self.path}/telemetry?from=2026-01-02T00:00:00Z"
                                     f"&to=2026-01-01T00:00:00Z"), 400, ["to"])
        self.assertProblem(admin.get(f"{self.path}/telemetry?from=2020-01-01T00:00:00Z"
                                     f"&step=1m"), 400, ["step"])
        self.assertProblem(admin.get(f"{self.path}/recommendation?target=1.5"), 400, ["target"])
        self.assertProblem(admin.get(f"{self.path}/recommendation?margin=-1"), 400, ["margin"])
        self.assertProblem(admin.get("/api/v1/pools/999999/telemetry"), 404)
        # A past day, hour by hour: 24 empty buckets.
        t = self.telemetry(query="?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z")
        self.assertEqual(len(t["buckets"]), 24)
        self.assertEqual(t["buckets"][1]["start"], "2026-01-01T01:00:00.000Z")
        self.assertIsNone(t["total"]["utilisation"])
        self.assertEqual(t["total"]["issued"], 0)
