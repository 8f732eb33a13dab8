"""Authentication: API keys, login sessions, /me, logout, revocation."""

import unittest

from harness import ApiTestCase

PASSWORD = "correct horse battery"
PROTECTED = [("GET", "/api/v1/operators"), ("GET", "/api/v1/operators/1"),
             ("GET", "/api/v1/advertisers"), ("POST", "/api/v1/advertisers"),
             ("GET", "/api/v1/numbers"), ("PATCH", "/api/v1/numbers/1"),
             ("DELETE", "/api/v1/numbers/1"), ("GET", "/api/v1/users"),
             ("GET", "/api/v1/api-keys"), ("POST", "/api/v1/api-keys"), ("GET", "/api/v1/me"),
             ("POST", "/api/v1/apply"), ("GET", "/api/v1/export")]


class AuthTest(ApiTestCase):
    @classmethod
    def seed(cls):
        out = cls.server.ctl("operator", "create", "Auth Op", "--admin-login", "boss@auth.test",
                             "--admin-password", PASSWORD).stdout
        cls.admin_key = out.strip().splitlines()[-1].split()[-1]
        cls.admin = cls.server.client(cls.admin_key)
        cls.number = cls.admin.post("/api/v1/numbers", {"number": "050-6000-0001",
                                                        "name": "n"}).json

    def test_no_credentials_is_401_problem(self):
        for method, path in PROTECTED:
            with self.subTest(method=method, path=path):
                r = self.anon.request(method, path, body={} if method in ("POST", "PATCH")
                                      else None)
                self.assertProblem(r, 401)
                self.assertEqual(r.headers.get("WWW-Authenticate"), "Bearer")
        # Nothing was changed on the way.
        self.assertStatus(self.admin.get(f"/api/v1/numbers/{self.number['id']}"), 200)

    def test_bad_keys_are_401(self):
        good = self.admin_key
        prefix = good.split("_")[1]
        for auth in [f"Bearer {good[:-1]}{'A' if good[-1] != 'A' else 'B'}",  # wrong secret
                     f"Bearer hk_{prefix}_", "Bearer hk_zzzzzzzz_0123456789abcdefghijklmnopqrstuv",
                     "Bearer nonsense", f"Basic {good}", "Bearer", f"bearer  {good}x"]:
            with self.subTest(auth=auth):
                r = self.anon.get("/api/v1/numbers", headers={"Authorization": auth})
                self.assertProblem(r, 401)
                self.assertNotIn("050", r.text)
        self.assertStatus(self.admin.get("/api/v1/numbers"), 200)
        # The scheme name is case-insensitive.
        r = self.anon.get("/api/v1/me", headers={"Authorization": f"bearer {good}"})
        self.assertStatus(r, 200)

    def test_revoked_key_stops_at_once(self):
        k = self.admin.post("/api/v1/api-keys", {"name": "short-lived",
                                                  "role": "operator_staff"}).json
        user = self.server.client(k["key"])
        self.assertStatus(user.get("/api/v1/numbers"), 200)  # now cached by the server
        self.assertStatus(self.admin.delete(f"/api/v1/api-keys/{k['id']}"), 204)
        self.assertProblem(user.get("/api/v1/numbers"), 401)

    def test_key_revoked_with_hankyoctl(self):
        out = self.server.ctl("key", "create", "--name", "ctl", "--role", "operator_staff",
                              "--operator", "Auth Op").stdout
        key_id = out.split()[2]
        key = out.strip().splitlines()[-1]
        self.server.ctl("key", "revoke", key_id)
        self.assertIn("revoked", self.server.ctl("key", "list").stdout)
        self.assertProblem(self.server.client(key).get("/api/v1/me"), 401)

    def test_login_sets_a_strict_http_only_cookie(self):
        r, session = self.anon.login("boss@auth.test", PASSWORD)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["user"]["login"], "boss@auth.test")
        self.assertNotIn("password", r.text)
        self.assertRegex(r.json["expires_at"], r"Z$")
        cookie = r.headers.get("Set-Cookie")
        attrs = [a.strip() for a in cookie.split(";")]
        self.assertTrue(attrs[0].startswith("hk_session="))
        self.assertGreater(len(attrs[0]), len("hk_session=") + 20)
        self.assertIn("HttpOnly", attrs)
        self.assertIn("SameSite=Strict", attrs)
        self.assertIn("Path=/", attrs)
        self.assertNotIn("Secure", attrs)  # http.cookie_secure defaults to false
        max_age = [a for a in attrs if a.startswith("Max-Age=")]
        self.assertEqual(len(max_age), 1)
        self.assertAlmostEqual(int(max_age[0].split("=")[1]), 43200, delta=5)

        me = session.get("/api/v1/me")
        self.assertStatus(me, 200)
        self.assertEqual(me.json["user_id"], r.json["user"]["id"])
        self.assertEqual(me.json["role"], "operator_admin")
        self.assertIsNone(me.json["api_key_id"])
        self.assertStatus(session.get("/api/v1/numbers"), 200)

    def test_logout_ends_the_session(self):
        r, session = self.anon.login("boss@auth.test", PASSWORD)
        self.assertStatus(r, 200)
        out = session.post("/api/v1/auth/logout")
        self.assertStatus(out, 204)
        cleared = out.headers.get("Set-Cookie")
        self.assertIn("hk_session=;", cleared)
        self.assertIn("Max-Age=0", cleared)
        self.assertProblem(session.get("/api/v1/me"), 401)
        self.assertStatus(session.post("/api/v1/auth/logout"), 204)  # twice is fine
        self.assertStatus(self.anon.post("/api/v1/auth/logout"), 204)

    def test_forged_or_malformed_cookie_is_401(self):
        for cookie in ["hk_session=forged", "hk_session=" + "A" * 43, "hk_session="]:
            with self.subTest(cookie=cookie):
                r = self.anon.get("/api/v1/me", headers={"Cookie": cookie})
                self.assertProblem(r, 401)

    def test_wrong_password_and_unknown_login_answer_alike(self):
        wrong, _ = self.anon.login("boss@auth.test", "not the password")
        unknown, _ = self.anon.login("nobody@auth.test", "not the password")
        self.assertProblem(wrong, 401)
        self.assertProblem(unknown, 401)
        self.assertEqual(wrong.body, unknown.body)
        self.assertIsNone(wrong.headers.get("Set-Cookie"))
        self.assertIsNone(unknown.headers.get("Set-Cookie"))

    def test_login_needs_both_fields(self):
        r = self.anon.post("/api/v1/auth/login", {})
        self.assertProblem(r, 400, ["/login", "/password"])
        r = self.anon.post("/api/v1/auth/login", {"login": "boss@auth.test", "password": PASSWORD,
                                                  "remember": True})
        self.assertProblem(r, 400, ["/remember"])
        r = self.anon.post("/api/v1/auth/login", raw="login=boss&password=x",
                           content_type="application/x-www-form-urlencoded")
        self.assertProblem(r, 415)

    def test_key_wins_over_cookie(self):
        _, session = self.anon.login("boss@auth.test", PASSWORD)
        r = self.anon.get("/api/v1/me", headers={"Authorization": "Bearer nonsense",
                                                 "Cookie": session.cookie})
        self.assertProblem(r, 401)


if __name__ == "__main__":
    unittest.main()
