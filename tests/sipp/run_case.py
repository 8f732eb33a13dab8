#!/usr/bin/env python3
"""Runs one SIPp case against a fresh hankyod (Python standard library only).

    run_case.py tests/sipp/cases/<feature>-<situation>.json

A case is data:
  "numbers":   numbers to provision (hankyoctl apply): number, destinations, ring_timeout_sec,
               max_lines
  "sets":      extra hankyod --set overrides ("sip.max_calls=1"...)
  "inbound_sources": who the inbound trunk accepts (default 127.0.0.1)
  "outbound_transport": udp or tcp (the leg toward the destinations)
  "uas":       the destinations' scenario (scenarios/uas-*.xml) and how many calls it takes
  "uac":       the caller's scenario, the number dialled, calls, transport, pause (ms),
               the expected final code for uac-rejected.xml ("code"), concurrent calls
               ("rate"/"limit"), and whether SIPp must succeed ("expect_success")
               "args": extra SIPp arguments (both "uas" and "uac": "-lost 10"...)
               "vars": @NAME@ placeholders of the scenario (both; a list is joined by lines)
  "expect":    call-log records read back through GET /api/v1/calls: a list of field
               subsets, compared in din_tms order; "attempts" lists attempt field subsets
  "expect_uas_invites": how many INVITEs the destinations received (re-INVITEs included)
  "expect_metric" / "expect_metric_min": /metrics values after the case (exact / at least)
  "expect_rtp": RTP must flow both ways (hankyo_rtp_packets_total per leg on /metrics)
  "peers":     more SIPp UAS instances, each on its own port (a second trunk, a registrar):
               "name", "scenario", "vars", "calls", "pause_ms", "args", "expect_success",
               "expect_invites", "early" (started before hankyod), "until_stop" (waited for
               after hankyod stopped: it may take the un-REGISTER)
  "sets" may name a peer's port as @PORT:<name>@ and a port where nothing listens as
  @DEAD_PORT@; "uac" may be left out (no call), or wait "start_delay_ms" first;
  "wait_ms": a pause before the caller starts (or before the checks when there is none);
  "api": requests made once hankyod runs, before the calls: {"method", "path", "body",
  "status" (default 201)}; @OPERATOR_ID@, @ADVERTISER_ID@ and @NUMBER_ID@ stand for the
  provisioned ones (the first of each)
  "advertiser": fields of the advertiser provisioned ({"max_lines": 1}); metric names in
  "expect_metric" may carry their labels (hankyo_trunk_up{trunk="pbx"})
  "tones":     audio the parties send (scenarios uac-tone.xml / uas-tone.xml): {"caller":
               {"hz": 600, "ms": 5000, "loss_pct": 5, "reorder_pct": 5}, "callee": {...}}
               -> @CALLER_PCAP@ / @CALLEE_PCAP@
               (rtp_audio.py); @AUDIO_PORT@ is the party's SDP port ([media_port]).
               In-band key presses instead of a tone: {"keys": "12#", "lead_ms": 1500,
               "on_ms": 100, "off_ms": 150, "ms": 6000, "rfc4733": true|false (each press
               also sent as RFC 4733 events, payload type "event_pt" 101, in the same RTP
               stream: a carrier doing both), "inband": false (events only)}; audio that
               is not DTMF (voice-like bursts, single tones, a 350 + 440 Hz pair): {"talk":
               true, "ms": 6000}
  "expect_recording": the call's recording (vars.recording on the call log): "channels",
               "tones" (the frequency each channel must carry, among "candidates"), and
               "max_diff_ms" between its length and talking_ms
  "expect_heard": what each party hears, in order: {"caller": [{"what": "speech", "min_ms":
               600}, {"what": "tone", "hz": 1000, "min_ms": 150}, {"what": "silence",
               "min_ms": 500}], "callee": [...]}. The party's SIPp gets an SDP audio port
               (@AUDIO_PORT@ in its scenario) where an rtp_audio.RtpListener keeps the G.711
               audio Hankyo sends from its first packet on (a pause of more than 200 ms in
               the stream counts as silence); a scenario that plays a pcap still sends
               from SIPp's own media port. Each item must start after
               the previous one ended. "tone": a run of >= min_ms of 20 ms blocks with >= 60%
               of their energy at hz, not silent (one dipping block inside a run is bridged;
               allow for partial blocks at the edges: a 200 ms beep is >= 160 ms); "speech":
               >= min_ms in total of loud blocks that are not one tone, within one stretch
               whose gaps are <= 300 ms (it ends at its last speech block); "silence":
               min_ms of quiet blocks. Parties: "caller" (uac), "second_caller" (second_uac),
               "callee" (uas: every call it takes, one after another), "peer:<name>".
               On failure a timeline per 100 ms (silent / soft / speech / tone NNN Hz) is
               printed and the audio kept as heard-<party>.wav in the case folder.
  "expect_voicemail": the last call's voicemail (voicemail_url): {"hz": the caller's tone,
               "min_ms", "max_ms"}; mono 8 kHz, as long as voicemail_ms
  "expect_not_heard": items (same form) a party must not hear anywhere in its call(s),
               e.g. {"caller": [{"what": "speech", "min_ms": 300}]}
hankyod's media.dir is <case folder>/media.
A fresh hankyod per case on free ports, short SIP timers; after the case GET
/debug/counters must be back to zero. On failure hankyod's log and SIPp's traces are kept
(the folder is printed).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
from harness import Hankyod  # noqa: E402
import rtp_audio  # noqa: E402

SIPP = shutil.which("sipp") or "/usr/bin/sipp"


def pcap_path():
    try:
        out = subprocess.run(["dpkg", "-L", "sip-tester"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.endswith("/g711a.pcap"):
                return line
    except OSError:
        pass
    return "/usr/share/sip-tester/g711a.pcap"


def free_port(kind=socket.SOCK_DGRAM, pair=False):
    """A free port (an even one with its +1 free too when pair is set)."""
    for _ in range(200):
        s = socket.socket(socket.AF_INET, kind)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        ok = True
        if pair:
            if port % 2 or port > 65000:
                ok = False
            else:
                t = socket.socket(socket.AF_INET, kind)
                try:
                    t.bind(("127.0.0.1", port + 1))
                except OSError:
                    ok = False
                t.close()
        s.close()
        if ok:
            return port
    raise RuntimeError("no free port")


_media_next = [10000 + (os.getpid() * 40) % 9000]


def free_media_port():
    """A port for a SIPp's media (-mp: it binds the port and the three above it), taken from
    10000-19999: below the kernel's ephemeral range, so no socket bound to port 0 elsewhere
    (another case's SIPp, hankyod, a client) can take it between this check and SIPp's bind."""
    for _ in range(2500):
        port = _media_next[0]
        _media_next[0] = 10000 + (port - 10000 + 4) % 10000
        socks = []
        try:
            for k in range(4):
                t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                socks.append(t)
                t.bind(("127.0.0.1", port + k))
            return port
        except OSError:
            continue
        finally:
            for t in socks:
                t.close()
    raise RuntimeError("no free media port")


def free_rtp_range(size):
    """The first port of `size` UDP ports that are all free now: the pid's slot of 20000-39999
    first (as before), then other slots (another run, or anything else, may hold some)."""
    slots = [(os.getpid() + k * 37) % 200 for k in range(200)]
    for slot in slots:
        base = 20000 + slot * size
        held = []
        try:
            for port in range(base, base + size):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                held.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    return 20000 + (os.getpid() % 200) * size


class CaseFailed(Exception):
    pass


class Runner:
    def __init__(self, case_path):
        with open(case_path) as f:
            self.case = json.load(f)
        self.name = os.path.splitext(os.path.basename(case_path))[0]
        self.pcap = pcap_path()
        self.procs = []
        self.listeners = {}

    def scenario(self, name, extra=None):
        with open(os.path.join(HERE, "scenarios", name)) as f:
            text = f.read().replace("@PCAP@", self.pcap)
        for party in ("caller", "callee"):
            text = text.replace(f"@{party.upper()}_PCAP@", os.path.join(self.server.dir,
                                                                        f"{party}.pcap"))
        if "@AUDIO_PORT@" in text and "AUDIO_PORT" not in (extra or {}):
            text = text.replace("@AUDIO_PORT@", "[media_port]")
        for k, v in (extra or {}).items():
            text = text.replace(f"@{k}@", "\n".join(v) if isinstance(v, list) else str(v))
        path = os.path.join(self.server.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def sipp(self, args, tag):
        cmd = [SIPP, *args, "-nostdin", "-trace_err", "-trace_msg", "-trace_screen",
               "-max_recv_loops", "1000"]
        return subprocess.Popen(cmd, cwd=self.server.dir, stdout=subprocess.DEVNULL,
                                stderr=open(os.path.join(self.server.dir, f"{tag}.stderr"), "w"))

    def run(self):
        c = self.case
        self.sip_port = free_port()
        self.sip_tcp = free_port(socket.SOCK_STREAM)
        self.uas_port = free_port(socket.SOCK_STREAM if c.get("outbound_transport") == "tcp"
                                  else socket.SOCK_DGRAM)
        rtp_min = free_rtp_range(100)
        self.peer_ports = {p["name"]: free_port() for p in c.get("peers", [])}
        self.dead_port = free_port()
        self.late = []
        out_proto = c.get("outbound_transport", "udp")
        sets = [
            f"sip.udp_listen=127.0.0.1:{self.sip_port}",
            f"sip.tcp_listen=127.0.0.1:{self.sip_tcp}",
            "sip.t1_ms=100", "sip.t2_ms=400", "sip.t4_ms=500",
            f"sip.rtp_port_min={rtp_min}", f"sip.rtp_port_max={rtp_min + 99}",
            "sip.directory_refresh_ms=200", "flows.refresh_ms=100",
            "trunk.carrier.direction=inbound",
            f"trunk.carrier.sources={c.get('inbound_sources', '127.0.0.1')}",
            "trunk.pbx.direction=outbound", "trunk.pbx.host=127.0.0.1",
            f"trunk.pbx.port={self.uas_port}", f"trunk.pbx.transport={out_proto}",
            *[self.placeholders(x) for x in c.get("sets", [])],
        ]
        self.server = Hankyod(sets)
        self.server.sets.append(f"media.dir={os.path.join(self.server.dir, 'media')}")
        for party, spec in c.get("tones", {}).items():
            rtp_audio.write_party_pcap(os.path.join(self.server.dir, f"{party}.pcap"), spec)
        for party in {**c.get("expect_heard", {}), **c.get("expect_not_heard", {})}:
            for item in (c.get("expect_heard", {}).get(party, []) +
                         c.get("expect_not_heard", {}).get(party, [])):
                if item.get("what") not in ("speech", "tone", "silence") or (
                        item["what"] == "tone" and not item.get("hz")):
                    raise CaseFailed(f"{party}: bad heard item {item}")
            if party not in ("caller", "second_caller", "callee") and not (
                    party.startswith("peer:") and party[5:] in self.peer_ports):
                raise CaseFailed(f"expect_heard: unknown party {party!r}")
            self.listeners[party] = rtp_audio.RtpListener()
        ok = False
        try:
            self.server.ctl("key", "create", "--name", "sipp", "--role", "system_admin")
            key = self.server.ctl("key", "create", "--name", "reader",
                                  "--role", "system_admin").stdout.strip().splitlines()[-1]
            self.provision()
            self.start_peers(early=True)
            self.server.start()
            self.api = self.server.client(key)
            self.api_setup()
            time.sleep(0.5)  # the routing directory is reloaded every 200 ms
            self.play()
            self.check_heard()
            self.check_log()
            self.check_counters()
            self.check_metrics()
            self.check_uas_invites()
            if c.get("expect_rtp"):
                self.check_rtp()
            if c.get("expect_recording"):
                self.check_recording()
            if c.get("expect_voicemail"):
                self.check_voicemail()
            ok = True
        finally:
            for p in self.procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            for listener in self.listeners.values():
                listener.close()
            if not ok:
                self.server.failed = True
            try:
                self.server.stop()
                if ok:
                    ok = False
                    self.finish_late_peers()
                    ok = True
            finally:
                for p, _ in self.late:
                    if p.poll() is None:
                        p.kill()
                        p.wait()
                if not ok:
                    print(f"case {self.name}: kept {self.server.dir}", file=sys.stderr)
        print(f"case {self.name}: ok")

    def api_setup(self):
        """The case's "api" requests (block-list entries, exclusions...), in order, with
        @OPERATOR_ID@ / @ADVERTISER_ID@ / @NUMBER_ID@ standing for the provisioned ones."""
        reqs = self.case.get("api", [])
        if not reqs:
            return
        ids = {}
        for name, path in (("OPERATOR_ID", "/api/v1/operators"),
                           ("ADVERTISER_ID", "/api/v1/advertisers"),
                           ("NUMBER_ID", "/api/v1/numbers")):
            r = self.api.get(path)
            if r.status != 200 or not r.json["items"]:
                raise CaseFailed(f"GET {path}: {r!r}")
            ids[name] = r.json["items"][0]["id"]
        for q in reqs:
            text = json.dumps(q)
            for name, value in ids.items():
                text = text.replace(f'"@{name}@"', str(value)).replace(f"@{name}@", str(value))
            q = json.loads(text)
            r = self.api.request(q.get("method", "POST"), q["path"], q.get("body"))
            if r.status != q.get("status", 201):
                raise CaseFailed(f"{q.get('method', 'POST')} {q['path']}: {r!r}")

    def placeholders(self, text):
        text = text.replace("@DEAD_PORT@", str(self.dead_port))
        for name, port in self.peer_ports.items():
            text = text.replace(f"@PORT:{name}@", str(port))
        return text

    def start_peers(self, early):
        for p in self.case.get("peers", []):
            if bool(p.get("early")) != early:
                continue
            scen = self.scenario(p.get("scenario", "uas-router.xml"),
                                 self.audio_vars(f"peer:{p['name']}", p.get("vars")))
            copy = os.path.join(self.server.dir, f"peer-{p['name']}-{os.path.basename(scen)}")
            shutil.copy(scen, copy)
            port = self.peer_ports[p["name"]]
            proc = self.sipp(["-sf", copy, "-i", "127.0.0.1", "-p", str(port),
                              "-t", "u1", "-mp", str(free_media_port()),
                              "-m", str(p.get("calls", 1)), "-d", str(p.get("pause_ms", 500)),
                              "-bind_local", *p.get("args", [])], f"peer-{p['name']}")
            if p.get("until_stop"):
                self.late.append((proc, p))
            else:
                self.procs.append(proc)
                p["_proc"] = proc
            time.sleep(0.3)  # bound before the next SIPp picks its free ports

    def finish_peers(self):
        for p in self.case.get("peers", []):
            proc = p.get("_proc")
            if proc is None:
                continue
            try:
                code = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                raise CaseFailed(f"peer {p['name']}'s SIPp did not finish")
            if (code == 0) != p.get("expect_success", True):
                raise CaseFailed(f"peer {p['name']}'s SIPp exited {code}")
            want = p.get("expect_invites")
            if want is not None:
                got = 0
                for name in os.listdir(self.server.dir):
                    if name.startswith(f"peer-{p['name']}-") and name.endswith("_messages.log"):
                        with open(os.path.join(self.server.dir, name), errors="replace") as f:
                            got += len(re.findall(r"message received \[\d+\] bytes :\s*INVITE ",
                                                  f.read()))
                if got != want:
                    raise CaseFailed(f"peer {p['name']} received {got} INVITEs, expected {want}")

    def finish_late_peers(self):
        for proc, p in self.late:
            try:
                code = proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                raise CaseFailed(f"peer {p['name']}'s SIPp did not finish after the stop")
            if (code == 0) != p.get("expect_success", True):
                raise CaseFailed(f"peer {p['name']}'s SIPp exited {code} (after the stop)")

    def provision(self):
        nums = []
        for n in self.case.get("numbers", []):
            nums.append({k: v for k, v in n.items()})
        doc = {"operators": [{"name": "SIPp", "timezone": "Asia/Tokyo", "advertisers": [
            {"name": "Callee Inc", **self.case.get("advertiser", {}), "numbers": nums}]}]}
        path = os.path.join(self.server.dir, "provision.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        self.server.ctl("apply", path)

    def play(self):
        c = self.case
        uas = c.get("uas")
        uas_proc = None
        if uas:
            t = "t1" if c.get("outbound_transport") == "tcp" else "u1"
            scen = self.scenario(uas.get("scenario", "uas-router.xml"),
                                 self.audio_vars("callee", uas.get("vars")))
            uas_proc = self.sipp(["-sf", scen,
                                  "-i", "127.0.0.1", "-p", str(self.uas_port), "-t", t,
                                  "-mp", str(free_media_port()),
                                  "-m", str(uas.get("calls", 1)),
                                  "-d", str(uas.get("pause_ms", 500)), "-bind_local",
                                  *uas.get("args", [])], "uas")
            self.procs.append(uas_proc)
            time.sleep(0.3)
        self.start_peers(early=False)
        time.sleep(c.get("wait_ms", 0) / 1000)  # e.g. for a registration to be refreshed
        if "uac" in c:
            time.sleep(c["uac"].get("start_delay_ms", 0) / 1000)
            first = self.start_uac(c["uac"], "uac")
            second = c.get("second_uac")
            if second:
                time.sleep(second.get("delay_ms", 500) / 1000)
                self.finish_uac(second, self.start_uac(second, "uac2"), "the second caller")
            self.finish_uac(c["uac"], first, "the caller")
        self.finish_peers()
        if uas_proc:
            try:
                ucode = uas_proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                raise CaseFailed("the destinations' SIPp did not finish its calls")
            if ucode != 0 and uas.get("expect_success", True):
                raise CaseFailed(f"the destinations' SIPp failed (exit {ucode})")

    def start_uac(self, u, tag):
        proto = u.get("transport", "udp")
        target = self.sip_tcp if proto == "tcp" else self.sip_port
        party = "caller" if tag == "uac" else "second_caller"
        scen = self.scenario(u.get("scenario", "uac-call.xml"),
                             self.audio_vars(party, {"CODE": u.get("code", 0),
                                                     **u.get("vars", {})}))
        if tag != "uac":
            copy = scen.replace(".xml", f"-{tag}.xml")
            shutil.copy(scen, copy)
            scen = copy
        args = ["-sf", scen, f"127.0.0.1:{target}", "-i", "127.0.0.1", "-p", str(free_port()),
                "-t", "t1" if proto == "tcp" else "u1",
                "-mp", str(free_media_port()), "-s", u["dial"],
                "-m", str(u.get("calls", 1)), "-l", str(u.get("limit", 1)),
                "-r", str(u.get("rate", 10)), "-d", str(u.get("pause_ms", 500)),
                "-timeout", "30s", "-timeout_error", "-bind_local", *u.get("args", [])]
        p = self.sipp(args, tag)
        self.procs.append(p)
        return p

    def finish_uac(self, u, proc, who):
        code = proc.wait(timeout=60)
        want_ok = u.get("expect_success", True)
        if want_ok and code != 0:
            raise CaseFailed(f"{who}'s SIPp failed (exit {code}); traces in {self.server.dir}")
        if not want_ok and code == 0:
            raise CaseFailed(f"{who}'s SIPp succeeded but should not have")

    def audio_vars(self, party, extra):
        """The scenario's placeholders, with @AUDIO_PORT@ the party's listener if it has one."""
        extra = dict(extra or {})
        listener = self.listeners.get(party)
        if listener is not None:
            extra["AUDIO_PORT"] = listener.port
        return extra

    def check_heard(self):
        """"expect_heard" / "expect_not_heard": what each party's listener received."""
        if not self.listeners:
            return
        time.sleep(0.2)  # the last packets in flight
        errors = []
        for party, listener in self.listeners.items():
            samples = list(listener.samples)
            rtp_audio.write_wav(os.path.join(self.server.dir, f"heard-{party}.wav"), samples)
            blocks = rtp_audio.classify(samples)
            problems = []
            want = self.case.get("expect_heard", {}).get(party)
            if want is not None:
                err = rtp_audio.find_heard(blocks, want)
                if err:
                    problems.append(err)
            for item in self.case.get("expect_not_heard", {}).get(party, []):
                got = rtp_audio.find_any(blocks, item)
                if got:
                    problems.append(f"{rtp_audio.json_item(item)} heard at "
                                    f"{got[0]:.2f}-{got[1]:.2f} s")
            if problems:
                errors.append(f"the {party} ({listener.packets} packets): "
                              f"{'; '.join(problems)}\n  heard: {rtp_audio.timeline(blocks)}")
        if errors:
            raise CaseFailed("what was heard:\n" + "\n".join(errors))

    def check_uas_invites(self):
        want = self.case.get("expect_uas_invites")
        if want is None:
            return
        got = 0
        # SIPp names its log after the scenario file: <scenario>_<pid>_messages.log
        base = os.path.splitext(self.case.get("uas", {}).get("scenario", "uas-router.xml"))[0]
        for name in os.listdir(self.server.dir):
            if name.startswith(base + "_") and name.endswith("_messages.log"):
                with open(os.path.join(self.server.dir, name), errors="replace") as f:
                    got += len(re.findall(r"message received \[\d+\] bytes :\s*INVITE ",
                                          f.read()))
        if got != want:
            raise CaseFailed(f"the destinations received {got} INVITEs, expected {want}")

    def check_metrics(self):
        text = self.server.client().get("/metrics").text
        for name, want in self.case.get("expect_metric", {}).items():
            m = re.search(r"^%s(\{[^}]*\})? (\d+)" % re.escape(name), text, re.M)
            got = int(m.group(2)) if m else None
            if got != want:
                raise CaseFailed(f"metric {name} = {got}, expected {want}")
        for name, least in self.case.get("expect_metric_min", {}).items():
            m = re.search(r"^%s(\{[^}]*\})? (\d+)" % re.escape(name), text, re.M)
            got = int(m.group(2)) if m else None
            if got is None or got < least:
                raise CaseFailed(f"metric {name} = {got}, expected at least {least}")

    def calls(self):
        r = self.api.get("/api/v1/calls?sort=seq_num&per_page=100")
        if r.status != 200:
            raise CaseFailed(f"GET /api/v1/calls: {r!r}")
        return [x for x in r.json["items"] if x.get("state") == "finished"]

    def check_log(self):
        expect = self.case.get("expect", [])
        deadline = time.monotonic() + 3
        got = []
        while time.monotonic() < deadline:
            got = self.calls()
            if len(got) >= len(expect):
                break
            time.sleep(0.1)
        if len(got) != len(expect):
            raise CaseFailed(f"{len(got)} finished calls logged, expected {len(expect)}: "
                             f"{json.dumps(got, indent=1)}")
        got.sort(key=lambda x: x.get("seq_num", 0))
        for i, (e, g) in enumerate(zip(expect, got)):
            for k, v in e.items():
                if k == "attempts":
                    ga = g.get("attempts", [])
                    if len(ga) != len(v):
                        raise CaseFailed(f"call {i}: {len(ga)} attempts, expected {len(v)}: {ga}")
                    for j, (ea, a) in enumerate(zip(v, ga)):
                        for ak, av in ea.items():
                            if a.get(ak) != av:
                                raise CaseFailed(f"call {i} attempt {j}: {ak}={a.get(ak)!r}, "
                                                 f"expected {av!r}: {a}")
                elif k == "present":
                    for field in v:
                        if g.get(field) in (None, "", 0):
                            raise CaseFailed(f"call {i}: {field} missing: {g}")
                elif g.get(k) != v:
                    raise CaseFailed(f"call {i}: {k}={g.get(k)!r}, expected {v!r}: {g}")

    def check_counters(self):
        deadline = time.monotonic() + 5
        last = None
        while time.monotonic() < deadline:
            r = self.server.client().get("/debug/counters")
            if r.status != 200:
                raise CaseFailed(f"GET /debug/counters: {r!r}")
            last = r.json
            if all(v == 0 for v in last.values()):
                return
            time.sleep(0.1)
        raise CaseFailed(f"/debug/counters not back to zero: {last}")

    def check_rtp(self):
        text = self.server.client().get("/metrics").text
        for leg in ("a", "b"):
            m = re.search(r'hankyo_rtp_packets_total\{leg="%s"\} (\d+)' % leg, text)
            if not m or int(m.group(1)) == 0:
                raise CaseFailed(f"no RTP received from leg {leg}: {m and m.group(0)}")

    def fetch_audio(self, call, what):
        """The call's recording or voicemail, fetched by its URL as a user would (kept in the
        case folder): (channels, rate, [samples per channel])."""
        url = call.get(f"{what}_url")
        if not url:
            raise CaseFailed(f"no {what} on the call log: {call.get(what + '_error')}")
        r = self.api.get(url)
        if r.status != 200 or not r.body:
            raise CaseFailed(f"GET {url}: {r!r}")
        path = os.path.join(self.server.dir, f"{what}-fetched.wav")
        with open(path, "wb") as f:
            f.write(r.body)
        return rtp_audio.read_wav(path)

    def check_recording(self):
        want = self.case["expect_recording"]
        calls = self.calls()
        if len(calls) != 1:
            raise CaseFailed(f"expected one finished call, got {len(calls)}")
        call = calls[0]
        ch, rate, chans = self.fetch_audio(call, "recording")
        if ch != want.get("channels", 2) or rate != 8000:
            raise CaseFailed(f"recording has {ch} channels at {rate} Hz")
        length_ms = len(chans[0]) * 1000 // rate
        talk = call.get("talking_ms", 0)
        if abs(length_ms - talk) > want.get("max_diff_ms", 100):
            raise CaseFailed(f"recording is {length_ms} ms, talk time {talk} ms")
        if length_ms != call.get("recording_ms"):
            raise CaseFailed(f"recording_ms {call.get('recording_ms')} != file {length_ms}")
        # The middle of the call: each channel carries its party's tone, and it is loud.
        cands = want.get("candidates", [600, 1400])
        for i, hz in enumerate(want.get("tones", [])):
            mid = chans[i][len(chans[i]) // 4: 3 * len(chans[i]) // 4]
            got = rtp_audio.dominant(mid, cands)
            if got != hz or rtp_audio.rms(mid) < 1000:
                raise CaseFailed(f"channel {i}: {got} Hz at rms {rtp_audio.rms(mid):.0f}, "
                                 f"expected {hz} Hz")
            # Continuous: every 100 ms of the middle carries the tone (a lost 20 ms packet
            # leaves a hole, a reordered one is put back in its place, not dropped).
            least = want.get("min_window_share", 0)
            if least:
                wins = [mid[k:k + 800] for k in range(0, len(mid) - 800, 800)]
                good = sum(1 for w in wins if rtp_audio.rms(w) > 1500)
                if good < least * len(wins):
                    raise CaseFailed(f"channel {i}: {good}/{len(wins)} windows carry audio")

    def check_voicemail(self):
        """The last call's voicemail, fetched as a user would (voicemail_url): a mono 8 kHz
        WAV as long as voicemail_ms (within 100 ms) and the case's bounds, carrying the
        caller's tone in its middle half."""
        want = self.case["expect_voicemail"]
        calls = self.calls()
        if not calls:
            raise CaseFailed("no finished call")
        call = calls[-1]
        ch, rate, chans = self.fetch_audio(call, "voicemail")
        if ch != 1 or rate != 8000:
            raise CaseFailed(f"voicemail has {ch} channels at {rate} Hz")
        length_ms = len(chans[0]) * 1000 // rate
        if abs(length_ms - call.get("voicemail_ms", -1000)) > 100:
            raise CaseFailed(f"voicemail is {length_ms} ms, voicemail_ms "
                             f"{call.get('voicemail_ms')}")
        if not want.get("min_ms", 0) <= length_ms <= want.get("max_ms", 10**9):
            raise CaseFailed(f"voicemail is {length_ms} ms, expected "
                             f"{want.get('min_ms')}-{want.get('max_ms')}")
        # The middle half is the caller's tone: most of every 100 ms window's energy at hz.
        hz = want["hz"]
        mid = chans[0][len(chans[0]) // 4: 3 * len(chans[0]) // 4]
        wins = [mid[k:k + 800] for k in range(0, len(mid) - 799, 800)]
        good = sum(1 for w in wins if rtp_audio.rms(w) > 1000 and
                   rtp_audio.tone_share(w, hz) >= 0.6)
        if not wins or good < 0.9 * len(wins):
            raise CaseFailed(f"voicemail middle: {good}/{len(wins)} windows of 100 ms carry "
                             f"{hz} Hz")

def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        Runner(sys.argv[1]).run()
    except CaseFailed as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
