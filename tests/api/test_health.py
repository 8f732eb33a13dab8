"""/healthz and /metrics (Prometheus text exposition)."""

import re
import unittest

from harness import ApiTestCase

SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$")


def parse_metrics(text):
    """{(name, labels): value}, checking the exposition format on the way."""
    samples, types = {}, {}
    for line in text.splitlines():
        if not line:
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            types[name] = kind
            continue
        if line.startswith("# HELP ") or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            raise AssertionError(f"not a Prometheus sample line: {line!r}")
        samples[(m.group(1), m.group(2) or "")] = float(m.group(3))
    for name, _ in samples:
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        if name not in types and base not in types:
            raise AssertionError(f"{name} has no # TYPE line")
    return samples, types


class HealthTest(ApiTestCase):
    def test_healthz(self):
        r = self.anon.get("/healthz")
        self.assertStatus(r, 200)
        self.assertEqual(r.content_type, "application/json")
        self.assertEqual(r.json, {"status": "ok"})
        head = self.anon.request("HEAD", "/healthz")
        self.assertStatus(head, 200)
        self.assertEqual(head.body, b"")
        self.assertProblem(self.anon.post("/healthz", {}), 405)

    def test_every_answer_has_a_request_id(self):
        ids = {self.anon.get("/healthz").headers.get("X-Request-Id") for _ in range(3)}
        self.assertEqual(len(ids), 3)
        self.assertNotIn(None, ids)

    def metrics(self):
        r = self.anon.get("/metrics")
        self.assertStatus(r, 200)
        self.assertEqual(r.headers.get("Content-Type"), "text/plain; version=0.0.4")
        return parse_metrics(r.text)

    def test_metrics_format_and_counters_move(self):
        before, types = self.metrics()
        self.assertEqual(types.get("hankyo_http_requests_total"), "counter")
        ok_key = ("hankyo_http_requests_total", '{status="200"}')
        nf_key = ("hankyo_http_requests_total", '{status="404"}')
        unauth_key = ("hankyo_http_requests_total", '{status="401"}')
        for _ in range(3):
            self.assertStatus(self.anon.get("/healthz"), 200)
        self.assertStatus(self.anon.get("/no/such/page"), 404)
        self.assertStatus(self.anon.get("/api/v1/numbers"), 401)
        self.assertStatus(self.sys.get("/api/v1/numbers"), 200)
        after, _ = self.metrics()
        # The first /metrics answer counts too.
        self.assertEqual(after[ok_key] - before.get(ok_key, 0), 5)
        self.assertEqual(after[nf_key] - before.get(nf_key, 0), 1)
        self.assertEqual(after[unauth_key] - before.get(unauth_key, 0), 1)
        dur = ("hankyo_http_request_duration_microseconds_total", "")
        self.assertGreater(after[dur], before[dur])
        self.assertGreaterEqual(after[("hankyo_http_connections_active", "")], 1)

    def test_metrics_and_health_need_no_key(self):
        self.assertStatus(self.anon.get("/metrics"), 200)
        self.assertStatus(self.anon.get("/healthz"), 200)


if __name__ == "__main__":
    unittest.main()
