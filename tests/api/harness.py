"""Runs the real hankyod for API tests and talks HTTP to it (Python standard library only).

Each test class gets its own hankyod on 127.0.0.1:0 with a fresh temporary folder (config,
SQLite store, key file, call-log journal), so test files run in parallel without sharing
anything. Binaries come from $HK_HANKYOD / $HK_HANKYOCTL (set by tests/api/CMakeLists.txt).
On a failed test the folder and hankyod's log are kept and their path printed.
"""

import http.client
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

REPO = os.environ.get("HK_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))

_SANITIZER_LINE = re.compile(r"ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:")


def _binary(env, name):
    path = os.environ.get(env) or os.path.join(REPO, "build", "bin", name)
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"{name} not found at {path}: build it, or set ${env}")
    return path


class Reply:
    """One HTTP answer: status, headers (case-insensitive), raw body and parsed JSON."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def content_type(self):
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def json(self):
        return json.loads(self.body) if self.body else None

    def header_values(self, name):
        return self.headers.get_all(name) or []

    def __repr__(self):
        return f"<{self.status} {self.content_type} {self.text[:400]}>"


class Client:
    """A caller of the API: an API key, a session cookie, or nobody."""

    def __init__(self, port, key=None, cookie=None, host="127.0.0.1"):
        self.host = host
        self.port = port
        self.key = key
        self.cookie = cookie

    def with_key(self, key):
        return Client(self.port, key=key, host=self.host)

    def request(self, method, path, body=None, headers=None, raw=None,
                content_type="application/json"):
        """body: a JSON value to send; raw: bytes/str sent as they are."""
        h = {}
        if self.key:
            h["Authorization"] = f"Bearer {self.key}"
        if self.cookie:
            h["Cookie"] = self.cookie
        data = None
        if body is not None:
            data = json.dumps(body).encode()
        elif raw is not None:
            data = raw.encode() if isinstance(raw, str) else raw
        if data is not None and content_type:
            h["Content-Type"] = content_type
        h.update(headers or {})
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=h)
            res = conn.getresponse()
            return Reply(res.status, res.headers, res.read())
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, login, password):
        """POST /auth/login; returns (reply, a Client carrying the session cookie or None)."""
        r = Client(self.port, host=self.host).post(
            "/api/v1/auth/login", {"login": login, "password": password})
        cookie = None
        for value in r.header_values("Set-Cookie"):
            first = value.split(";")[0]
            if first.startswith("hk_session="):
                cookie = first
        return r, (Client(self.port, cookie=cookie, host=self.host) if cookie else None)


class Hankyod:
    """One hankyod process on a temporary folder."""

    def __init__(self, sets=()):
        self.hankyod = _binary("HK_HANKYOD", "hankyod")
        self.hankyoctl = _binary("HK_HANKYOCTL", "hankyoctl")
        base = os.environ.get("HK_API_WORK_DIR")
        if base:
            os.makedirs(base, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix="hk-api-", dir=base)
        self.conf = os.path.join(self.dir, "hankyo.conf")
        self.log_path = os.path.join(self.dir, "hankyod.log")
        self.sets = list(sets)
        self.proc = None
        self.port = None
        self.failed = False
        with open(self.conf, "w") as f:
            f.write(f"""[http]
listen = 127.0.0.1:0
[store]
url = sqlite:{self.dir}/hankyo.db
[calllog]
journal = {self.dir}/calllog.journal
[crypto]
key_file = {self.dir}/hankyo.key
[log]
level = info
""")

    # --- hankyoctl on the same config (store mode) -----------------------------------------

    def ctl(self, *args, check=True, stdin=None):
        """Runs hankyoctl --config <conf> args...; returns the CompletedProcess."""
        cmd = [self.hankyoctl, "--config", self.conf, *args]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, input=stdin)
        self._check_sanitizer(p.stderr, "hankyoctl " + " ".join(args))
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}{p.stderr}")
        return p

    def ctl_api(self, key, *args, check=True):
        """hankyoctl --api http://host:port --key KEY args... (no store access)."""
        cmd = [self.hankyoctl, "--api", self.url, "--key", key, *args]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        self._check_sanitizer(p.stderr, "hankyoctl " + " ".join(args))
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}{p.stderr}")
        return p

    def create_key(self, role, operator=None, advertiser=None, name="test"):
        args = ["key", "create", "--name", name, "--role", role]
        if operator is not None:
            args += ["--operator", str(operator)]
        if advertiser is not None:
            args += ["--advertiser", str(advertiser)]
        out = self.ctl(*args).stdout
        return out.strip().splitlines()[-1]

    # --- the daemon --------------------------------------------------------------------------

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def client(self, key=None):
        return Client(self.port, key=key)

    def start(self, timeout=30):
        cmd = [self.hankyod, "--config", self.conf]
        for s in self.sets:
            cmd += ["--set", s]
        log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True)
        log.close()
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                line = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        m = re.match(r"hankyod ready: http://([^:]+):(\d+)", line)
        if not m:
            self.stop()
            raise RuntimeError(f"hankyod did not start (got {line!r}); log:\n{self.log_tail()}")
        self.port = int(m.group(2))
        return self

    def stop(self, keep_folder=False):
        """Stops hankyod (SIGTERM, then SIGKILL) and fails on a sanitizer report. With
        keep_folder the store stays for a later start() (a restart)."""
        code = None
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                code = self.proc.wait()
                self.failed = True
        elif self.proc:
            code = self.proc.returncode
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
        problem = None
        if code not in (None, 0):
            problem = f"hankyod exited with {code}"
        if os.path.exists(self.log_path):
            with open(self.log_path, errors="replace") as f:
                if _SANITIZER_LINE.search(f.read()):
                    problem = "hankyod reported a sanitizer error"
        if problem:
            self.failed = True
        if not keep_folder or problem:
            self.cleanup()
        if problem:
            raise AssertionError(f"{problem}; log kept in {self.log_path}")

    def cleanup(self):
        if self.failed:
            sys.stderr.write(f"\nkept {self.dir}; last lines of hankyod's log:\n"
                             f"{self.log_tail()}\n")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def _check_sanitizer(self, stderr, what):
        if _SANITIZER_LINE.search(stderr or ""):
            self.failed = True
            raise AssertionError(f"{what} reported a sanitizer error:\n{stderr}")


def serve_page(page):
    """Serves `page` (bytes, text/html) to any GET on 127.0.0.1:0 from a daemon thread, like
    an advertiser's landing page; returns (server, origin). Stop it with stop_page."""
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def stop_page(httpd):
    """Stops a serve_page server (None: nothing to stop)."""
    if httpd:
        httpd.shutdown()
        httpd.server_close()


_OPENAPI = None


def undocumented(method, path, reply):
    """What in `reply` docs/openapi.yaml does not describe (empty: all of it is)."""
    global _OPENAPI
    if _OPENAPI is None:
        from test_openapi import Validator, load_spec  # imports this module
        spec = load_spec()
        _OPENAPI = (spec, Validator(spec))
    spec, validator = _OPENAPI
    op = spec["paths"][path][method.lower()]
    res = validator.resolve(op["responses"].get(str(reply.status)) or {})
    if not res:
        return [f"{method} {path}: status {reply.status} is not documented"]
    content = res.get("content", {})
    if reply.content_type not in content:
        return [f"{method} {path}: {reply.content_type} is not documented"]
    body = reply.json if "json" in reply.content_type else reply.text
    return validator.errors(body, content[reply.content_type]["schema"])


class ApiTestCase(unittest.TestCase):
    """Starts one hankyod for the class. Subclasses set SETS (extra --set overrides) and
    override seed(cls) to provision it; cls.sys is a client with a system admin key."""

    SETS = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Hankyod(cls.SETS)
        try:
            cls.sys_key = cls.server.create_key("system_admin", name="api tests")
            cls.server.start()
            cls.sys = cls.server.client(cls.sys_key)
            cls.anon = cls.server.client()
            cls.seed()
        except BaseException:
            cls.server.failed = True
            cls.server.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    @classmethod
    def seed(cls):
        pass

    def run(self, result=None):
        # Keeps the server's folder and log when a test of the class fails.
        before = len(result.failures) + len(result.errors) if result else 0
        out = super().run(result)
        if result and len(result.failures) + len(result.errors) > before:
            type(self).server.failed = True
        return out

    # --- assertions a user of the API would make ---------------------------------------------

    def assertStatus(self, reply, status, msg=None):
        self.assertEqual(reply.status, status, msg or repr(reply))

    def assertProblem(self, reply, status, fields=()):
        """A problem+json answer with `status`; every pointer in `fields` named in errors."""
        self.assertEqual(reply.status, status, repr(reply))
        self.assertEqual(reply.content_type, "application/problem+json", repr(reply))
        p = reply.json
        self.assertEqual(p["status"], status)
        self.assertTrue(p["title"])
        self.assertIsInstance(p["detail"], str)
        self.assertIsInstance(p["errors"], list)
        named = {e["field"] for e in p["errors"]}
        for e in p["errors"]:
            self.assertTrue(e["reason"], repr(reply))
        for f in fields:
            self.assertIn(f, named, repr(reply))
        return p

    def created(self, reply, collection):
        """201 + Location: <collection>/<id>; returns the created object."""
        self.assertEqual(reply.status, 201, repr(reply))
        obj = reply.json
        self.assertEqual(reply.headers.get("Location"), f"{collection}/{obj['id']}")
        return obj

    def ids(self, client, path):
        """Every id a client sees in a list (all pages)."""
        out = []
        page = 1
        while True:
            sep = "&" if "?" in path else "?"
            r = client.get(f"{path}{sep}page={page}&per_page=500")
            self.assertStatus(r, 200)
            out += [i["id"] for i in r.json["items"]]
            if page * 500 >= r.json["total"]:
                return out
            page += 1
