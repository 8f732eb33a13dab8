"""A call is attributed when it arrives (issue 6, "Proof"): a page with the JS tag and
?utm_source=...&gclid=... in its URL, opened in headless Debian Chromium, shows a pooled
number; a SIPp call to THAT number gets a call log (GET /api/v1/calls) carrying the page's
utm_source and gclid, attribution "active_lease", the visitor id the tag keeps and the
confidence. The same caller later calls the pool's other number (no lease on it): the call
still reaches the advertiser's destination and is attributed by "caller_history".
Skipped without chromium or sipp."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from harness import ApiTestCase, serve_page, stop_page

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sipp"))
import run_case  # noqa: E402  (free ports, SIPp scenarios)

POOL_KEY = "pk_attr_proof_1"
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>LP</title></head><body>
<p id="phone">お電話は 03-5555-0000 まで</p>
<a id="link" href="tel:0355550000">call</a>
<pre id="state"></pre>
<script>setTimeout(function () {
  document.getElementById('state').textContent = localStorage.getItem('hankyo_KEY') || '';
}, 2500);</script>
<script src="TAG" data-pool="KEY" async></script>
</body></html>"""
CALLER = "09012345678"  # the From / P-Asserted-Identity of uac-rejected.xml
BUSY_DESTINATION = "03-1111-0486"  # uas-router.xml answers 486 for ...0486


class AttributionProofTest(ApiTestCase):

    @classmethod
    def setUpClass(cls):
        cls.chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        cls.sipp = shutil.which("sipp")
        cls.sip_port = run_case.free_port()
        cls.uas_port = run_case.free_port()
        rtp_min = run_case.free_rtp_range(20)
        cls.media_dir = tempfile.mkdtemp(prefix="hk-attr-media-")
        cls.SETS = (
            f"sip.udp_listen=127.0.0.1:{cls.sip_port}",
            "sip.t1_ms=100", "sip.t2_ms=400", "sip.t4_ms=500",
            f"sip.rtp_port_min={rtp_min}", f"sip.rtp_port_max={rtp_min + 19}",
            "sip.directory_refresh_ms=200",
            "trunk.carrier.direction=inbound", "trunk.carrier.sources=127.0.0.1",
            "trunk.pbx.direction=outbound", "trunk.pbx.host=127.0.0.1",
            f"trunk.pbx.port={cls.uas_port}", "trunk.pbx.transport=udp",
            f"media.dir={cls.media_dir}",
        )
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        stop_page(getattr(cls, "httpd", None))
        super().tearDownClass()
        shutil.rmtree(cls.media_dir, ignore_errors=True)

    @classmethod
    def seed(cls):
        page = PAGE.replace("TAG", f"{cls.server.url}/dni/v1/tag.js").replace(
            "KEY", POOL_KEY).encode()
        cls.httpd, cls.origin = serve_page(page)
        s = cls.sys
        op = s.post("/api/v1/operators", {"name": "Attr Op"}).json
        adv = s.post("/api/v1/advertisers", {"name": "Attr Adv", "operator_id": op["id"]}).json
        nums = [s.post("/api/v1/numbers", {"number": digits, "name": digits,
                                           "operator_id": op["id"], "advertiser_id": adv["id"],
                                           "destinations": [BUSY_DESTINATION]}).json
                for digits in ("050-6100-0001", "050-6100-0002")]
        cls.numbers = {n["number"] for n in nums}
        r = s.post("/api/v1/pools", {"advertiser_id": adv["id"], "name": "attr",
                                     "key": POOL_KEY, "number_ids": [n["id"] for n in nums],
                                     "default_number": "03-5555-0000",
                                     "allowed_origins": [cls.origin]})
        assert r.status == 201, r
        cls.pool = r.json

    # --- the parties ---------------------------------------------------------------------

    def open_page(self, query):
        with tempfile.TemporaryDirectory() as profile:
            p = subprocess.run(
                [self.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom",
                 f"{self.origin}/lp.html?{query}"],
                capture_output=True, text=True, timeout=120)
        self.assertIn("<body>", p.stdout, p.stderr[-2000:])
        return p.stdout

    def call(self, dialled, tag):
        """One SIPp call from CALLER to `dialled`; the destination answers 486 (busy)."""
        d = self.server.dir
        def scenario(name, out, **subst):
            with open(os.path.join(run_case.HERE, "scenarios", name)) as f:
                text = f.read().replace("@PCAP@", run_case.pcap_path())
            for k, v in subst.items():
                text = text.replace(f"@{k}@", v)
            path = os.path.join(d, out)
            with open(path, "w") as f:
                f.write(text)
            return path

        uas_scen = scenario("uas-router.xml", f"uas-{tag}.xml")
        uac_scen = scenario("uac-rejected.xml", f"uac-{tag}.xml", CODE="486")
        common = ["-nostdin", "-trace_err", "-max_recv_loops", "1000", "-bind_local"]
        with open(os.path.join(d, f"uas-{tag}.err"), "w") as err:
            uas = subprocess.Popen(
                [self.sipp, "-sf", uas_scen, "-i", "127.0.0.1", "-p", str(self.uas_port),
                 "-t", "u1", "-mp", str(run_case.free_media_port()), "-m", "1", *common],
                cwd=d, stdout=subprocess.DEVNULL, stderr=err)
        try:
            time.sleep(0.3)
            uac = subprocess.run(
                [self.sipp, "-sf", uac_scen, f"127.0.0.1:{self.sip_port}", "-i", "127.0.0.1",
                 "-p", str(run_case.free_port()), "-t", "u1",
                 "-mp", str(run_case.free_media_port()), "-s", dialled, "-m", "1",
                 "-timeout", "30s", "-timeout_error", *common],
                cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60)
            self.assertEqual(uac.returncode, 0, f"the caller's SIPp failed: {uac.stderr[-1000:]}")
            self.assertEqual(uas.wait(timeout=30), 0, "the destination got no INVITE")
        finally:
            if uas.poll() is None:
                uas.kill()
                uas.wait()

    def call_log(self, dialled, count):
        deadline = time.monotonic() + 15
        items = []
        while time.monotonic() < deadline:
            items = [c for c in self.sys.get("/api/v1/calls?per_page=100").json["items"]
                     if c["din_id"] == dialled and c["state"] == "finished"]
            if len(items) >= count:
                break
            time.sleep(0.2)
        self.assertGreaterEqual(len(items), count, items)
        return sorted(items, key=lambda c: c["din_tms"])

    # --- the proof -----------------------------------------------------------------------

    def test_a_call_to_the_number_a_page_showed_carries_that_page(self):
        if not self.chromium or not self.sipp:
            self.skipTest("chromium or sipp is not installed")
        dom = self.open_page("utm_source=newsletter&utm_medium=email&gclid=Cj0KCQiA_proof42")
        m = re.search(r'id="phone"[^>]*>お電話は (050-6100-000\d) まで<', dom)
        self.assertTrue(m, dom[-2000:])
        shown = m.group(1).replace("-", "")
        self.assertIn(f'href="tel:{shown}"', dom)
        st = re.search(r'id="state"[^>]*>([^<]*)<', dom)
        self.assertTrue(st and st.group(1), dom[-2000:])
        kept = json.loads(st.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        self.assertEqual(kept["n"], shown)
        visitor, lease = kept["v"], kept["l"]

        self.call(shown, "leased")
        first = self.call_log(shown, 1)[-1]
        self.assertEqual(first["attribution"], "active_lease", first)
        self.assertEqual(first["visitor_id"], visitor)
        self.assertEqual(first["lease_id"], lease)
        self.assertEqual(first["pool_id"], self.pool["id"])
        self.assertEqual(first["attribution_confidence"], 1.0)
        self.assertEqual(first["attribution_candidates"], [])
        self.assertEqual(first["params"].get("utm_source"), "newsletter")
        self.assertEqual(first["params"].get("utm_medium"), "email")
        self.assertEqual(first["params"].get("gclid"), "Cj0KCQiA_proof42")
        self.assertIn("/lp.html", first["params"].get("page_url", ""))
        self.assertEqual(first["dial_stat"], "busy")  # it reached the advertiser's destination

        # Later, the same caller dials the pool's other number: nobody holds it.
        other = next(n for n in self.numbers if n != shown)
        self.call(other, "unleased")
        second = self.call_log(other, 1)[-1]
        self.assertEqual(second["attribution"], "caller_history", second)
        self.assertEqual(second["visitor_id"], visitor)
        self.assertEqual(second["params"].get("gclid"), "Cj0KCQiA_proof42")
        self.assertLess(second["attribution_confidence"], first["attribution_confidence"])
        self.assertGreater(second["attribution_confidence"], 0)
        self.assertEqual(second["dial_stat"], "busy")  # still forwarded to its owner

        # Nothing was double-allocated on the way.
        check = self.sys.get("/debug/dni/allocations")
        self.assertStatus(check, 200)
        self.assertTrue(check.json["ok"], check.json)
        self.assertEqual(check.json["double_allocations"], 0)
        self.assertGreaterEqual(check.json["live_leases"], 1)
        self.assertEqual(self.anon.get("/debug/dni/allocations").status, 401)


if __name__ == "__main__":
    import unittest
    unittest.main()
