"""The public DNI API the JS tag calls: issue, renew, the same visitor keeps its number, the
exhaustion policies, CORS for the pool's origins only, rate limits, and an unknown pool key
that says nothing about other pools. Also the tag script itself."""

import gzip
import time

from harness import ApiTestCase, serve_page, stop_page

SITE = "https://shop.example"


class DniTest(ApiTestCase):

    @classmethod
    def seed(cls):
        s = cls.sys
        op = s.post("/api/v1/operators", {"name": "DNI Op"}).json
        cls.adv = s.post("/api/v1/advertisers", {"name": "DNI Adv", "operator_id": op["id"]}).json
        other = s.post("/api/v1/advertisers", {"name": "Other Adv", "operator_id": op["id"]}).json

        def number(digits, adv):
            return s.post("/api/v1/numbers", {"number": digits, "name": digits,
                                              "operator_id": op["id"], "advertiser_id": adv["id"],
                                              "destinations": ["03-1111-2222"]}).json

        nums = [number(f"050-3000-00{i:02}", cls.adv) for i in range(10, 18)]
        cls.digits = {n["number"] for n in nums[:5]}
        cls.pool = cls.make_pool(cls.adv, nums[:5], "pk_shop_main_1", exhaustion="default_number",
                                 default_number="03-5555-0000")
        cls.small = cls.make_pool(cls.adv, nums[5:7], "pk_shop_small_1",
                                  exhaustion="default_number", default_number="03-5555-0000")
        cls.share = cls.make_pool(cls.adv, nums[7:], "pk_shop_share_1", exhaustion="share_lru")
        other_num = number("050-3000-0009", other)
        cls.other = cls.make_pool(other, [other_num], "pk_other_adv_1",
                                  default_number="03-9999-0000")
        cls.limited = cls.make_pool(cls.adv, [number("050-3000-0008", cls.adv)],
                                    "pk_shop_limited", visitor_rate_per_min=3)
        base = number("0078-12-345678", cls.adv)
        cls.dynamic = s.post("/api/v1/pools", {
            "advertiser_id": cls.adv["id"], "name": "dyn", "key": "pk_shop_dynamic",
            "mode": "dynamic", "base_number": base["number"], "suffix_digits": 3,
            "allowed_origins": [SITE]}).json

    @classmethod
    def make_pool(cls, adv, nums, key, **extra):
        body = {"advertiser_id": adv["id"], "name": key, "key": key,
                "number_ids": [n["id"] for n in nums], "allowed_origins": [SITE]}
        body.update(extra)
        r = cls.sys.post("/api/v1/pools", body)
        assert r.status == 201, r
        return r.json

    def issue(self, key, visitor=None, origin=SITE, **extra):
        body = {"pool_key": key, "page": {"url": SITE + "/lp?utm_source=g", "referrer": "",
                                          "title": "LP"},
                "params": {"utm_source": "google", "gclid": "Cj0abc", "custom_key": "v"}}
        if visitor:
            body["visitor_id"] = visitor
        body.update(extra)
        return self.anon.post("/dni/v1/issue", body, headers={"Origin": origin} if origin else {})

    def test_issue_gives_a_pool_number_in_both_formats(self):
        r = self.issue(self.pool["key"])
        self.assertStatus(r, 200)
        j = r.json
        self.assertIn(j["digits"], self.digits)
        self.assertEqual(j["national"], j["digits"][:3] + "-" + j["digits"][3:7] + "-" +
                         j["digits"][7:])
        self.assertEqual(j["number"], j["national"])
        self.assertEqual(j["e164"], "+81" + j["digits"][1:])
        self.assertEqual(j["tel"], "tel:" + j["e164"])
        self.assertTrue(j["lease_id"])
        self.assertTrue(j["visitor_id"])
        self.assertGreater(j["expires_in"], 0)
        self.assertEqual(j["targets"], ["0355550000"])
        self.assertEqual(r.headers.get("Access-Control-Allow-Origin"), SITE)

    def test_same_visitor_same_number_and_renew(self):
        first = self.issue(self.pool["key"], "visitor-same-1").json
        again = self.issue(self.pool["key"], "visitor-same-1").json
        self.assertEqual(again["digits"], first["digits"])
        self.assertEqual(again["lease_id"], first["lease_id"])
        r = self.anon.post("/dni/v1/renew", {"lease_id": first["lease_id"]},
                           headers={"Origin": SITE})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["digits"], first["digits"])
        self.assertGreater(r.json["expires_in"], 0)
        self.assertProblem(self.anon.post("/dni/v1/renew", {"lease_id": "1-deadbeef"}), 404)

    def test_exhausted_pool_shows_the_default_number(self):
        seen = set()
        for i in range(2):
            seen.add(self.issue(self.small["key"], f"visitor-exh-{i}").json["digits"])
        self.assertEqual(len(seen), 2)
        r = self.issue(self.small["key"], "visitor-exh-late").json
        self.assertEqual(r["outcome"], "default_number")
        self.assertEqual(r["digits"], "0355550000")
        self.assertIsNone(r["lease_id"])
        self.assertNotIn(r["digits"], seen)

    def test_share_lru_shares_with_lower_confidence(self):
        a = self.issue(self.share["key"], "visitor-share-1").json
        b = self.issue(self.share["key"], "visitor-share-2").json
        self.assertEqual(a["outcome"], "new")
        self.assertEqual(b["outcome"], "shared")
        self.assertEqual(b["digits"], a["digits"])
        self.assertLess(b["confidence"], a["confidence"])

    def test_dynamic_pool_makes_base_plus_suffix(self):
        a = self.issue(self.dynamic["key"], "visitor-dyn-1").json
        b = self.issue(self.dynamic["key"], "visitor-dyn-2").json
        for x in (a, b):
            self.assertTrue(x["digits"].startswith("007812345678"), x)
            self.assertEqual(len(x["digits"]), 15)
        self.assertNotEqual(a["digits"], b["digits"])

    def test_cors_preflight_and_denied_origin(self):
        ok = self.anon.request("OPTIONS", f"/dni/v1/issue?pool_key={self.pool['key']}",
                               headers={"Origin": SITE,
                                        "Access-Control-Request-Method": "POST"})
        self.assertStatus(ok, 204)
        self.assertEqual(ok.headers.get("Access-Control-Allow-Origin"), SITE)
        self.assertIn("POST", ok.headers.get("Access-Control-Allow-Methods"))
        bad = self.anon.request("OPTIONS", f"/dni/v1/issue?pool_key={self.pool['key']}",
                                headers={"Origin": "https://evil.example",
                                         "Access-Control-Request-Method": "POST"})
        self.assertEqual(bad.status, 403)
        self.assertIsNone(bad.headers.get("Access-Control-Allow-Origin"))
        r = self.issue(self.pool["key"], "visitor-evil-1", origin="https://evil.example")
        self.assertProblem(r, 403)
        self.assertIsNone(r.headers.get("Access-Control-Allow-Origin"))
        self.assertNotIn("050", r.text)

    def test_rate_limit_per_visitor(self):
        statuses = [self.issue(self.limited["key"], "visitor-rate-1").status for _ in range(5)]
        self.assertEqual(statuses[:3], [200, 200, 200])
        self.assertEqual(statuses[3], 429)
        r = self.issue(self.limited["key"], "visitor-rate-1")
        self.assertProblem(r, 429)
        self.assertGreaterEqual(int(r.headers.get("Retry-After")), 1)
        # Another visitor is not held back.
        self.assertStatus(self.issue(self.limited["key"], "visitor-rate-2"), 200)

    def test_unknown_pool_key_is_404_without_leaking(self):
        for key in ("pk_nobody_here", "x", self.other["key"] + "x"):
            r = self.issue(key, "visitor-unknown-1")
            self.assertProblem(r, 404)
            self.assertNotIn("050", r.text)
            self.assertNotIn("9999", r.text)
            self.assertIsNone(r.headers.get("Access-Control-Allow-Origin"))
        # A pool of another advertiser answers only with its own numbers.
        r = self.issue(self.other["key"], "visitor-other-1").json
        self.assertEqual(r["digits"], "05030000009")

    def test_bad_input_names_the_fields(self):
        r = self.anon.post("/dni/v1/issue", {"pool_key": self.pool["key"], "visitor_id": "a b",
                                             "params": {"bad key": "x", "n": 1}})
        self.assertIn(r.status, (400,))
        self.assertProblem(r, 400, ["/params/bad key", "/params/n"])
        self.assertProblem(self.anon.post("/dni/v1/issue", {"visitor_id": "abcdefgh1"}), 400,
                           ["/pool_key"])
        self.assertProblem(self.issue(self.pool["key"], "short"), 400, ["/visitor_id"])

    def test_leases_are_written_behind(self):
        j = self.issue(self.pool["key"], "visitor-persist-1").json
        deadline = time.monotonic() + 10
        months = []
        while time.monotonic() < deadline:
            months = self.sys.get(f"/api/v1/pools/{self.pool['id']}/monthly").json["items"]
            if months and months[0]["issued"] >= 1:
                break
            time.sleep(0.2)
        self.assertTrue(months and months[0]["issued"] >= 1, months)
        self.assertTrue(j["lease_id"])

    def test_tag_script(self):
        r = self.anon.get("/dni/v1/tag.js")
        self.assertStatus(r, 200)
        self.assertEqual(r.content_type, "application/javascript")
        self.assertIn("data-hankyo-ignore", r.text)
        self.assertLess(len(gzip.compress(r.body, 9)), 5 * 1024)


class DniBrowserTest(ApiTestCase):
    """The JS tag in headless Chromium (skipped when `chromium` is not installed): a local page
    served on another origin includes the tag from hankyod; the dumped DOM shows the issued
    number in the page's own formats, in text and tel: links, also in content added later,
    and never inside [data-hankyo-ignore]."""

    PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>LP</title></head><body>
<p id="plain">お電話は 03-5555-0000 まで</p>
<p id="paren">(03)5555-0000</p>
<p id="wide">０３－５５５５－００００</p>
<p id="other">FAX 03-7777-0000</p>
<a id="link" href="tel:0355550000">call</a>
<div data-hankyo-ignore><p id="ignored">03-5555-0000</p></div>
<div id="later"></div>
<script>setTimeout(function () {
  document.getElementById('later').innerHTML = '<span id="spa">03-5555-0000</span>';
}, 300);</script>
<script src="TAG" data-pool="pk_browser_1" async></script>
</body></html>"""

    @classmethod
    def seed(cls):
        import shutil
        cls.chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not cls.chromium:
            return
        page = cls.PAGE.replace("TAG", f"{cls.server.url}/dni/v1/tag.js").encode()
        cls.httpd, cls.origin = serve_page(page)
        s = cls.sys
        op = s.post("/api/v1/operators", {"name": "Browser Op"}).json
        adv = s.post("/api/v1/advertisers", {"name": "B", "operator_id": op["id"]}).json
        num = s.post("/api/v1/numbers", {"number": "050-6000-0001", "name": "b",
                                         "operator_id": op["id"], "advertiser_id": adv["id"],
                                         "destinations": ["03-1111-2222"]}).json
        r = s.post("/api/v1/pools", {"advertiser_id": adv["id"], "name": "b",
                                     "key": "pk_browser_1", "number_ids": [num["id"]],
                                     "default_number": "03-5555-0000",
                                     "allowed_origins": [cls.origin]})
        assert r.status == 201, r

    @classmethod
    def tearDownClass(cls):
        stop_page(getattr(cls, "httpd", None))
        super().tearDownClass()

    def test_numbers_are_swapped_in_the_page_formats(self):
        import re
        import subprocess
        import tempfile
        if not self.chromium:
            self.skipTest("chromium is not installed")
        with tempfile.TemporaryDirectory() as profile:
            p = subprocess.run(
                [self.chromium, "--headless", "--no-sandbox", "--disable-gpu",
                 "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
                 "--dump-dom", self.origin + "/lp.html"],
                capture_output=True, text=True, timeout=120)
        dom = p.stdout
        self.assertIn("<body>", dom, p.stderr[-2000:])

        def text(id_):
            m = re.search(rf'id="{id_}"[^>]*>([^<]*)<', dom)
            return m.group(1) if m else None

        self.assertEqual(text("plain"), "お電話は 050-6000-0001 まで")
        self.assertEqual(text("paren"), "(050)6000-0001")
        self.assertEqual(text("wide"), "０５０－６０００－０００１")
        self.assertEqual(text("other"), "FAX 03-7777-0000")  # not a target number
        self.assertIn('href="tel:05060000001"', dom)
        self.assertEqual(text("ignored"), "03-5555-0000")
        self.assertEqual(text("spa"), "050-6000-0001")  # added after the swap
