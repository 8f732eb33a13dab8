"""Two tenants to test scopes with, provisioned the way an installation is: hankyoctl makes
the operators (system level), then each operator's admin builds the rest through the API.

  operator X: advertisers A and B, inventory number nx; numbers na (A), nb (B);
              users admin_x (hankyoctl), staff_x, user_a, user_b; keys for each role
  operator Y: advertiser C, inventory number ny, number nc (C); admin_y, user_c
"""

import re

PASSWORD = "correct horse battery"


class Tenant:
    pass


def _create_operator(server, name):
    out = server.ctl("operator", "create", name, "--admin-login", f"admin@{name.lower()}.test",
                     "--admin-password", PASSWORD).stdout
    t = Tenant()
    t.id = int(re.search(r"operator (\d+) ", out).group(1))
    t.admin_user_id = int(re.search(r"admin user (\d+) ", out).group(1))
    t.admin_login = f"admin@{name.lower()}.test"
    t.admin_key = re.search(r"API key \(shown once, keep it\): (\S+)", out).group(1)
    t.admin = server.client(t.admin_key)
    return t


def _post(client, path, body):
    r = client.post(path, body)
    if r.status != 201:
        raise AssertionError(f"seeding POST {path} {body}: {r!r}")
    return r.json


class World:
    def __init__(self, server):
        self.server = server
        x = self.x = _create_operator(server, "OpX")
        y = self.y = _create_operator(server, "OpY")

        self.adv_a = _post(x.admin, "/api/v1/advertisers", {"name": "Adv A", "max_lines": 2})
        self.adv_b = _post(x.admin, "/api/v1/advertisers", {"name": "Adv B"})
        self.adv_c = _post(y.admin, "/api/v1/advertisers", {"name": "Adv C"})

        def number(client, digits, adv, name):
            body = {"number": digits, "name": name, "destinations": ["03-1234-0000"]}
            if adv:
                body["advertiser_id"] = adv["id"]
            return _post(client, "/api/v1/numbers", body)

        self.num_a = number(x.admin, "050-1000-0001", self.adv_a, "A web")
        self.num_b = number(x.admin, "050-1000-0002", self.adv_b, "B web")
        self.num_x = number(x.admin, "050-1000-0003", None, "X stock")
        self.num_c = number(y.admin, "050-2000-0001", self.adv_c, "C web")
        self.num_y = number(y.admin, "050-2000-0002", None, "Y stock")

        def user(client, login, role, adv=None):
            body = {"login": login, "password": PASSWORD, "role": role}
            if adv:
                body["advertiser_id"] = adv["id"]
            return _post(client, "/api/v1/users", body)

        self.user_staff = user(x.admin, "staff@opx.test", "operator_staff")
        self.user_a = user(x.admin, "user@adv-a.test", "advertiser_user", self.adv_a)
        self.user_b = user(x.admin, "user@adv-b.test", "advertiser_user", self.adv_b)
        self.user_c = user(y.admin, "user@adv-c.test", "advertiser_user", self.adv_c)

        def key(client, name, role, adv=None):
            body = {"name": name, "role": role}
            if adv:
                body["advertiser_id"] = adv["id"]
            return _post(client, "/api/v1/api-keys", body)

        self.key_staff = key(x.admin, "staff key", "operator_staff")
        self.key_a = key(x.admin, "A key", "advertiser_user", self.adv_a)
        self.key_b = key(x.admin, "B key", "advertiser_user", self.adv_b)
        self.key_c = key(y.admin, "C key", "advertiser_user", self.adv_c)

        # Callers, by the way they authenticate.
        self.staff_by_key = server.client(self.key_staff["key"])
        self.a_by_key = server.client(self.key_a["key"])
        self.b_by_key = server.client(self.key_b["key"])
        self.staff_by_login = self.login("staff@opx.test")
        self.a_by_login = self.login("user@adv-a.test")
        self.x_admin_by_login = self.login(x.admin_login)

    def login(self, login):
        r, client = self.server.client().login(login, PASSWORD)
        if r.status != 200 or client is None:
            raise AssertionError(f"login {login}: {r!r}")
        return client
