"""hankyoctl apply / export, on the store and through the API (--api): idempotent, all or
nothing, and export → apply changes nothing."""

import json
import os
import re
import unittest

from harness import REPO, ApiTestCase

DEMO = os.path.join(REPO, "etc", "demo", "demo.json")


def document(op, base):
    """A small set-up: operator `op`, two advertisers, numbers 050-<base>-000N."""
    return {"operators": [{
        "name": op, "timezone": "Asia/Tokyo",
        "numbers": [{"number": f"050-{base}-0001", "name": "stock"}],
        "advertisers": [
            {"name": f"{op} one", "max_lines": 3, "numbers": [
                {"number": f"050-{base}-0002", "name": "web", "destinations": ["03-1111-2222"]},
                {"number": f"050-{base}-0003", "name": "flyer", "ring_timeout_sec": 15}]},
            {"name": f"{op} two", "numbers": []}]}]}


def counts(text):
    m = re.search(r"created (\d+), updated (\d+), unchanged (\d+)", text)
    if not m:
        raise AssertionError(f"no apply report in: {text!r}")
    return tuple(int(g) for g in m.groups())


class ApplyExportTest(ApiTestCase):
    def write(self, name, doc):
        path = os.path.join(self.server.dir, name)
        with open(path, "w") as f:
            f.write(doc if isinstance(doc, str) else json.dumps(doc))
        return path

    def totals(self):
        return tuple(self.sys.get(f"/api/v1/{r}").json["total"]
                     for r in ("operators", "advertisers", "numbers"))

    def test_demo_document_on_the_store_twice(self):
        first = self.server.ctl("apply", DEMO).stdout
        self.assertEqual(counts(first), (12, 0, 0))
        second = self.server.ctl("apply", DEMO).stdout
        self.assertEqual(counts(second), (0, 0, 12))
        # What the API serves afterwards.
        n = self.sys.get("/api/v1/numbers?q=0120111222").json["items"][0]
        self.assertEqual((n["type"], n["state"], n["destinations"]),
                         ("0120", "assigned", ["0311112222"]))
        adv = self.sys.get(f"/api/v1/advertisers/{n['advertiser_id']}").json
        self.assertEqual((adv["name"], adv["max_lines"]), ("Sakura Dental Clinic", 4))
        # A change made through the API is put back by the next apply, and only that.
        self.assertStatus(self.sys.patch(f"/api/v1/numbers/{n['id']}", {"name": "edited"}), 200)
        self.assertEqual(counts(self.server.ctl("apply", DEMO).stdout), (0, 1, 11))
        self.assertEqual(self.sys.get(f"/api/v1/numbers/{n['id']}").json["name"], "Spring flyer")
        # From standard input too.
        with open(DEMO) as f:
            self.assertEqual(counts(self.server.ctl("apply", "-", stdin=f.read()).stdout),
                             (0, 0, 12))

    def test_invalid_document_reports_every_entry_and_applies_nothing(self):
        before = self.totals()
        doc = document("Broken Op", "7100")
        advs = doc["operators"][0]["advertisers"]
        advs[0]["numbers"][1]["number"] = "not a number"
        advs[0]["numbers"][0]["destinations"] = ["nowhere", "03-1111-2222", "03-1111-2222 ext 5"]
        advs[1]["colour"] = "blue"
        doc["operators"].insert(0, document("Fine Op", "7101")["operators"][0])
        doc["operators"].append({"name": "Bad TZ Op", "timezone": "Tokyo"})
        path = self.write("broken.json", doc)
        p = self.server.ctl("apply", path, check=False)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("nothing applied", p.stderr)
        # One line per bad field: "  <path>: <reason>".
        reported = dict(line.strip().split(": ", 1) for line in p.stderr.splitlines()[1:])
        self.assertEqual(set(reported), {
            "/operators/2/timezone", "/operators/1/advertisers/0/numbers/1/number",
            "/operators/1/advertisers/0/numbers/0/destinations/0",
            "/operators/1/advertisers/0/numbers/0/destinations/2",
            "/operators/1/advertisers/1/colour"}, p.stderr)
        self.assertEqual(reported["/operators/1/advertisers/1/colour"], "unknown field")
        self.assertIn(f"{len(reported)} invalid entries", p.stderr)
        self.assertEqual(self.totals(), before)
        # The same through the API.
        p = self.server.ctl_api(self.sys_key, "apply", path, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("/operators/1/advertisers/1/colour", p.stderr)
        self.assertIn("/operators/1/advertisers/0/numbers/1/number", p.stderr)
        self.assertEqual(self.totals(), before)
        # Not a document at all.
        p = self.server.ctl("apply", self.write("junk.json", "{\"operators\": [}"), check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertEqual(self.totals(), before)

    def test_export_then_apply_changes_nothing_on_the_store(self):
        self.server.ctl("apply", self.write("setup.json", document("Export Op", "7200")))
        exported = self.server.ctl("export").stdout
        doc = json.loads(exported)
        names = [o["name"] for o in doc["operators"]]
        self.assertIn("Export Op", names)
        op = doc["operators"][names.index("Export Op")]
        self.assertEqual([a["name"] for a in op["advertisers"]], ["Export Op one", "Export Op two"])
        self.assertEqual(op["numbers"][0]["number"], "05072000001")
        self.assertNotIn("id", op)
        created, updated, _ = counts(self.server.ctl("apply", self.write("export.json",
                                                                         exported)).stdout)
        self.assertEqual((created, updated), (0, 0))
        self.assertEqual(json.loads(self.server.ctl("export").stdout), doc)

    def test_api_mode_twice_and_round_trip(self):
        path = self.write("api.json", document("Api Op", "7300"))
        first = self.server.ctl_api(self.sys_key, "apply", path).stdout
        self.assertEqual(counts(first), (6, 0, 0))
        self.assertEqual(counts(self.server.ctl_api(self.sys_key, "apply", path).stdout),
                         (0, 0, 6))
        exported = self.server.ctl_api(self.sys_key, "export").stdout
        created, updated, _ = counts(
            self.server.ctl_api(self.sys_key, "apply", self.write("api-export.json",
                                                                  exported)).stdout)
        self.assertEqual((created, updated), (0, 0))

    def test_operator_admin_applies_and_exports_its_own_operator(self):
        self.server.ctl("apply", self.write("own.json", document("Own Op", "7400")))
        key = self.server.create_key("operator_admin", "Own Op")
        exported = self.server.ctl_api(key, "export").stdout
        self.assertEqual([o["name"] for o in json.loads(exported)["operators"]], ["Own Op"])
        doc = json.loads(exported)
        doc["operators"][0]["advertisers"].append({"name": "Own Op three", "numbers": [
            {"number": "050-7400-0009", "name": "new"}]})
        out = self.server.ctl_api(key, "apply", self.write("own2.json", doc)).stdout
        self.assertEqual(counts(out)[:2], (2, 0))
        # It cannot create operators, so nothing of this document lands.
        p = self.server.ctl_api(key, "apply", self.write("other.json",
                                                         document("Not Mine", "7401")),
                                check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("/operators/0", p.stderr)
        self.assertEqual(self.sys.get("/api/v1/numbers?q=0507401").json["total"], 0)

    def test_apply_endpoint_report(self):
        r = self.sys.post("/api/v1/apply", document("Endpoint Op", "7500"))
        self.assertStatus(r, 200)
        self.assertEqual(r.json, {"created": 6, "updated": 0, "unchanged": 0, "errors": []})
        r = self.sys.post("/api/v1/apply", document("Endpoint Op", "7500"))
        self.assertEqual(r.json, {"created": 0, "updated": 0, "unchanged": 6, "errors": []})
        p = self.assertProblem(self.sys.post("/api/v1/apply", {"operators": {}}), 400,
                               ["/operators"])
        self.assertEqual(len(p["errors"]), 1)
        self.assertProblem(self.sys.post("/api/v1/apply", {"operator": []}), 400, ["/operator"])
        self.assertStatus(self.sys.post("/api/v1/apply", {}), 200)


if __name__ == "__main__":
    unittest.main()
