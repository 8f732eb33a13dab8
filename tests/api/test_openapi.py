"""docs/openapi.yaml is true: the routes match `hankyod --print-routes` both ways, and the real
answers of every operation (statuses, content types, bodies) match what the file documents."""

import os
import re
import subprocess
import unittest

import mini_yaml
from harness import REPO, ApiTestCase

SPEC = os.path.join(REPO, "docs", "openapi.yaml")
METHODS = ("get", "put", "post", "patch", "delete", "head", "options")
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
PASSWORD = "correct horse battery"


def load_spec():
    with open(SPEC, encoding="utf-8") as f:
        return mini_yaml.load(f.read())


class Validator:
    """Enough of OpenAPI 3.0 schema checking for the shapes docs/openapi.yaml uses."""

    def __init__(self, spec):
        self.spec = spec

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            node = self.pointer(node["$ref"])
        return node

    def pointer(self, ref):
        if not ref.startswith("#/"):
            raise AssertionError(f"only local $refs are used: {ref}")
        node = self.spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def errors(self, value, schema, where="$"):
        s = self.resolve(schema)
        out = []
        for sub in s.get("allOf", []):
            out += self.errors(value, sub, where)
        if value is None:
            if not s.get("nullable") and ("type" in s or "properties" in s or "enum" in s):
                out.append(f"{where}: null is not allowed")
            return out
        kind = s.get("type")
        checks = {"integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                  "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
                  "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
                  "array": lambda v: isinstance(v, list), "object": lambda v: isinstance(v, dict)}
        if kind and not checks[kind](value):
            return out + [f"{where}: {value!r} is not {kind}"]
        if "enum" in s and value not in s["enum"]:
            out.append(f"{where}: {value!r} not in {s['enum']}")
        if s.get("format") == "date-time" and not DATE_TIME.match(value):
            out.append(f"{where}: {value!r} is not a date-time")
        if "minimum" in s and value < s["minimum"]:
            out.append(f"{where}: {value} < {s['minimum']}")
        if "maximum" in s and value > s["maximum"]:
            out.append(f"{where}: {value} > {s['maximum']}")
        if "maxItems" in s and len(value) > s["maxItems"]:
            out.append(f"{where}: more than {s['maxItems']} items")
        if isinstance(value, dict):
            props = s.get("properties", {})
            for key in s.get("required", []):
                if key not in value:
                    out.append(f"{where}: {key} is required")
            for key, v in value.items():
                if key in props:
                    out += self.errors(v, props[key], f"{where}.{key}")
                elif s.get("additionalProperties") is False:
                    out.append(f"{where}: {key} is not documented")
        if isinstance(value, list) and "items" in s:
            for i, v in enumerate(value):
                out += self.errors(v, s["items"], f"{where}[{i}]")
        return out


class OpenApiFileTest(unittest.TestCase):
    """The file on its own: readable, complete, consistent."""

    @classmethod
    def setUpClass(cls):
        cls.spec = load_spec()
        cls.v = Validator(cls.spec)

    def operations(self):
        for path, item in self.spec["paths"].items():
            for method in METHODS:
                if method in item:
                    yield path, method, item, item[method]

    def test_same_as_pyyaml_when_available(self):
        try:
            import yaml  # not required: a cross-check of mini_yaml where it is installed
        except ImportError:
            self.skipTest("PyYAML not installed")
        with open(SPEC, encoding="utf-8") as f:
            self.assertEqual(yaml.safe_load(f.read()), load_spec())

    def test_header(self):
        self.assertRegex(self.spec["openapi"], r"^3\.0\.\d+$")
        self.assertTrue(self.spec["info"]["title"])
        schemes = self.spec["components"]["securitySchemes"]
        self.assertEqual((schemes["apiKey"]["type"], schemes["apiKey"]["scheme"]),
                         ("http", "bearer"))
        self.assertEqual((schemes["session"]["in"], schemes["session"]["name"]),
                         ("cookie", "hk_session"))

    def test_every_ref_resolves(self):
        def walk(node, where):
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "$ref":
                        try:
                            self.v.pointer(v)
                        except (KeyError, TypeError):
                            self.fail(f"{where}: $ref {v} does not resolve")
                    else:
                        walk(v, f"{where}/{k}")
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    walk(v, f"{where}/{i}")
        walk(self.spec, "")

    def test_operations_are_complete(self):
        ids = []
        for path, method, item, op in self.operations():
            where = f"{method.upper()} {path}"
            ids.append(op.get("operationId"))
            self.assertTrue(op.get("summary"), where)
            self.assertTrue(op.get("tags"), where)
            self.assertTrue(any(code.startswith("2") for code in op["responses"]), where)
            for code, res in op["responses"].items():
                self.assertRegex(code, r"^[1-5]\d\d$", where)
                self.assertTrue(self.v.resolve(res).get("description"), f"{where} {code}")
            declared = {self.v.resolve(p)["name"] for p in item.get("parameters", []) +
                        op.get("parameters", []) if self.v.resolve(p)["in"] == "path"}
            self.assertEqual(declared, set(re.findall(r"\{(\w+)\}", path)), where)
        self.assertNotIn(None, ids)
        self.assertEqual(len(ids), len(set(ids)), "operationIds are unique")


class OpenApiServerTest(ApiTestCase):
    """The file against a running hankyod."""

    @classmethod
    def seed(cls):
        cls.spec = load_spec()
        cls.v = Validator(cls.spec)
        s = cls.sys
        cls.op = s.post("/api/v1/operators", {"name": "Spec Op"}).json
        cls.adv = s.post("/api/v1/advertisers", {"name": "Spec Adv",
                                                 "operator_id": cls.op["id"]}).json
        cls.num = s.post("/api/v1/numbers", {"number": "050-1111-0001", "name": "n",
                                             "operator_id": cls.op["id"],
                                             "advertiser_id": cls.adv["id"],
                                             "destinations": ["03-1111-2222"]}).json
        cls.user = s.post("/api/v1/users", {"login": "spec@op.test", "password": PASSWORD,
                                            "role": "operator_admin",
                                            "operator_id": cls.op["id"]}).json
        cls.key = s.post("/api/v1/api-keys", {"name": "spec", "role": "operator_staff",
                                              "operator_id": cls.op["id"]}).json
        cls.staff = cls.server.client(cls.key["key"])

    # --- routes ------------------------------------------------------------------------------

    def server_routes(self):
        d = self.server.dir
        p = subprocess.run(
            [self.server.hankyod, "--print-routes", "--set", "store.url=sqlite::memory:",
             "--set", f"crypto.key_file={d}/routes.key", "--set",
             f"calllog.journal={d}/routes.journal", "--set", "log.level=warn"],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        routes = set()
        for line in p.stdout.splitlines():
            m = re.match(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\S*)$", line)
            self.assertTrue(m, f"--print-routes line: {line!r}")
            routes.add((m.group(1), m.group(2)))
        return routes

    def doc_routes(self):
        return {(m.upper(), path) for path, item in self.spec["paths"].items()
                for m in METHODS if m in item}

    def test_routes_match_both_ways(self):
        served, documented = self.server_routes(), self.doc_routes()
        self.assertGreater(len(served), 20)
        self.assertEqual(sorted(served - documented), [], "served but not in docs/openapi.yaml")
        self.assertEqual(sorted(documented - served), [], "in docs/openapi.yaml but not served")

    def test_version_matches_the_binary(self):
        out = subprocess.run([self.server.hankyod, "--version"], capture_output=True, text=True,
                             timeout=30).stdout
        self.assertEqual(out.strip(), f"hankyod {self.spec['info']['version']}")

    # --- answers -----------------------------------------------------------------------------

    def check(self, method, path, reply):
        """The status is documented for the operation and the body matches its schema."""
        where = f"{method} {path} -> {reply.status}"
        self.assertIn(method.lower(), self.spec["paths"].get(path, {}), f"{where}: not documented")
        op = self.spec["paths"][path][method.lower()]
        self.assertIn(str(reply.status), op["responses"], f"{where} is not documented: {reply!r}")
        res = self.v.resolve(op["responses"][str(reply.status)])
        content = res.get("content")
        if not content:
            self.assertEqual(reply.body, b"", where)
            return
        self.assertIn(reply.content_type, content, where)
        schema = content[reply.content_type]["schema"]
        body = reply.json if "json" in reply.content_type else reply.text
        problems = self.v.errors(body, schema)
        self.assertEqual(problems, [], f"{where}: {reply!r}")
        for name in res.get("headers", {}):
            self.assertIsNotNone(reply.headers.get(name), f"{where}: header {name}")

    def test_successful_answers_match_the_schemas(self):
        s, o = self.sys, self.op["id"]
        calls = [
            ("GET", "/api/v1/operators", s.get("/api/v1/operators")),
            ("GET", "/api/v1/operators/{id}", s.get(f"/api/v1/operators/{o}")),
            ("PATCH", "/api/v1/operators/{id}", s.patch(f"/api/v1/operators/{o}",
                                                        {"timezone": "Asia/Tokyo"})),
            ("GET", "/api/v1/advertisers", s.get("/api/v1/advertisers")),
            ("GET", "/api/v1/advertisers/{id}", s.get(f"/api/v1/advertisers/{self.adv['id']}")),
            ("PATCH", "/api/v1/advertisers/{id}",
             s.patch(f"/api/v1/advertisers/{self.adv['id']}", {"max_lines": 2})),
            ("GET", "/api/v1/numbers", s.get("/api/v1/numbers?state=assigned&type=050&q=050")),
            ("GET", "/api/v1/numbers/{id}", s.get(f"/api/v1/numbers/{self.num['id']}")),
            ("PATCH", "/api/v1/numbers/{id}", s.patch(f"/api/v1/numbers/{self.num['id']}",
                                                      {"name": "m"})),
            ("GET", "/api/v1/users", s.get("/api/v1/users")),
            ("GET", "/api/v1/users/{id}", s.get(f"/api/v1/users/{self.user['id']}")),
            ("PATCH", "/api/v1/users/{id}", s.patch(f"/api/v1/users/{self.user['id']}",
                                                    {"display_name": "Spec"})),
            ("GET", "/api/v1/api-keys", s.get("/api/v1/api-keys")),
            ("GET", "/api/v1/api-keys/{id}", s.get(f"/api/v1/api-keys/{self.key['id']}")),
            ("GET", "/api/v1/me", self.staff.get("/api/v1/me")),
            ("GET", "/api/v1/export", s.get("/api/v1/export")),
            ("POST", "/api/v1/apply", s.post("/api/v1/apply", s.get("/api/v1/export").json)),
            ("GET", "/healthz", self.anon.get("/healthz")),
            ("GET", "/metrics", self.anon.get("/metrics")),
        ]
        login, session = self.anon.login("spec@op.test", PASSWORD)
        calls += [("POST", "/api/v1/auth/login", login),
                  ("GET", "/api/v1/me", session.get("/api/v1/me")),
                  ("POST", "/api/v1/auth/logout", session.post("/api/v1/auth/logout"))]
        # Create and delete one of each.
        op2 = s.post("/api/v1/operators", {"name": "Spec Op 2"})
        adv2 = s.post("/api/v1/advertisers", {"name": "A2", "operator_id": o})
        num2 = s.post("/api/v1/numbers", {"number": "0120-111-999", "name": "n2",
                                          "operator_id": o})
        user2 = s.post("/api/v1/users", {"login": "spec2@op.test", "password": PASSWORD,
                                         "operator_id": o})
        key2 = s.post("/api/v1/api-keys", {"name": "k2", "role": "system_admin"})
        for coll, r in [("operators", op2), ("advertisers", adv2), ("numbers", num2),
                        ("users", user2), ("api-keys", key2)]:
            calls.append(("POST", f"/api/v1/{coll}", r))
            calls.append(("DELETE", f"/api/v1/{coll}/{{id}}",
                          s.delete(f"/api/v1/{coll}/{r.json['id']}")))
        for method, path, reply in calls:
            with self.subTest(method=method, path=path):
                self.assertLess(reply.status, 300, repr(reply))
                self.check(method, path, reply)

    def test_error_answers_are_documented_problems(self):
        """401 without credentials, 404 for unknown ids, 415 for non-JSON bodies, 400 for bad
        ones: each as documented for every operation it can happen to."""
        checked = 0
        for path, item in self.spec["paths"].items():
            for method in METHODS:
                if method not in item:
                    continue
                op = item[method]
                url = path.replace("{id}", "999999")
                public = op.get("security") == []
                body = {} if method in ("post", "patch") else None
                with self.subTest(method=method, path=path):
                    r = self.anon.request(method.upper(), url, body=body)
                    if public:
                        self.assertNotEqual(r.status, 401, f"{path} is documented as public")
                    else:
                        self.assertEqual(r.status, 401, f"{path} is documented as protected")
                    self.check(method.upper(), path, r)
                    if "{id}" in path:
                        r = self.sys.request(method.upper(), url, body=body)
                        self.assertEqual(r.status, 404)
                        self.check(method.upper(), path, r)
                    if "application/json" in op.get("requestBody", {}).get("content", {}):
                        real = path.replace("{id}", str(self.num["id"]) if "numbers" in path
                                            else "1")
                        r = self.sys.request(method.upper(), real, raw="name=x",
                                             content_type="text/plain")
                        self.assertEqual(r.status, 415)
                        self.check(method.upper(), path, r)
                        r = self.sys.request(method.upper(), real, raw="{")
                        self.assertEqual(r.status, 400)
                        self.check(method.upper(), path, r)
                    checked += 1
        self.assertEqual(checked, len(self.doc_routes()))
        # 403, 409 and a field-level 400 too.
        for method, path, r in [
                ("GET", "/api/v1/users", self.staff.get("/api/v1/users")),
                ("POST", "/api/v1/api-keys", self.staff.post("/api/v1/api-keys", {"name": "x"})),
                ("DELETE", "/api/v1/advertisers/{id}",
                 self.sys.delete(f"/api/v1/advertisers/{self.adv['id']}")),
                ("POST", "/api/v1/operators", self.sys.post("/api/v1/operators",
                                                            {"name": "Spec Op"})),
                ("GET", "/api/v1/numbers", self.sys.get("/api/v1/numbers?state=gone")),
                ("POST", "/api/v1/numbers", self.sys.post("/api/v1/numbers", {"bogus": 1}))]:
            with self.subTest(method=method, path=path, status=r.status):
                self.assertIn(r.status, (400, 403, 409))
                self.check(method, path, r)

    # --- parameters --------------------------------------------------------------------------

    def query_params(self, path):
        op = self.spec["paths"][path]["get"]
        return {p["name"]: p for p in (self.v.resolve(x) for x in op.get("parameters", []))}

    def test_sort_values_are_exactly_the_documented_ones(self):
        for coll, schema in [("operators", "Operator"), ("advertisers", "Advertiser"),
                             ("numbers", "TrackingNumber"), ("users", "User"),
                             ("api-keys", "ApiKey")]:
            path = f"/api/v1/{coll}"
            params = self.query_params(path)
            self.assertEqual({"page", "per_page", "sort"} - set(params), set(), path)
            documented = set(params["sort"]["schema"]["enum"])
            fields = self.spec["components"]["schemas"][schema]["properties"]
            for field in fields:
                for value in (field, "-" + field):
                    with self.subTest(path=path, sort=value):
                        r = self.sys.get(f"{path}?sort={value}")
                        self.assertEqual(r.status == 200, value in documented, repr(r))
            self.assertLessEqual(documented, {f for x in fields for f in (x, "-" + x)})

    def test_paging_limits_are_the_documented_ones(self):
        params = self.query_params("/api/v1/numbers")
        for name in ("page", "per_page"):
            schema = self.v.resolve(params[name]["schema"])
            lo, hi = schema["minimum"], schema["maximum"]
            self.assertStatus(self.sys.get(f"/api/v1/numbers?{name}={lo}"), 200)
            self.assertStatus(self.sys.get(f"/api/v1/numbers?{name}={hi}"), 200)
            self.assertEqual(self.sys.get(f"/api/v1/numbers?{name}={lo - 1}").status, 400)
            self.assertEqual(self.sys.get(f"/api/v1/numbers?{name}={hi + 1}").status, 400)
        r = self.sys.get("/api/v1/numbers").json
        self.assertEqual(r["per_page"], self.v.resolve(params["per_page"]["schema"])["default"])

    def test_number_filters_take_the_documented_values(self):
        params = self.query_params("/api/v1/numbers")
        self.assertEqual({"advertiser_id", "state", "type", "q"} - set(params), set())
        for name in ("state", "type"):
            for value in self.v.resolve(params[name]["schema"])["enum"]:
                with self.subTest(name=name, value=value):
                    self.assertStatus(self.sys.get(f"/api/v1/numbers?{name}={value}"), 200)
            self.assertEqual(self.sys.get(f"/api/v1/numbers?{name}=nonsense").status, 400)


if __name__ == "__main__":
    unittest.main()
