"""Number pools for users: create, read, change, delete; what each role may do; the checks on
the body; the numbers' states; and leases that survive a restart of hankyod."""

import time

from harness import ApiTestCase
from world import World


class PoolsTest(ApiTestCase):

    @classmethod
    def seed(cls):
        w = cls.w = World(cls.server)
        admin = w.x.admin

        def number(digits, adv):
            r = admin.post("/api/v1/numbers", {"number": digits, "name": digits,
                                               "advertiser_id": adv["id"],
                                               "destinations": ["03-1234-0000"]})
            assert r.status == 201, r
            return r.json

        cls.na = [number(f"050-1000-05{i:02}", w.adv_a) for i in range(4)]
        cls.nb = number("050-1000-0600", w.adv_b)
        cls.base_a = number("0078-11-222333", w.adv_a)

    def body(self, **extra):
        b = {"advertiser_id": self.w.adv_a["id"], "name": "A landing pages",
             "number_ids": [self.na[0]["id"], self.na[1]["id"]],
             "allowed_origins": ["https://a.example"], "default_number": "03-1234-0000"}
        b.update(extra)
        return b

    def test_create_read_update_delete(self):
        admin = self.w.x.admin
        p = self.created(admin.post("/api/v1/pools", self.body()), "/api/v1/pools")
        self.assertTrue(p["key"].startswith("pk_"))
        self.assertEqual(p["mode"], "pooled")
        self.assertEqual(p["numbers"], [self.na[0]["number"], self.na[1]["number"]])
        self.assertEqual(p["default_number"], "0312340000")
        self.assertEqual(p["operator_id"], self.w.x.id)
        for n in self.na[:2]:
            self.assertEqual(admin.get(f"/api/v1/numbers/{n['id']}").json["state"], "pooled")
        self.assertEqual(admin.get(f"/api/v1/pools/{p['id']}").json, p)
        r = admin.patch(f"/api/v1/pools/{p['id']}", {"number_ids": [self.na[1]["id"]],
                                                     "exhaustion": "share_lru"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["number_ids"], [self.na[1]["id"]])
        self.assertEqual(admin.get(f"/api/v1/numbers/{self.na[0]['id']}").json["state"],
                         "assigned")
        self.assertStatus(admin.delete(f"/api/v1/pools/{p['id']}"), 204)
        self.assertProblem(admin.get(f"/api/v1/pools/{p['id']}"), 404)
        self.assertEqual(admin.get(f"/api/v1/numbers/{self.na[1]['id']}").json["state"],
                         "assigned")
        # Gone from the DNI side too.
        self.assertProblem(self.anon.post("/dni/v1/issue", {"pool_key": p["key"]}), 404)

    def test_bad_bodies_name_every_field(self):
        admin = self.w.x.admin
        r = admin.post("/api/v1/pools", self.body(
            mode="sideways", key="x", allowed_origins=["https://a.example/path"],
            exhaustion="overflow", idle_release_sec=1, number_ids=[self.nb["id"]], bogus=1))
        self.assertProblem(r, 400, ["/mode", "/key", "/allowed_origins/0", "/idle_release_sec",
                                    "/bogus"])
        r = admin.post("/api/v1/pools", self.body(exhaustion="overflow"))
        self.assertProblem(r, 400, ["/overflow_number"])
        r = admin.post("/api/v1/pools", self.body(number_ids=[self.nb["id"]]))
        self.assertProblem(r, 400, ["/number_ids/0"])  # B's number in A's pool
        r = admin.post("/api/v1/pools", self.body(mode="dynamic", number_ids=[],
                                                  base_number="050-1000-0500"))
        self.assertProblem(r, 400, ["/base_number"])

    def test_key_and_numbers_are_unique(self):
        admin = self.w.x.admin
        p = self.created(admin.post("/api/v1/pools", self.body(
            key="pk_unique_one", number_ids=[self.na[2]["id"]])), "/api/v1/pools")
        self.assertProblem(admin.post("/api/v1/pools", self.body(
            key="pk_unique_one", number_ids=[self.na[3]["id"]])), 409)
        self.assertProblem(admin.post("/api/v1/pools", self.body(
            key="pk_unique_two", number_ids=[self.na[2]["id"]])), 409)
        self.assertStatus(admin.delete(f"/api/v1/pools/{p['id']}"), 204)

    def test_dynamic_pool_on_a_0078_base(self):
        admin = self.w.x.admin
        p = self.created(admin.post("/api/v1/pools", self.body(
            mode="dynamic", number_ids=[], base_number=self.base_a["number"], suffix_digits=4,
            key="pk_dynamic_a")), "/api/v1/pools")
        r = self.anon.post("/dni/v1/issue", {"pool_key": p["key"]})
        self.assertStatus(r, 200)
        self.assertTrue(r.json["digits"].startswith(self.base_a["number"]))
        self.assertEqual(len(r.json["digits"]), len(self.base_a["number"]) + 4)
        self.assertStatus(admin.delete(f"/api/v1/pools/{p['id']}"), 204)

    def test_roles(self):
        w = self.w
        pa = w.pool_a
        # Staff manage pools like numbers; an advertiser user reads its own and renames it.
        self.assertStatus(w.staff_by_key.get(f"/api/v1/pools/{pa['id']}"), 200)
        self.assertStatus(w.a_by_key.get(f"/api/v1/pools/{pa['id']}"), 200)
        r = w.a_by_key.patch(f"/api/v1/pools/{pa['id']}",
                             {"name": "A renamed", "allowed_origins": ["https://a.example"]})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["name"], "A renamed")
        self.assertProblem(w.a_by_key.patch(f"/api/v1/pools/{pa['id']}", {"cooldown_sec": 0}),
                           403)
        self.assertProblem(w.a_by_key.post("/api/v1/pools", self.body()), 403)
        self.assertProblem(w.a_by_key.delete(f"/api/v1/pools/{pa['id']}"), 403)
        # Another operator's admin cannot put A's advertiser or numbers in a pool.
        r = w.y.admin.post("/api/v1/pools", self.body())
        self.assertProblem(r, 400, ["/advertiser_id"])


class PoolRestartTest(ApiTestCase):
    """Leases are written behind and read back: after a restart the visitor keeps its number."""

    @classmethod
    def seed(cls):
        s = cls.sys
        op = s.post("/api/v1/operators", {"name": "Restart Op"}).json
        adv = s.post("/api/v1/advertisers", {"name": "R", "operator_id": op["id"]}).json
        ids = []
        for i in range(3):
            ids.append(s.post("/api/v1/numbers", {
                "number": f"050-4000-000{i}", "name": "r", "operator_id": op["id"],
                "advertiser_id": adv["id"], "destinations": ["03-1111-2222"]}).json["id"])
        cls.pool = s.post("/api/v1/pools", {"advertiser_id": adv["id"], "name": "r",
                                            "key": "pk_restart_1", "number_ids": ids}).json

    def test_lease_survives_a_restart(self):
        first = self.anon.post("/dni/v1/issue", {"pool_key": "pk_restart_1",
                                                 "visitor_id": "visitor-restart-1",
                                                 "params": {"gclid": "G1"}}).json
        self.assertTrue(first["lease_id"])
        self.server.stop(keep_folder=True)  # SIGTERM: the last changes are written at stop
        self.server.start()
        self.anon = self.server.client()
        type(self).anon = self.anon
        type(self).sys = self.server.client(self.sys_key)
        again = self.anon.post("/dni/v1/issue", {"pool_key": "pk_restart_1",
                                                 "visitor_id": "visitor-restart-1"}).json
        self.assertEqual(again["outcome"], "reused")
        self.assertEqual(again["digits"], first["digits"])
        other = self.anon.post("/dni/v1/issue", {"pool_key": "pk_restart_1",
                                                 "visitor_id": "visitor-restart-2"}).json
        self.assertNotEqual(other["digits"], first["digits"])
        r = self.anon.post("/dni/v1/renew", {"lease_id": first["lease_id"]})
        self.assertStatus(r, 200)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            m = self.sys.get(f"/api/v1/pools/{self.pool['id']}/monthly").json["items"]
            if m and m[0]["issued"] == 2:
                break
            time.sleep(0.2)
        self.assertEqual(m[0]["issued"], 2)


class PoolOpenApiTest(ApiTestCase):
    """Real answers of the pool and DNI routes match docs/openapi.yaml."""

    @classmethod
    def seed(cls):
        from test_openapi import Validator, load_spec
        cls.spec = load_spec()
        cls.v = Validator(cls.spec)
        s = cls.sys
        op = s.post("/api/v1/operators", {"name": "Spec Pools"}).json
        cls.adv = s.post("/api/v1/advertisers", {"name": "S", "operator_id": op["id"]}).json
        cls.num = s.post("/api/v1/numbers", {"number": "050-7000-0001", "name": "s",
                                             "operator_id": op["id"],
                                             "advertiser_id": cls.adv["id"],
                                             "destinations": ["03-1111-2222"]}).json

    def check(self, method, path, reply):
        op = self.spec["paths"][path][method.lower()]
        self.assertIn(str(reply.status), op["responses"], f"{method} {path}: {reply!r}")
        res = self.v.resolve(op["responses"][str(reply.status)])
        content = res.get("content")
        if not content:
            self.assertEqual(reply.body, b"")
            return
        self.assertIn(reply.content_type, content, f"{method} {path}")
        body = reply.json if "json" in reply.content_type else reply.text
        schema = content[reply.content_type]["schema"]
        self.assertEqual(self.v.errors(body, schema), [], f"{method} {path}: {reply!r}")

    def test_answers_match_the_document(self):
        s = self.sys
        created = s.post("/api/v1/pools", {"advertiser_id": self.adv["id"], "name": "spec",
                                           "key": "pk_spec_pool", "number_ids": [self.num["id"]],
                                           "allowed_origins": ["https://s.example"]})
        pid = created.json["id"]
        issued = self.anon.post("/dni/v1/issue", {"pool_key": "pk_spec_pool",
                                                  "params": {"gclid": "x"}})
        exhausted = self.anon.post("/dni/v1/issue", {"pool_key": "pk_spec_pool"})
        calls = [
            ("POST", "/api/v1/pools", created),
            ("GET", "/api/v1/pools", s.get("/api/v1/pools?sort=-name")),
            ("GET", "/api/v1/pools/{id}", s.get(f"/api/v1/pools/{pid}")),
            ("PATCH", "/api/v1/pools/{id}", s.patch(f"/api/v1/pools/{pid}", {"name": "x"})),
            ("GET", "/api/v1/pools/{id}/monthly", s.get(f"/api/v1/pools/{pid}/monthly")),
            ("POST", "/dni/v1/issue", issued),
            ("POST", "/dni/v1/issue", exhausted),
            ("POST", "/dni/v1/renew", self.anon.post("/dni/v1/renew",
                                                     {"lease_id": issued.json["lease_id"]})),
            ("OPTIONS", "/dni/v1/issue", self.anon.request(
                "OPTIONS", "/dni/v1/issue?pool_key=pk_spec_pool",
                headers={"Origin": "https://s.example"})),
            ("OPTIONS", "/dni/v1/renew", self.anon.request(
                "OPTIONS", "/dni/v1/renew", headers={"Origin": "https://s.example"})),
            ("GET", "/dni/v1/tag.js", self.anon.get("/dni/v1/tag.js")),
            ("DELETE", "/api/v1/pools/{id}", s.delete(f"/api/v1/pools/{pid}")),
            ("POST", "/dni/v1/issue", self.anon.post("/dni/v1/issue",
                                                     {"pool_key": "pk_spec_pool"})),
        ]
        for method, path, reply in calls:
            with self.subTest(method=method, path=path, status=reply.status):
                self.check(method, path, reply)
        self.assertEqual(calls[-1][2].status, 404)
