"""One baresip 1.0.0 instance driven through its ctrl_tcp socket (Python standard library only).

Each instance gets its own config folder (config, accounts, the tone it plays, its log, the
ctrl_tcp events it sent and the sndfile dumps of what it sent and received). ctrl_tcp speaks
netstrings carrying JSON: commands {"command","params","token"} are answered by
{"response":true,"ok":...,"token"}; call events ({"event":true,"type":"CALL_ESTABLISHED",...})
arrive on the same socket.
"""

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import time

MODULE_DIRS = ("/usr/lib/baresip/modules", "/usr/local/lib/baresip/modules")
# menu provides the dial/hangup commands, account reads the accounts file, sndfile dumps the
# audio each side encodes and decodes (1.0.0's aufile is a source only, it cannot record).
MODULES = ("g711", "ausine", "aufile", "sndfile", "account", "menu", "ctrl_tcp")


class PeerError(Exception):
    pass


class PortTaken(PeerError):
    """baresip could not bind one of its ports (SIP UDP/TCP, TLS on SIP+1, ctrl_tcp)."""


def binary():
    return shutil.which("baresip")


def module_dir():
    for d in MODULE_DIRS:
        if os.path.exists(os.path.join(d, "ctrl_tcp.so")):
            return d
    return None


def missing_modules(mdir):
    return [m for m in MODULES if not os.path.exists(os.path.join(mdir, m + ".so"))]


def _netstring(obj):
    data = json.dumps(obj).encode()
    return str(len(data)).encode() + b":" + data + b","


class Baresip:
    """name: a folder name; aor: the account (sip:user@127.0.0.1); source: audio_source value;
    srate/channels: what the source produces (ausine: 48000/2, aufile: the WAV's format)."""

    def __init__(self, root, name, aor, sip_port, ctrl_port, rtp_ports, source, srate, channels,
                 answermode=None):
        self.name = name
        self.dir = os.path.join(root, name)
        self.sip_port = sip_port
        self.ctrl_port = ctrl_port
        self.proc = None
        self.sock = None
        self.buf = b""
        self.events = []
        self.used = set()
        self.token = 0
        os.makedirs(self.dir, exist_ok=True)
        self.log_path = os.path.join(self.dir, "baresip.log")
        self.events_path = os.path.join(self.dir, "events.jsonl")
        mdir = module_dir()
        modules = "\n".join(f"module {m}.so" for m in MODULES if m not in ("account", "menu"))
        with open(os.path.join(self.dir, "config"), "w") as f:
            f.write(f"""poll_method epoll
sip_listen 127.0.0.1:{sip_port}
net_interface 127.0.0.1
audio_source {source}
ausrc_srate {srate}
ausrc_channels {channels}
rtp_ports {rtp_ports[0]}-{rtp_ports[1]}
module_path {mdir}
{modules}
module_tmp account.so
module_app menu.so
ctrl_tcp_listen 127.0.0.1:{ctrl_port}
snd_path {self.dir}
""")
        params = ";regint=0"
        if answermode:
            params += f";answermode={answermode}"
        with open(os.path.join(self.dir, "accounts"), "w") as f:
            f.write(f"<{aor}>{params}\n")

    # --- process -----------------------------------------------------------------------------

    def start(self, deadline):
        log = open(self.log_path, "w")
        # -s: every SIP message in the log.
        self.proc = subprocess.Popen([binary(), "-f", self.dir, "-s"], stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT, cwd=self.dir)
        log.close()
        # baresip logs "baresip is ready." once every module is loaded; a port it could not
        # bind is logged before: fatal for SIP, only a warning for ctrl_tcp (whose port would
        # then belong to someone else).
        while True:
            text = self._log_text()
            if "baresip is ready." in text or self.proc.poll() is not None:
                break
            if time.monotonic() > deadline:
                raise PeerError(f"{self.name}: baresip not ready in time")
            time.sleep(0.02)
        if "Address already in use" in text:
            raise PortTaken(f"{self.name}: a port was taken")
        if self.proc.poll() is not None:
            raise PeerError(f"{self.name}: baresip exited with {self.proc.returncode} "
                            f"at start-up")
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=1)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise PeerError(f"{self.name}: ctrl_tcp never listened on {self.ctrl_port}")
                time.sleep(0.05)

    def _log_text(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        """SIGTERM (baresip stops its UAs and closes the sndfile dumps), SIGKILL after 5 s."""
        if self.sock:
            self.sock.close()
            self.sock = None
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def set_aside(self, attempt):
        """Keeps a failed start's log (baresip.log.<attempt>) for the record."""
        if os.path.exists(self.log_path):
            os.replace(self.log_path, f"{self.log_path}.{attempt}")

    # --- ctrl_tcp ----------------------------------------------------------------------------

    def _read_one(self, deadline):
        """The next message off the socket, or None at the deadline."""
        while True:
            colon = self.buf.find(b":")
            if colon > 0:
                size = int(self.buf[:colon])
                end = colon + 1 + size
                if len(self.buf) > end:
                    msg = json.loads(self.buf[colon + 1:end])
                    self.buf = self.buf[end + 1:]
                    if msg.get("event"):
                        self.events.append(msg)
                        with open(self.events_path, "a") as f:
                            f.write(json.dumps(msg) + "\n")
                    return msg
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(min(left, 0.5))
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                raise PeerError(f"{self.name}: ctrl_tcp connection closed")
            self.buf += data

    def command(self, command, params, deadline):
        self.token += 1
        token = f"t{self.token}"
        self.sock.sendall(_netstring({"command": command, "params": params, "token": token}))
        while True:
            msg = self._read_one(deadline)
            if msg is None:
                raise PeerError(f"{self.name}: no answer to '{command} {params}'")
            if msg.get("response") and msg.get("token") == token:
                if not msg.get("ok"):
                    raise PeerError(f"{self.name}: '{command} {params}' failed: {msg}")
                return msg.get("data", "")

    def wait_event(self, kind, deadline):
        """The first event of this type not returned before; PeerError at the deadline."""
        i = 0
        while True:
            while i < len(self.events):
                ev = self.events[i]
                if ev.get("type") == kind and i not in self.used:
                    self.used.add(i)
                    return ev
                i += 1
            if self._read_one(deadline) is None and i >= len(self.events):
                seen = [e.get("type") for e in self.events]
                raise PeerError(f"{self.name}: no {kind} in time (events so far: {seen})")

    # --- what it recorded --------------------------------------------------------------------

    def dump(self, direction):
        """sndfile's dump of the audio decoded from the network ("dec") or encoded ("enc")."""
        found = sorted(glob.glob(os.path.join(self.dir, f"dump-*-{direction}.wav")))
        if len(found) != 1:
            raise PeerError(f"{self.name}: expected one *-{direction}.wav dump, found {found}")
        return found[0]

    def log_tail(self, lines=25):
        text = self._log_text()
        # The menu module redraws a call status line with \r: keep the real lines only.
        kept = [ln for ln in text.replace("\r", "\n").splitlines()
                if ln.strip() and "audio=" not in ln]
        return "\n".join(kept[-lines:])
