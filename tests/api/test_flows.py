"""Call flows: documents validated on save (422 naming every bad field), a new version per
change, attachments to an operator, advertiser or number with the most specific winning, a
dry-run validation, and the absence switch a flow branches on."""

import copy
import glob
import json
import os
import re
import shutil
import tempfile
import unittest
import urllib.parse

import test_openapi as spec
from harness import REPO, ApiTestCase
from test_prompts import wav_bytes
from world import World

FLOWS = "/api/v1/flows"
ATTACH = "/api/v1/flow-attachments"
OWN_LIST = "/api/v1/block-list"
DATA = os.path.join(REPO, "tests", "data", "flows")


def data(kind, name):
    with open(os.path.join(DATA, kind, name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def fields(reply):
    return sorted(e["field"] for e in reply.json["errors"])


PROMPT_ID = re.compile(r"^[0-9a-f]{32}$")


def with_prompt(doc, prompt_id):
    """The data files name made-up prompt ids: the document with each one replaced by a real
    prompt's (a flow may only name prompts that exist and belong to its owner)."""
    if isinstance(doc, dict):
        return {k: (prompt_id if k in ("file", "hold_music") and isinstance(v, str)
                    and PROMPT_ID.match(v) else with_prompt(v, prompt_id))
                for k, v in doc.items()}
    if isinstance(doc, list):
        return [with_prompt(v, prompt_id) for v in doc]
    return doc


class WithPrompts(ApiTestCase):
    """A hankyod with a media folder, so that prompts can be uploaded."""

    @classmethod
    def setUpClass(cls):
        cls.media_dir = tempfile.mkdtemp(prefix="hk-flows-media-")
        cls.SETS = (f"media.dir={cls.media_dir}",)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.media_dir, ignore_errors=True)

    @classmethod
    def upload_prompt(cls, client, name, query=""):
        r = client.request("POST", f"/api/v1/prompts?name={urllib.parse.quote(name)}{query}", raw=wav_bytes(0.3),
                           content_type="audio/wav")
        assert r.status == 201, repr(r)
        return r.json["id"]

    @classmethod
    def good(cls, name):
        """A data file's document naming the operator's own prompt."""
        return with_prompt(data("good", name), cls.prompt)


class FlowTest(WithPrompts):
    @classmethod
    def seed(cls):
        cls.w = World(cls.server)
        cls.prompt = cls.upload_prompt(cls.w.x.admin, "menu")

    def create(self, client, document, **owner):
        r = client.post(FLOWS, {"document": document, **owner})
        return self.created(r, FLOWS)

    def test_every_save_is_a_version(self):
        admin = self.w.x.admin
        doc = self.good("business_hours_menu")
        f = self.create(admin, doc, advertiser_id=self.w.adv_a["id"])
        self.assertEqual((f["version"], f["current_version"], f["name"]),
                         (1, 1, "Clinic main line"))
        self.assertEqual(f["document"], doc)
        self.assertEqual(f["warnings"], [])
        self.assertEqual(f["advertiser_id"], self.w.adv_a["id"])
        self.assertTrue(f["version_created_by"].startswith("key:"))
        url = f"{FLOWS}/{f['id']}"
        self.assertEqual(admin.get(url).json, f)

        # PUT a changed document: version 2. PUT it again: nothing changes (idempotent).
        doc2 = copy.deepcopy(doc)
        doc2["steps"]["menu"]["timeout_sec"] = 8
        r = admin.request("PUT", url, {"document": doc2})
        self.assertStatus(r, 200)
        self.assertEqual((r.json["version"], r.json["document"]["steps"]["menu"]["timeout_sec"]),
                         (2, 8))
        again = admin.request("PUT", url, dict(r.json))  # GET's answer sent back as it is
        self.assertStatus(again, 200)
        self.assertEqual(again.json["version"], 2)

        # PATCH is a merge patch of the document: drop a step and the branch to it.
        r = admin.patch(url, {"document": {"steps": {"holiday_message": None,
                                                     "hours": {"holiday": None}}}})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["version"], 3)
        self.assertNotIn("holiday_message", r.json["document"]["steps"])
        self.assertNotIn("holiday", r.json["document"]["steps"]["hours"])
        # ... which leaves "bye" unreachable: saved, with a warning.
        self.assertEqual(r.json["warnings"], [{"field": "/document/steps/bye",
                                               "reason": "cannot be reached from start"}])

        versions = admin.get(f"{url}/versions").json
        self.assertEqual([v["version"] for v in versions["items"]], [3, 2, 1])
        self.assertEqual(versions["total"], 3)
        v1 = admin.get(f"{url}/versions/1")
        self.assertStatus(v1, 200)
        self.assertEqual((v1.json["version"], v1.json["current_version"]), (1, 3))
        self.assertEqual(v1.json["document"], doc)
        self.assertProblem(admin.get(f"{url}/versions/4"), 404)
        self.assertProblem(admin.get(f"{url}/versions/zero"), 404)

        # Rolling back is saving an old document: a new version, the old content.
        r = admin.request("PUT", url, {"document": v1.json["document"]})
        self.assertEqual((r.json["version"], r.json["document"]), (4, doc))

        self.assertStatus(admin.delete(url), 204)
        self.assertProblem(admin.get(url), 404)
        self.assertProblem(admin.get(f"{url}/versions/1"), 404)

    def test_every_bad_document_is_422_naming_its_fields(self):
        """The unit test's data files, through the API: the same pointers under /document."""
        admin = self.w.x.admin
        before = admin.get(FLOWS).json["total"]
        files = sorted(glob.glob(os.path.join(DATA, "bad", "*.json")))
        self.assertGreater(len(files), 20)
        for path in files:
            with open(path, encoding="utf-8") as f:
                case = json.load(f)
            with self.subTest(case=os.path.basename(path)):
                r = admin.post(FLOWS, {"document": case["document"]})
                self.assertProblem(r, 422)
                want = sorted("/document" + ("" if e["field"] == "/" else e["field"])
                              for e in case["errors"])
                self.assertEqual(fields(r), want)
        self.assertEqual(admin.get(FLOWS).json["total"], before)

    def test_a_bad_envelope_is_400_and_names_the_document_too(self):
        admin = self.w.x.admin
        r = admin.post(FLOWS, {"documnet": data("good", "forward_only")})
        self.assertProblem(r, 400, ["/documnet", "/document"])
        bad = data("bad", "unknown_verb")["document"]
        r = admin.post(FLOWS, {"document": bad, "advertiser_id": "A"})
        self.assertProblem(r, 400, ["/advertiser_id", "/document/steps/a/verb"])
        r = admin.post(FLOWS, {"document": data("good", "forward_only"),
                               "advertiser_id": self.w.adv_c["id"]})
        self.assertProblem(r, 400, ["/advertiser_id"])  # another operator's: unknown

    def test_a_prompt_the_owner_cannot_use_is_422_naming_its_field(self):
        w, admin = self.w, self.w.x.admin
        theirs = self.upload_prompt(w.y.admin, "another operator's")
        for_b = self.upload_prompt(admin, "for B", f"&advertiser_id={w.adv_b['id']}")
        doc = data("good", "queue_when_busy")
        doc["steps"]["wait"]["announcement"]["file"] = theirs
        doc["steps"]["wait"]["hold_music"] = "f" * 32  # well formed, never uploaded
        want = ["/document/steps/wait/announcement/file", "/document/steps/wait/hold_music"]
        r = admin.post(FLOWS, {"document": doc, "advertiser_id": w.adv_a["id"]})
        self.assertProblem(r, 422, want)
        self.assertEqual(fields(r), want)
        doc["steps"]["wait"]["hold_music"] = for_b  # advertiser B's, for A's flow
        f = self.create(admin, self.good("queue_when_busy"), advertiser_id=w.adv_a["id"])
        url = f"{FLOWS}/{f['id']}"
        for r in (admin.request("PUT", url, {"document": doc}),
                  admin.post(f"{url}/validate", {"document": doc})):
            self.assertProblem(r, 422, want)
            self.assertEqual(fields(r), want)
        self.assertEqual(admin.get(url).json["version"], 1)
        # B's own flow may name it (a dry run: the other tests count B's flows).
        ok = with_prompt(data("good", "queue_when_busy"), for_b)
        self.assertStatus(admin.post(f"{FLOWS}/{w.flow_b['id']}/validate", {"document": ok}), 200)

    def test_a_prompt_in_use_cannot_be_deleted(self):
        admin = self.w.x.admin
        pid = self.upload_prompt(admin, "in use")
        doc = with_prompt(data("good", "queue_when_busy"), pid)
        doc["name"] = "Uses the prompt"
        f = self.create(admin, doc)
        r = admin.delete(f"/api/v1/prompts/{pid}")
        p = self.assertProblem(r, 409)
        self.assertIn(f"\"Uses the prompt\" (flow {f['id']})", p["detail"])
        self.assertStatus(admin.get(f"/api/v1/prompts/{pid}"), 200)
        # Once the current version no longer names it, it can go.
        self.assertStatus(admin.request("PUT", f"{FLOWS}/{f['id']}",
                                        {"document": with_prompt(doc, self.prompt)}), 200)
        self.assertStatus(admin.delete(f"/api/v1/prompts/{pid}"), 204)

    def test_an_invalid_save_keeps_the_current_version(self):
        admin = self.w.x.admin
        f = self.create(admin, self.good("queue_when_busy"))
        url = f"{FLOWS}/{f['id']}"
        broken = copy.deepcopy(f["document"])
        broken["steps"]["wait"]["next"] = "gone"
        r = admin.request("PUT", url, {"document": broken})
        self.assertProblem(r, 422, ["/document/steps/wait/next"])
        r = admin.patch(url, {"document": {"steps": {"try": {"order": "random"}}}})
        self.assertProblem(r, 422, ["/document/steps/try/order"])
        now = admin.get(url).json
        self.assertEqual((now["version"], now["document"]), (1, f["document"]))
        self.assertProblem(admin.request("PUT", url), 400)  # no body
        self.assertProblem(admin.request("PUT", url, {"document": f["document"],
                                                      "advertiser_id": self.w.adv_a["id"]}),
                           400, ["/advertiser_id"])

    def test_validate_is_a_dry_run(self):
        admin = self.w.x.admin
        f = self.create(admin, data("good", "connect_first"))
        url = f"{FLOWS}/{f['id']}/validate"
        bad = data("bad", "on_connect_with_guidance")["document"]
        self.assertProblem(admin.post(url, {"document": bad}), 422, ["/document/steps/hello"])
        parked = data("good", "forward_only")
        parked["steps"]["old"] = {"verb": "hangup"}
        r = admin.post(url, {"document": parked})
        self.assertStatus(r, 200)
        self.assertEqual(r.json, {"valid": True, "warnings": [
            {"field": "/document/steps/old", "reason": "cannot be reached from start"}]})
        self.assertEqual(admin.get(f"{FLOWS}/{f['id']}").json["version"], 1)
        self.assertProblem(admin.post(f"{FLOWS}/999999/validate", {"document": parked}), 404)

    def test_most_specific_attachment_wins(self):
        w = self.w
        admin = w.x.admin
        num = self.created(admin.post("/api/v1/numbers", {
            "number": "050-1000-0500", "name": "resolve", "advertiser_id": w.adv_a["id"]}),
            "/api/v1/numbers")
        at = f"/api/v1/numbers/{num['id']}/flow"
        # World: X's own flow on operator X. A's numbers without their own run it.
        r = admin.get(at)
        self.assertStatus(r, 200)
        self.assertEqual((r.json["flow_id"], r.json["level"], r.json["version"]),
                         (w.flow_x["id"], "operator", 1))
        adv_flow = self.create(admin, data("good", "collect_member_number"),
                               advertiser_id=w.adv_a["id"])
        by_adv = self.created(admin.post(ATTACH, {"flow_id": adv_flow["id"],
                                                  "advertiser_id": w.adv_a["id"]}), ATTACH)
        self.assertEqual(by_adv["level"], "advertiser")
        self.assertEqual(admin.get(at).json["flow_id"], adv_flow["id"])
        num_flow = self.create(admin, data("good", "absence_switch"),
                               advertiser_id=w.adv_a["id"])
        by_num = self.created(admin.post(ATTACH, {"flow_id": num_flow["id"],
                                                  "number_id": num["id"]}), ATTACH)
        r = admin.get(at).json
        self.assertEqual((r["flow_id"], r["level"], r["attachment_id"], r["number_id"]),
                         (num_flow["id"], "number", by_num["id"], num["id"]))
        self.assertEqual(r["document"], data("good", "absence_switch"))
        # A target has one attachment; changing it is a PATCH of its flow_id.
        self.assertProblem(admin.post(ATTACH, {"flow_id": adv_flow["id"],
                                               "number_id": num["id"]}), 409)
        r = admin.patch(f"{ATTACH}/{by_num['id']}", {"flow_id": adv_flow["id"]})
        self.assertStatus(r, 200)
        self.assertProblem(admin.patch(f"{ATTACH}/{by_num['id']}",
                                       {"number_id": w.num_a["id"]}), 400, ["/number_id"])
        # An attached flow is not deleted; detached, it is.
        self.assertProblem(admin.delete(f"{FLOWS}/{adv_flow['id']}"), 409)
        self.assertStatus(admin.delete(f"{ATTACH}/{by_num['id']}"), 204)
        self.assertStatus(admin.delete(f"{ATTACH}/{by_adv['id']}"), 204)
        self.assertStatus(admin.delete(f"{FLOWS}/{adv_flow['id']}"), 204)
        self.assertEqual(admin.get(at).json["level"], "operator")
        # Filters.
        mine = admin.get(f"{ATTACH}?flow_id={w.flow_a['id']}").json
        self.assertEqual([a["id"] for a in mine["items"]], [w.attach_a["id"]])
        self.assertProblem(admin.get(f"{ATTACH}?flow_id=x"), 400, ["flow_id"])

    def test_a_number_without_any_flow(self):
        y = self.w.y
        r = self.sys.get(f"/api/v1/numbers/{self.w.num_y['id']}/flow")
        self.assertEqual(r.json["level"], "operator")  # Y's own flow
        self.assertStatus(y.admin.delete(f"{ATTACH}/{self.w.attach_y['id']}"), 204)
        self.assertProblem(self.sys.get(f"/api/v1/numbers/{self.w.num_y['id']}/flow"), 404)
        self.created(y.admin.post(ATTACH, {"flow_id": self.w.flow_y["id"]}), ATTACH)

    def test_advertiser_users_run_their_own_flows(self):
        w = self.w
        a = w.a_by_login
        f = self.create(a, data("good", "forward_only"))
        self.assertEqual(f["advertiser_id"], w.adv_a["id"])
        self.assertEqual(f["version_created_by"], f"user:{w.user_a['id']}")
        self.assertStatus(a.request("PUT", f"{FLOWS}/{f['id']}",
                                    {"document": data("good", "connect_first")}), 200)
        self.assertProblem(a.get(f"{FLOWS}/{w.flow_x['id']}"), 404)
        self.assertProblem(a.get(f"{FLOWS}/{w.flow_b['id']}"), 404)
        self.assertProblem(w.b_by_key.get(f"{FLOWS}/{f['id']}"), 404)
        self.assertProblem(a.post(ATTACH, {"flow_id": f["id"]}), 403)
        self.assertProblem(a.post(ATTACH, {"flow_id": f["id"], "number_id": w.num_b["id"]}),
                           400, ["/number_id"])
        self.assertProblem(a.post(ATTACH, {"flow_id": w.flow_x["id"],
                                           "number_id": w.num_a["id"]}), 400, ["/flow_id"])
        self.assertProblem(a.post(FLOWS, {"document": data("good", "forward_only"),
                                          "advertiser_id": w.adv_b["id"]}),
                           400, ["/advertiser_id"])
        listed = [x["id"] for x in a.get(FLOWS).json["items"]]
        self.assertIn(f["id"], listed)
        self.assertNotIn(w.flow_x["id"], listed)
        self.assertStatus(a.delete(f"{FLOWS}/{f['id']}"), 204)

    def test_list_filters(self):
        admin = self.w.x.admin
        own = admin.get(f"{FLOWS}?advertiser_id=0").json["items"]
        self.assertTrue(own)
        self.assertTrue(all(f["advertiser_id"] is None for f in own))
        b = admin.get(f"{FLOWS}?advertiser_id={self.w.adv_b['id']}").json["items"]
        self.assertEqual([f["id"] for f in b], [self.w.flow_b["id"]])
        self.assertEqual([f["name"] for f in admin.get(f"{FLOWS}?q=b%20ma").json["items"]],
                         ["B main"])
        self.assertProblem(admin.get(f"{FLOWS}?advertiser_id=-1"), 400, ["advertiser_id"])
        self.assertProblem(admin.get(f"{FLOWS}?sort=document"), 400, ["sort"])


class AbsenceTest(ApiTestCase):
    @classmethod
    def seed(cls):
        cls.w = World(cls.server)

    def test_the_switch_of_a_number_and_of_its_advertiser(self):
        w = self.w
        num = f"/api/v1/numbers/{w.num_a['id']}/absence"
        adv = f"/api/v1/advertisers/{w.adv_a['id']}/absence"
        r = w.a_by_login.get(num)
        self.assertStatus(r, 200)
        self.assertEqual(r.json, {"number_id": w.num_a["id"], "absent": False,
                                  "changed_at": None, "changed_by": None,
                                  "advertiser_absent": False, "effective": False})
        r = w.a_by_login.request("PUT", num, {"absent": True})
        self.assertStatus(r, 200)
        self.assertEqual((r.json["absent"], r.json["effective"], r.json["changed_by"]),
                         (True, True, f"user:{w.user_a['id']}"))
        self.assertTrue(r.json["changed_at"].endswith("Z"))
        # Sending the answer back with another value flips it.
        back = dict(r.json, absent=False)
        self.assertFalse(w.staff_by_key.request("PUT", num, back).json["effective"])
        # The advertiser's switch makes every number of it absent.
        r = w.x.admin.request("PUT", adv, {"absent": True})
        self.assertStatus(r, 200)
        self.assertEqual((r.json["advertiser_id"], r.json["absent"]), (w.adv_a["id"], True))
        r = w.a_by_key.get(num).json
        self.assertEqual((r["absent"], r["advertiser_absent"], r["effective"]),
                         (False, True, True))
        self.assertFalse(self.sys.get(f"/api/v1/numbers/{w.num_b['id']}/absence")
                         .json["effective"])
        self.assertEqual(self.sys.get(adv).json["absent"], True)

    def test_bad_bodies(self):
        w = self.w
        num = f"/api/v1/numbers/{w.num_b['id']}/absence"
        self.assertProblem(w.x.admin.request("PUT", num, {}), 400, ["/absent"])
        self.assertProblem(w.x.admin.request("PUT", num, {"absent": "yes"}), 400, ["/absent"])
        self.assertProblem(w.x.admin.request("PUT", num, {"absent": True, "until": "5pm"}),
                           400, ["/until"])
        self.assertProblem(w.x.admin.request("PUT", num), 400)
        self.assertProblem(w.x.admin.request("PUT", num, raw="absent", content_type="text/plain"),
                           415)
        self.assertFalse(self.sys.get(num).json["absent"])


class FlowSpecTest(WithPrompts):
    """The answers of the flow, block-list and absence routes are what docs/openapi.yaml says
    (test_openapi.py checks the other resources' the same way)."""

    @classmethod
    def seed(cls):
        cls.w = World(cls.server)
        cls.prompt = cls.upload_prompt(cls.w.x.admin, "menu")
        cls.spec = spec.load_spec()
        cls.v = spec.Validator(cls.spec)

    def check(self, method, path, reply):
        where = f"{method} {path} -> {reply.status}"
        op = self.spec["paths"][path][method.lower()]
        self.assertIn(str(reply.status), op["responses"], f"{where} is not documented: {reply!r}")
        res = self.v.resolve(op["responses"][str(reply.status)])
        content = res.get("content")
        if not content:
            self.assertEqual(reply.body, b"", where)
            return
        self.assertIn(reply.content_type, content, where)
        body = reply.json if "json" in reply.content_type else reply.text
        self.assertEqual(self.v.errors(body, content[reply.content_type]["schema"]), [],
                         f"{where}: {reply!r}")
        for name in res.get("headers", {}):
            self.assertIsNotNone(reply.headers.get(name), f"{where}: header {name}")

    def test_answers_match_the_schemas(self):
        w, admin, a = self.w, self.w.x.admin, self.w.a_by_key
        doc = self.good("business_hours_menu")
        created = admin.post(FLOWS, {"document": doc, "advertiser_id": w.adv_a["id"]})
        f = created.json["id"]
        one, num, adv = f"{FLOWS}/{f}", w.num_a["id"], w.adv_a["id"]
        attached = admin.post(ATTACH, {"flow_id": f, "advertiser_id": adv})
        entry = admin.post(OWN_LIST, {"prefix": "0570"})
        num_entry = a.post(f"/api/v1/numbers/{num}/block-list", {"withheld": True})
        calls = [
            ("POST", FLOWS, created),
            ("GET", FLOWS, admin.get(f"{FLOWS}?advertiser_id=0&q=main&sort=-name")),
            ("GET", FLOWS + "/{id}", admin.get(one)),
            ("PUT", FLOWS + "/{id}", admin.request("PUT", one, {"document": doc})),
            ("PATCH", FLOWS + "/{id}", admin.patch(one, {"document": {"max_visits": 4}})),
            ("POST", FLOWS + "/{id}/validate", admin.post(f"{one}/validate", {"document": doc})),
            ("GET", FLOWS + "/{id}/versions", admin.get(f"{one}/versions?sort=version")),
            ("GET", FLOWS + "/{id}/versions/{version}", admin.get(f"{one}/versions/1")),
            ("POST", ATTACH, attached),
            ("GET", ATTACH, admin.get(f"{ATTACH}?flow_id={f}")),
            ("GET", ATTACH + "/{id}", admin.get(f"{ATTACH}/{attached.json['id']}")),
            ("PATCH", ATTACH + "/{id}", admin.patch(f"{ATTACH}/{attached.json['id']}",
                                                    {"flow_id": f})),
            ("GET", "/api/v1/numbers/{id}/flow", a.get(f"/api/v1/numbers/{num}/flow")),
            ("POST", OWN_LIST, entry),
            ("GET", OWN_LIST, admin.get(OWN_LIST)),
            ("GET", OWN_LIST + "/{id}", admin.get(f"{OWN_LIST}/{entry.json['id']}")),
            ("POST", "/api/v1/numbers/{id}/block-list", num_entry),
            ("GET", "/api/v1/numbers/{id}/block-list", a.get(f"/api/v1/numbers/{num}/block-list")),
            ("GET", "/api/v1/numbers/{id}/block-list/{entry_id}",
             a.get(f"/api/v1/numbers/{num}/block-list/{num_entry.json['id']}")),
            ("GET", "/api/v1/numbers/{id}/absence", a.get(f"/api/v1/numbers/{num}/absence")),
            ("PUT", "/api/v1/numbers/{id}/absence",
             a.request("PUT", f"/api/v1/numbers/{num}/absence", {"absent": True})),
            ("GET", "/api/v1/advertisers/{id}/absence", a.get(f"/api/v1/advertisers/{adv}/absence")),
            ("PUT", "/api/v1/advertisers/{id}/absence",
             a.request("PUT", f"/api/v1/advertisers/{adv}/absence", {"absent": False})),
            ("GET", "/api/v1/export", admin.get("/api/v1/export")),
            ("DELETE", "/api/v1/numbers/{id}/block-list/{entry_id}",
             a.delete(f"/api/v1/numbers/{num}/block-list/{num_entry.json['id']}")),
            ("DELETE", OWN_LIST + "/{id}", admin.delete(f"{OWN_LIST}/{entry.json['id']}")),
            ("DELETE", ATTACH + "/{id}", admin.delete(f"{ATTACH}/{attached.json['id']}")),
            ("DELETE", FLOWS + "/{id}", admin.delete(one)),
        ]
        for method, path, reply in calls:
            with self.subTest(method=method, path=path):
                self.assertLess(reply.status, 300, repr(reply))
                self.check(method, path, reply)
        # And the errors particular to these routes.
        bad = data("bad", "branch_to_nowhere")["document"]
        other = admin.post(FLOWS, {"document": data("good", "forward_only")}).json["id"]
        errors = [
            ("POST", FLOWS, admin.post(FLOWS, {"document": bad}), 422),
            ("PUT", FLOWS + "/{id}", admin.request("PUT", f"{FLOWS}/{other}", {"document": bad}),
             422),
            ("POST", FLOWS + "/{id}/validate", admin.post(f"{FLOWS}/{other}/validate",
                                                          {"document": bad}), 422),
            ("DELETE", FLOWS + "/{id}", admin.delete(f"{FLOWS}/{w.flow_x['id']}"), 409),
            ("POST", ATTACH, admin.post(ATTACH, {"flow_id": other}), 409),
            ("POST", OWN_LIST, a.post(OWN_LIST, {"withheld": True}), 403),
            ("GET", "/api/v1/numbers/{id}/flow",
             self.sys.get(f"/api/v1/numbers/{w.num_b['id']}/flow?x=1"), 200),
        ]
        for method, path, reply, status in errors:
            with self.subTest(method=method, path=path, status=status):
                self.assertEqual(reply.status, status, repr(reply))
                self.check(method, path, reply)


if __name__ == "__main__":
    unittest.main()
