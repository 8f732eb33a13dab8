"""Bad input: problem+json naming every bad field, 404 for ids, 413/431 for oversize requests,
and nothing half-written when a request fails."""

import http.client
import json
import unittest

from harness import ApiTestCase

NUMS = "/api/v1/numbers"
ADVS = "/api/v1/advertisers"
COLLECTIONS = ["/api/v1/operators", ADVS, NUMS, "/api/v1/users", "/api/v1/api-keys"]


class BadInputTest(ApiTestCase):
    @classmethod
    def seed(cls):
        out = cls.server.ctl("operator", "create", "Bad Op", "--admin-login", "boss@bad.test",
                             "--admin-password", "correct horse battery").stdout
        cls.admin = cls.server.client(out.strip().splitlines()[-1].split()[-1])
        cls.adv = cls.admin.post(ADVS, {"name": "Bad Adv"}).json
        cls.num = cls.admin.post(NUMS, {"number": "050-9000-0001", "name": "n",
                                        "advertiser_id": cls.adv["id"]}).json

    def count(self, path):
        return self.sys.get(path).json["total"]

    def test_malformed_json_names_line_and_column(self):
        r = self.admin.post(ADVS, raw='{\n  "name": "A",\n  oops\n}')
        p = self.assertProblem(r, 400)
        self.assertIn("line 3, column 3", p["detail"])
        p = self.assertProblem(self.admin.post(ADVS, raw='{"name": "A"'), 400)
        self.assertIn("line 1", p["detail"])
        for raw in ["", "   ", "{} {}", "{'name': 'A'}", "[" * 100 + "]" * 100, '{"name": "\x01"}']:
            with self.subTest(raw=raw[:20]):
                self.assertProblem(self.admin.post(ADVS, raw=raw), 400)
        self.assertProblem(self.admin.patch(f"{NUMS}/{self.num['id']}", raw="{"), 400)

    def test_not_an_object(self):
        for body in ([], "text", 5, None):
            with self.subTest(body=body):
                r = self.admin.post(ADVS, raw=json.dumps(body))
                self.assertProblem(r, 400, ["/"])

    def test_wrong_content_type_is_415(self):
        for ct in ["text/plain", "application/x-www-form-urlencoded", "application/xml", None]:
            with self.subTest(content_type=ct):
                r = self.admin.post(ADVS, raw='{"name": "ct"}', content_type=ct)
                p = self.assertProblem(r, 415)
                self.assertIn("application/json", p["detail"])
        self.assertStatus(self.admin.post(ADVS, raw='{"name": "ct ok"}',
                                          content_type="application/json; charset=utf-8"), 201)
        self.assertStatus(self.admin.patch(f"{ADVS}/{self.adv['id']}", raw='{"max_lines": 1}',
                                           content_type="application/merge-patch+json"), 200)
        self.assertNotIn("ct", [a["name"] for a in self.admin.get(ADVS).json["items"]])

    def test_wrong_types_are_all_named(self):
        p = self.assertProblem(self.admin.post(NUMS, {
            "number": 50, "name": ["x"], "max_lines": "3", "destinations": [1],
            "initial_cost": 1.5, "state": 3, "type": None, "trunk": False}), 400,
            ["/number", "/name", "/max_lines", "/destinations/0", "/initial_cost", "/state",
             "/type", "/trunk"])
        self.assertEqual(p["detail"], f"{len(p['errors'])} fields are invalid")
        self.assertProblem(self.admin.patch(f"{ADVS}/{self.adv['id']}", {"active": "false"}), 400,
                           ["/active"])
        self.assertProblem(self.admin.patch(f"{ADVS}/{self.adv['id']}", {"operator_id": "1"}),
                           400, ["/operator_id"])

    def test_unknown_fields_are_named(self):
        p = self.assertProblem(self.admin.post(ADVS, {"name": "u", "maxLines": 3, "colour": "red"}),
                               400, ["/maxLines", "/colour"])
        self.assertTrue(all(e["reason"] == "unknown field" for e in p["errors"]))
        self.assertProblem(self.admin.patch(f"{NUMS}/{self.num['id']}", {"nmae": "typo"}), 400,
                           ["/nmae"])
        self.assertEqual(self.admin.get(f"{NUMS}/{self.num['id']}").json["name"], "n")

    def test_out_of_range_values(self):
        url = f"{NUMS}/{self.num['id']}"
        for field, value in [("ring_timeout_sec", 0), ("ring_timeout_sec", 301),
                             ("max_lines", -1), ("max_lines", 10001), ("initial_cost", -1),
                             ("monthly_cost", 2 ** 63), ("monthly_cost", -2 ** 63 - 1),
                             ("advertiser_id", 0), ("advertiser_id", -5)]:
            with self.subTest(field=field, value=value):
                self.assertProblem(self.admin.patch(url, {field: value}), 400, [f"/{field}"])
        self.assertProblem(self.admin.post(ADVS, {"name": "r", "max_lines": 100001}), 400,
                           ["/max_lines"])
        self.assertProblem(self.admin.post(NUMS, {"number": "050-9000-0002", "name": "x" * 201}),
                           400, ["/name"])
        self.assertProblem(self.admin.post(NUMS, {"number": "050-9000-0002", "name": "x",
                                                  "trunk": "t" * 65}), 400, ["/trunk"])
        now = self.admin.get(url).json
        self.assertEqual((now["ring_timeout_sec"], now["max_lines"]), (30, 0))

    def test_several_bad_fields_in_one_response(self):
        p = self.assertProblem(self.admin.post(NUMS, {
            "number": "not a number", "name": "", "destinations": ["03-1111-2222", "nowhere"]}),
            400, ["/number", "/name", "/destinations/1"])
        self.assertEqual(len(p["errors"]), 3)
        p = self.assertProblem(self.admin.post(NUMS, {
            "number": "050-9000-0003", "name": "ok", "ring_timeout_sec": 0, "max_lines": -1,
            "extra": True}), 400, ["/ring_timeout_sec", "/max_lines", "/extra"])
        self.assertEqual(len(p["errors"]), 3)

    def test_shape_and_rule_errors_together(self):
        # A wrong type and a broken rule in the same body are reported in one answer.
        self.assertProblem(self.admin.post(NUMS, {
            "number": "0120-1", "name": "", "destinations": ["nowhere"], "ring_timeout_sec": 0}),
            400, ["/number", "/name", "/destinations/0", "/ring_timeout_sec"])
        self.assertProblem(self.admin.post(ADVS, {"name": "", "max_lines": "many"}), 400,
                           ["/name", "/max_lines"])

    def test_unknown_and_malformed_ids_are_404(self):
        for coll in COLLECTIONS:
            for id_ in ["999999", "abc", "0", "-1", "1.0", "1e3", "99999999999999999999999",
                        "%20", "1%2F2", "1%20"]:
                url = f"{coll}/{id_}"
                with self.subTest(url=url):
                    self.assertProblem(self.sys.get(url), 404)
                    self.assertProblem(self.sys.delete(url), 404)
                    if not coll.endswith("api-keys"):
                        self.assertProblem(self.sys.patch(url, {}), 404)

    def test_unknown_paths_and_methods(self):
        self.assertProblem(self.sys.get("/api/v1/nothing"), 404)
        self.assertProblem(self.sys.get("/api/v2/numbers"), 404)
        self.assertProblem(self.sys.get(f"{NUMS}/1/extra"), 404)
        r = self.sys.request("PUT", f"{NUMS}/{self.num['id']}", body={"name": "x"})
        self.assertProblem(r, 405)
        self.assertEqual(r.headers.get("Allow"), "GET, HEAD, PATCH, DELETE")
        r = self.sys.delete(NUMS)
        self.assertProblem(r, 405)
        self.assertEqual(r.headers.get("Allow"), "GET, HEAD, POST")

    def test_a_failed_create_leaves_no_row(self):
        before = self.count(NUMS)
        self.assertProblem(self.admin.post(NUMS, {"number": "050-9000-0001", "name": "dup"}), 409)
        self.assertProblem(self.admin.post(NUMS, {"number": "050-9000-0004", "name": "x",
                                                  "destinations": ["bad"]}), 400)
        self.assertEqual(self.count(NUMS), before)
        users = self.count("/api/v1/users")
        self.assertProblem(self.admin.post("/api/v1/users", {"login": "half@bad.test",
                                                             "password": "short"}), 400)
        self.assertEqual(self.count("/api/v1/users"), users)

    def test_a_failed_update_changes_nothing(self):
        url = f"{NUMS}/{self.num['id']}"
        before = self.admin.get(url).json
        self.assertProblem(self.admin.patch(url, {"name": "half", "destinations": ["bad"]}), 400)
        self.assertProblem(self.admin.patch(url, {"name": "half", "max_lines": "x"}), 400)
        self.assertEqual(self.admin.get(url).json, before)

    def test_a_failed_apply_writes_nothing(self):
        """The operator and advertiser are written before the bad number is met; all go."""
        counts = {c: self.count(c) for c in COLLECTIONS[:3]}
        doc = {"operators": [{"name": "Half Op", "advertisers": [{"name": "Half Adv", "numbers": [
            {"number": "050-9000-0010", "name": "new"},
            {"number": "050-9000-0001", "name": "taken by Bad Op"}]}]}]}
        p = self.assertProblem(self.sys.post("/api/v1/apply", doc), 400)
        self.assertTrue(any(e["field"].startswith("/operators/0/advertisers/0/numbers/1")
                            for e in p["errors"]), p)
        self.assertEqual({c: self.count(c) for c in COLLECTIONS[:3]}, counts)
        self.assertEqual(self.sys.get(f"{NUMS}?q=05090000010").json["total"], 0)


class OversizeTest(ApiTestCase):
    SETS = ["http.max_body_bytes=2048", "http.max_header_bytes=2048"]

    def raw_status(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            h = {"Authorization": f"Bearer {self.sys_key}", "Content-Type": "application/json"}
            h.update(headers or {})
            conn.request(method, path, body=body, headers=h)
            res = conn.getresponse()
            return res.status, res.getheader("Content-Type"), res.read()
        finally:
            conn.close()

    def test_oversized_body_is_413(self):
        before = self.sys.get("/api/v1/operators").json["total"]
        big = '{"name": "' + "a" * 3000 + '"}'
        r = self.sys.post("/api/v1/operators", raw=big)
        p = self.assertProblem(r, 413)
        self.assertIn("2048", p["detail"])
        # Sent in chunks, without a Content-Length, it is refused the same way.
        status, ctype, _ = self.raw_status("POST", "/api/v1/operators",
                                           body=iter([big[:1500].encode(), big[1500:].encode()]))
        self.assertEqual((status, ctype), (413, "application/problem+json"))
        self.assertEqual(self.sys.get("/api/v1/operators").json["total"], before)
        # Just under the limit is served.
        ok = '{"name": "' + "b" * 150 + '", "timezone": "UTC"}' + " " * 1800
        self.assertLessEqual(len(ok), 2048)
        self.assertStatus(self.sys.post("/api/v1/operators", raw=ok), 201)

    def test_oversized_headers_are_431(self):
        r = self.sys.get("/api/v1/me", headers={"X-Padding": "p" * 3000})
        self.assertProblem(r, 431)
        r = self.sys.get("/api/v1/me", headers={f"X-Pad-{i}": "p" * 60 for i in range(40)})
        self.assertProblem(r, 431)
        self.assertStatus(self.sys.get("/api/v1/me", headers={"X-Padding": "p" * 1000}), 200)


if __name__ == "__main__":
    unittest.main()
