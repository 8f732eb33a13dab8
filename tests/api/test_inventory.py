"""Number inventory in bulk: CSV import (all or nothing, a report per row, dry run, scope,
limits, encodings), the export in the same columns, and each number's lifecycle history."""

from harness import ApiTestCase, undocumented
from world import World


IMPORT = "/api/v1/numbers/import"


class InventoryTest(ApiTestCase):

    @classmethod
    def seed(cls):
        cls.w = World(cls.server)

    def send(self, client, text, query="", content_type="text/csv; charset=utf-8"):
        return client.post(IMPORT + query, raw=text.encode() if isinstance(text, str) else text,
                           content_type=content_type)

    def count(self, client, prefix):
        r = client.get(f"/api/v1/numbers?q={prefix}&per_page=100")
        self.assertStatus(r, 200)
        return r.json["total"]

    def test_good_file_imports_every_row_with_its_history(self):
        staff = self.w.staff_by_key
        text = ("\ufeffnumber,name,advertiser,advertiser_id,destinations,ring_timeout_sec,"
                "monthly_cost,type\r\n"
                "0120-700-001,\"Flyer, spring\",Adv A,,03-1111-2222|sip:desk@pbx.example.jp,20,"
                "1500,\r\n"
                f"050-7000-0002,\"Say \"\"hi\"\"\",,{self.w.adv_b['id']},,,,\r\n"
                "050-7000-0003,Stock,,,,,,050\r\n")
        r = self.send(staff, text)
        self.assertStatus(r, 200)
        self.assertEqual(undocumented("POST", IMPORT, r), [])
        rep = r.json
        self.assertEqual((rep["imported"], rep["checked"], rep["failed"], rep["dry_run"]),
                         (3, 3, 0, False))
        self.assertEqual([row["row"] for row in rep["rows"]], [2, 3, 4])
        first = staff.get(f"/api/v1/numbers/{rep['rows'][0]['id']}").json
        self.assertEqual(first["number"], "0120700001")
        self.assertEqual(first["type"], "0120")
        self.assertIs(first["shows_caller_number"], False)
        self.assertEqual(first["name"], "Flyer, spring")
        self.assertEqual(first["advertiser_id"], self.w.adv_a["id"])
        self.assertEqual(first["state"], "assigned")
        self.assertEqual(first["destinations"], ["0311112222", "sip:desk@pbx.example.jp"])
        self.assertEqual((first["ring_timeout_sec"], first["monthly_cost"]), (20, 1500))
        second = staff.get(f"/api/v1/numbers/{rep['rows'][1]['id']}").json
        self.assertEqual(second["name"], 'Say "hi"')
        self.assertEqual(second["advertiser_id"], self.w.adv_b["id"])
        stock = staff.get(f"/api/v1/numbers/{rep['rows'][2]['id']}").json
        self.assertEqual((stock["state"], stock["advertiser_id"]), ("available", None))

        hist = staff.get(f"/api/v1/numbers/{first['id']}/transitions")
        self.assertStatus(hist, 200)
        self.assertEqual(undocumented("GET", "/api/v1/numbers/{id}/transitions", hist), [])
        self.assertEqual([(t["from"], t["to"], t["cause"]) for t in hist.json["items"]],
                         [(None, "assigned", "import")])
        stock_hist = staff.get(f"/api/v1/numbers/{stock['id']}/transitions").json["items"]
        self.assertEqual(stock_hist[0]["to"], "available")
        # Advertiser B's user does not see A's number's history.
        self.assertProblem(self.w.b_by_key.get(f"/api/v1/numbers/{first['id']}/transitions"),
                           404)

    def test_numbers_made_and_changed_through_the_api_keep_their_history(self):
        staff = self.w.staff_by_key
        r = staff.post("/api/v1/numbers", {"number": "050-7299-0001", "name": "Via API"})
        self.assertStatus(r, 201)
        num = r.json
        r = staff.patch(f"/api/v1/numbers/{num['id']}", {"state": "quarantined"})
        self.assertStatus(r, 200)
        staff.patch(f"/api/v1/numbers/{num['id']}", {"name": "Renamed"})  # no state change
        hist = staff.get(f"/api/v1/numbers/{num['id']}/transitions").json["items"]
        self.assertEqual(sorted((t["from"] or "", t["to"], t["cause"]) for t in hist),
                         [("", "available", "api"), ("available", "quarantined", "api")])

    def test_one_bad_row_imports_nothing_and_the_report_names_rows_and_columns(self):
        text = ("number,name,max_lines,state,advertiser\n"
                "050-7100-0001,fine,,,\n"
                "050-7100-0002,\"line\nbreak\",,,\n"
                "not-a-number,x,,,\n"
                "050-7100-0004,x,lots,pooled,\n"
                "050-7100-0001,again,,,\n"
                "050-7100-0006,x,,,Adv C\n"
                "050-7100-0007,x\n")
        r = self.send(self.w.x.admin, text)
        p = self.assertProblem(r, 422)
        self.assertEqual(undocumented("POST", IMPORT, r), [])
        self.assertEqual((p["imported"], p["checked"], p["failed"]), (0, 7, 6))
        by_row = {row["row"]: sorted(e["field"] for e in row["errors"]) for row in p["rows"]}
        self.assertEqual(by_row, {3: ["name"], 4: ["number"], 5: ["max_lines", "state"],
                                  6: ["number"], 7: ["advertiser"], 8: ["row"]})
        # Row 3 spans two lines of the file; row 4 starts on line 5.
        lines = {row["row"]: row["line"] for row in p["rows"]}
        self.assertEqual((lines[3], lines[4]), (3, 5))
        self.assertIn("row 4: number", [e["field"] for e in p["errors"]])
        # Not even the good first row was kept.
        self.assertEqual(self.count(self.w.x.admin, "0507100"), 0)

    def test_dry_run_checks_without_writing(self):
        text = "number,name\n050-7200-0001,a\n050-7200-0002,b\n"
        r = self.send(self.w.x.admin, text, "?dry_run=true")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["dry_run"], r.json["imported"], r.json["checked"]),
                         (True, 0, 2))
        self.assertEqual([row["number"] for row in r.json["rows"]],
                         ["05072000001", "05072000002"])
        self.assertNotIn("id", r.json["rows"][0])
        self.assertEqual(self.count(self.w.x.admin, "0507200"), 0)
        bad = self.send(self.w.x.admin, "number,name\nabc,a\n", "?dry_run=true")
        self.assertProblem(bad, 422)
        self.assertProblem(self.send(self.w.x.admin, text, "?dry_run=maybe"), 400, ["dry_run"])
        # The same file for real.
        self.assertEqual(self.send(self.w.x.admin, text).json["imported"], 2)
        self.assertEqual(self.count(self.w.x.admin, "0507200"), 2)

    def test_scope(self):
        # Advertiser users cannot create numbers, so they cannot import them either.
        p = self.assertProblem(self.send(self.w.a_by_key, "number,name\n050-7300-0001,a\n"), 403)
        self.assertIn("advertiser_user", p["detail"])
        # An operator cannot import into another operator's advertiser, by id or by name.
        text = (f"number,name,advertiser_id,advertiser\n"
                f"050-7300-0002,a,{self.w.adv_c['id']},\n"
                f"050-7300-0003,b,,Adv C\n"
                f"050-7300-0004,c,,\n")
        p = self.assertProblem(self.send(self.w.x.admin, text), 422)
        fields = {row["row"]: [e["field"] for e in row["errors"]] for row in p["rows"]}
        self.assertEqual(fields[2], ["advertiser_id"])
        self.assertEqual(fields[3], ["advertiser"])
        # System admins name the operator in a column.
        sys_text = f"number,name,operator_id\n050-7300-0005,s,{self.w.y.id}\n"
        r = self.send(self.sys, sys_text)
        self.assertStatus(r, 200)
        made = self.sys.get(f"/api/v1/numbers/{r.json['rows'][0]['id']}").json
        self.assertEqual(made["operator_id"], self.w.y.id)
        p = self.assertProblem(self.send(self.sys, "number,name\n050-7300-0006,s\n"), 422)
        self.assertEqual(p["rows"][0]["errors"][0]["field"], "operator_id")

    def test_file_problems(self):
        admin = self.w.x.admin
        sjis = "number,name\n050-7400-0001,".encode() + "渋谷店".encode("shift_jis") + b"\n"
        p = self.assertProblem(self.send(admin, sjis), 400)
        self.assertIn("UTF-8", p["detail"])
        self.assertIn("line 2", p["detail"])
        p = self.assertProblem(self.send(admin, "number,colour\n0501,red\n"), 400)
        self.assertIn("colour", p["detail"])
        self.assertProblem(self.send(admin, "number,name\n\"0501,x\n"), 400)
        self.assertProblem(self.send(admin, ""), 400)
        r = admin.post(IMPORT, {"number": "050-7400-0002"})  # JSON is not CSV
        self.assertProblem(r, 415)

    def test_limits(self):
        admin = self.w.x.admin
        rows = "".join(f"050{i:08},n\n" for i in range(10_001))
        r = self.send(admin, "number,name\n" + rows)
        p = self.assertProblem(r, 413)
        self.assertEqual(undocumented("POST", IMPORT, r), [])
        self.assertIn("10000 rows", p["detail"])
        big = "number,name\n050-7500-0001," + "x" * (2 << 20) + "\n"
        self.assertProblem(self.send(admin, big), 413)
        self.assertEqual(self.count(admin, "0500000000"), 0)

    def test_export_has_the_import_columns_and_the_callers_scope(self):
        self.send(self.w.x.admin, "number,name,advertiser\n050-7600-0001,\"=1+1\",Adv A\n")
        r = self.w.a_by_key.get("/api/v1/numbers/export")
        self.assertStatus(r, 200)
        self.assertEqual(undocumented("GET", "/api/v1/numbers/export", r), [])
        lines = r.text.split("\r\n")
        self.assertTrue(lines[0].startswith("id,number,type,name,operator_id,advertiser_id,"))
        body = "\n".join(lines[1:])
        self.assertIn("05076000001", body)
        self.assertIn("'=1+1", body)  # a spreadsheet shows it rather than computing it
        self.assertNotIn(self.w.num_b["number"], body)  # B's number: not A's to see
        staff = self.w.staff_by_key.get(f"/api/v1/numbers/export?advertiser_id="
                                        f"{self.w.adv_b['id']}").text
        self.assertIn(self.w.num_b["number"], staff)
        self.assertNotIn("05076000001", staff)
