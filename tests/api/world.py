"""Two tenants to test scopes with, provisioned the way an installation is: hankyoctl makes
the operators (system level), then each operator's admin builds the rest through the API.

  operator X: advertisers A and B, inventory number nx; numbers na (A), nb (B);
              users admin_x (hankyoctl), staff_x, user_a, user_b; keys for each role
  operator Y: advertiser C, inventory number ny, number nc (C); admin_y, user_c
  flows:      X's own (attached to operator X), A's (on number na), B's (on advertiser B),
              Y's own (attached to operator Y), C's (on number nc)
  block lists: X's own list (one number), Y's own list (withheld callers)
  pools:      one per advertiser (A, B, C), each with one number of its own
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

        def flow(client, name, adv=None):
            body = {"document": {"name": name, "start": "fwd",
                                 "steps": {"fwd": {"verb": "forward"}}}}
            if adv:
                body["advertiser_id"] = adv["id"]
            return _post(client, "/api/v1/flows", body)

        def attach(client, flow_obj, **target):
            return _post(client, "/api/v1/flow-attachments", {"flow_id": flow_obj["id"], **target})

        self.flow_x = flow(x.admin, "X main")
        self.flow_a = flow(x.admin, "A main", self.adv_a)
        self.flow_b = flow(x.admin, "B main", self.adv_b)
        self.flow_y = flow(y.admin, "Y main")
        self.flow_c = flow(y.admin, "C main", self.adv_c)
        self.attach_x = attach(x.admin, self.flow_x)
        self.attach_a = attach(x.admin, self.flow_a, number_id=self.num_a["id"])
        self.attach_b = attach(x.admin, self.flow_b, advertiser_id=self.adv_b["id"])
        self.attach_y = attach(y.admin, self.flow_y)
        self.attach_c = attach(y.admin, self.flow_c, number_id=self.num_c["id"])
        self.block_x = _post(x.admin, "/api/v1/block-list", {"number": "090-0000-0001"})
        self.block_y = _post(y.admin, "/api/v1/block-list", {"withheld": True})
        # Number pools (DNI): one per advertiser, each on a number of its own.
        def pool(client, adv, digits, key):
            num = number(client, digits, adv, f"{key} number")
            return _post(client, "/api/v1/pools", {"advertiser_id": adv["id"], "name": key,
                                                   "key": key, "number_ids": [num["id"]]})

        self.pool_a = pool(x.admin, self.adv_a, "050-1000-0101", "pk_world_pool_a")
        self.pool_b = pool(x.admin, self.adv_b, "050-1000-0102", "pk_world_pool_b")
        self.pool_c = pool(y.admin, self.adv_c, "050-2000-0101", "pk_world_pool_c")

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
