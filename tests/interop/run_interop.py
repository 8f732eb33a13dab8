#!/usr/bin/env python3
"""Interop with a real, independent SIP user agent: baresip (Debian baresip-core 1.0.0).

    run_interop.py [--keep] [CASE ...]   (no CASE: all of them; --list prints them;
                                          --keep keeps every case's folder)

A fresh hankyod per case on free ports with short SIP timers (tests/api/harness.py),
provisioned with hankyoctl apply: tracking number 050-3000-0001 forwards to 0311110200 through
the outbound trunk "pbx", whose host/port is a baresip instance. Two baresip instances, each in
its own folder with its own config, talk through Hankyo:

  caller   <sip:09012345678@127.0.0.1>, plays ausine 440 Hz, dials
           sip:05030000001@127.0.0.1:<Hankyo's SIP port> (the inbound trunk "carrier")
  callee   <sip:0311110200@127.0.0.1>;answermode=auto, plays a 1 kHz WAV through aufile

Cases:
  baresip-caller       after 3 s of talk the caller hangs up: hup_usr caller
  baresip-callee-bye   after 3 s of talk the destination hangs up (its BYE): hup_usr callee

Checked: both sides see CALL_ESTABLISHED then CALL_CLOSED (ctrl_tcp events, with deadlines);
the call log (GET /api/v1/calls) has one answered call, who hung up, talking_sec >= 2, one
attempt answered with 200; what each side decoded from the network (the sndfile dump) carries
the OTHER side's tone (dominant frequency within 5 %, loud, for at least 2 s) and never its
own; GET /debug/counters back to zero; hankyod exits cleanly without a sanitizer report.

Exit codes: 0 passed, 1 failed (the case's folder is kept and printed: hankyod.log, and per
baresip its config, baresip.log with the SIP trace, events.jsonl and the WAV dumps), 77 baresip
is not installed.
"""

import json
import os
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
sys.path.insert(0, HERE)
import baresip  # noqa: E402
import tone  # noqa: E402
from harness import Hankyod  # noqa: E402

SKIP = 77
CASE_BUDGET_S = 30
TALK_S = 3.0
CALLER_HZ = 440
CALLEE_HZ = 1000
TRACKING = "05030000001"
DESTINATION = "0311110200"
CALLER_NUMBER = "09012345678"

# case name -> who hangs up
CASES = {"baresip-caller": "caller", "baresip-callee-bye": "callee"}


class CaseFailed(Exception):
    pass


def _bindable(kind, port):
    s = socket.socket(socket.AF_INET, kind)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_port(kind=socket.SOCK_DGRAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def free_sip_port():
    """A port for baresip's sip_listen: it binds UDP and TCP on it, and TLS (TCP) on port+1."""
    for _ in range(200):
        port = free_port()
        if port < 65535 and _bindable(socket.SOCK_STREAM, port) and \
                _bindable(socket.SOCK_STREAM, port + 1):
            return port
    raise RuntimeError("no free port")


class Case:
    def __init__(self, name, keep=False):
        self.name = name
        self.keep = keep
        self.hangup_by = CASES[name]
        self.started = time.monotonic()
        self.budget_end = self.started + CASE_BUDGET_S
        self.peers = []
        self.server = None

    def deadline(self, seconds):
        """seconds from now, but never past the case's budget."""
        return min(time.monotonic() + seconds, self.budget_end)

    # --- set-up ------------------------------------------------------------------------------

    def prepare_hankyo(self):
        """hankyod's folder, key and numbers; started by start_hankyo once the callee is up."""
        self.sip_port = free_port()
        # RTP ranges: Hankyo's 100 ports, then 50 for each baresip, away from the SIPp runner's.
        self.rtp_base = 40000 + (os.getpid() % 100) * 200
        self.server = Hankyod([
            f"sip.udp_listen=127.0.0.1:{self.sip_port}",
            f"sip.tcp_listen=127.0.0.1:{free_port(socket.SOCK_STREAM)}",
            "sip.t1_ms=100", "sip.t2_ms=400", "sip.t4_ms=500",
            f"sip.rtp_port_min={self.rtp_base}", f"sip.rtp_port_max={self.rtp_base + 99}",
            "sip.directory_refresh_ms=200",
            "trunk.carrier.direction=inbound", "trunk.carrier.sources=127.0.0.1",
            "trunk.pbx.direction=outbound", "trunk.pbx.host=127.0.0.1",
            "trunk.pbx.transport=udp",
        ])
        self.key = self.server.create_key("system_admin", name="interop")
        doc = {"operators": [{"name": "Interop", "timezone": "Asia/Tokyo", "advertisers": [
            {"name": "Callee Inc", "numbers": [
                {"number": "050-3000-0001", "name": "interop", "destinations": [DESTINATION]}]}]}]}
        path = os.path.join(self.server.dir, "provision.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        self.server.ctl("apply", path)

    def start_hankyo(self):
        # The outbound trunk points at the callee baresip, wherever it could bind.
        self.server.sets.append(f"trunk.pbx.port={self.callee.sip_port}")
        self.server.start()
        self.api = self.server.client(self.key)

    def spawn(self, name, **kw):
        """A baresip on free ports; a port taken between the probe and baresip's bind (a
        parallel test) makes it exit at start-up: then again on other ports."""
        for attempt in range(3):
            peer = baresip.Baresip(self.server.dir, name, sip_port=free_sip_port(),
                                   ctrl_port=free_port(socket.SOCK_STREAM), **kw)
            self.peers.append(peer)
            try:
                peer.start(self.deadline(5))
                return peer
            except baresip.PortTaken:
                peer.stop()
                peer.set_aside(attempt)
        raise CaseFailed(f"{name}: no free ports after 3 tries")

    def start_peers(self):
        wav = os.path.join(self.server.dir, f"tone-{CALLEE_HZ}hz.wav")
        tone.write_tone(wav, CALLEE_HZ, seconds=20)
        b = self.rtp_base
        self.callee = self.spawn("callee", aor=f"sip:{DESTINATION}@127.0.0.1",
                                 rtp_ports=(b + 150, b + 199), source=f"aufile,{wav}",
                                 srate=8000, channels=1, answermode="auto")
        self.caller = self.spawn("caller", aor=f"sip:{CALLER_NUMBER}@127.0.0.1",
                                 rtp_ports=(b + 100, b + 149), source=f"ausine,{CALLER_HZ}",
                                 srate=48000, channels=2)

    # --- the call ----------------------------------------------------------------------------

    def call(self):
        # The routing directory is loaded asynchronously after start-up (then every 200 ms):
        # there is no event to wait on, so give it one refresh period and a half.
        time.sleep(0.3)
        self.caller.command("dial", f"sip:{TRACKING}@127.0.0.1:{self.sip_port}",
                            self.deadline(5))
        self.callee.wait_event("CALL_ESTABLISHED", self.deadline(10))
        self.caller.wait_event("CALL_ESTABLISHED", self.deadline(10))
        # The conversation itself: both tones flow for TALK_S seconds.
        time.sleep(TALK_S)
        hanging = self.caller if self.hangup_by == "caller" else self.callee
        hanging.command("hangup", "", self.deadline(5))
        for p in (self.caller, self.callee):
            p.wait_event("CALL_CLOSED", self.deadline(5))

    # --- checks ------------------------------------------------------------------------------

    def check_log(self):
        end = self.deadline(5)
        got = []
        while time.monotonic() < end:
            r = self.api.get("/api/v1/calls?sort=seq_num&per_page=100")
            if r.status != 200:
                raise CaseFailed(f"GET /api/v1/calls: {r!r}")
            got = [x for x in r.json["items"] if x.get("state") == "finished"]
            if got:
                break
            time.sleep(0.1)
        if len(got) != 1:
            raise CaseFailed(f"{len(got)} finished calls logged, expected 1: {got}")
        c = got[0]
        want = {"dial_stat": "answered", "hup_usr": self.hangup_by, "din_id": TRACKING,
                "fwd_id": DESTINATION}
        for k, v in want.items():
            if c.get(k) != v:
                raise CaseFailed(f"call log: {k}={c.get(k)!r}, expected {v!r}: {c}")
        talk = c.get("talking_sec")
        if not isinstance(talk, (int, float)) or not 2 <= talk <= TALK_S + 3:
            raise CaseFailed(f"call log: talking_sec={talk!r}, expected 2..{TALK_S + 3}: {c}")
        attempts = c.get("attempts", [])
        if len(attempts) != 1 or attempts[0].get("sip_code") != 200 or \
                attempts[0].get("destination") != DESTINATION:
            raise CaseFailed(f"call log: attempts {attempts}, expected one answered (200)")
        for field in ("ans_tms", "tst_tms", "eoc_tms"):
            if not c.get(field):
                raise CaseFailed(f"call log: {field} missing: {c}")
        self.record = c

    def check_counters(self):
        end = self.deadline(5)
        last = None
        while True:
            r = self.server.client().get("/debug/counters")
            if r.status != 200:
                raise CaseFailed(f"GET /debug/counters: {r!r}")
            last = r.json
            if all(v == 0 for v in last.values()):
                return
            if time.monotonic() > end:
                raise CaseFailed(f"/debug/counters not back to zero: {last}")
            time.sleep(0.1)

    def check_audio(self):
        # The dumps are complete once baresip has closed them: stop both first.
        for p in self.peers:
            p.stop()
        self.heard = {}
        for who, peer, want, own in (("caller", self.caller, CALLEE_HZ, CALLER_HZ),
                                     ("callee", self.callee, CALLER_HZ, CALLEE_HZ)):
            h = tone.Heard(peer.dump("dec"), want, own)
            self.heard[who] = h
            if h.want_s < 2.0:
                raise CaseFailed(f"the {who} did not hear the other side's {want} Hz tone "
                                 f"for 2 s: {h}; dump {h.path}")
            if h.own_s > 0:
                raise CaseFailed(f"the {who} heard its own {own} Hz tone back for "
                                 f"{h.own_s:.1f} s; dump {h.path}")

    # --- the whole case ----------------------------------------------------------------------

    def run(self):
        ok = False
        try:
            self.prepare_hankyo()
            self.start_peers()
            self.start_hankyo()
            self.call()
            self.check_log()
            self.check_counters()
            self.check_audio()
            if time.monotonic() > self.budget_end:
                raise CaseFailed(f"took more than {CASE_BUDGET_S} s")
            ok = True
        except CaseFailed:
            raise
        except Exception as e:  # a peer, the harness or a WAV: one failure of the case
            raise CaseFailed(f"{type(e).__name__}: {e}") from e
        finally:
            self.finish(ok)
        took = time.monotonic() - self.started
        print(f"case {self.name}: ok in {took:.1f} s; hup_usr={self.record['hup_usr']} "
              f"talking_sec={self.record['talking_sec']}; caller heard {self.heard['caller']}; "
              f"callee heard {self.heard['callee']}")

    def finish(self, ok):
        for p in self.peers:
            p.stop()
        if not self.server:
            return
        if not ok:
            self.server.failed = True
            for p in self.peers:
                sys.stderr.write(f"\n--- {p.name}: last lines of {p.log_path}\n{p.log_tail()}\n")
        try:
            # Prints hankyod's log tail and keeps the folder on failure (or with --keep).
            self.server.stop(keep_folder=self.keep)
        except AssertionError as e:
            if ok:
                raise CaseFailed(str(e)) from e
        if not ok or self.keep:
            print(f"case {self.name}: kept {self.server.dir}", file=sys.stderr)


def main(argv):
    names = [a for a in argv if not a.startswith("-")]
    if "--list" in argv:
        print("\n".join(CASES))
        return 0
    unknown = [n for n in names if n not in CASES]
    if unknown or "-h" in argv or "--help" in argv:
        print(__doc__, file=sys.stderr)
        return 2 if unknown else 0
    if not baresip.binary():
        print("SKIP: baresip is not installed (Debian baresip-core)")
        return SKIP
    mdir = baresip.module_dir()
    missing = baresip.missing_modules(mdir) if mdir else list(baresip.MODULES)
    if missing:
        print(f"FAILED: baresip is installed but lacks modules {missing}", file=sys.stderr)
        return 1
    failed = 0
    for name in names or list(CASES):
        try:
            Case(name, keep="--keep" in argv).run()
        except CaseFailed as e:
            print(f"case {name}: FAILED: {e}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
