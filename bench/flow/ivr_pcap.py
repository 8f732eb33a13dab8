#!/usr/bin/env python3
"""Per-call timings from a loopback capture of bench/flow/ivr.sh (tcpdump -w, linktype
Ethernet): caller SIPp <-> hankyod (SIP on port A), hankyod <-> destination SIPp (port B),
and the RFC 2833 end packets (payload type 96, E bit) the caller sends.

    ivr_pcap.py FILE A_PORT B_PORT LABEL

A call is named by its caller number (the From user, 0901<call number>), which hankyod
passes on in the B leg's From. Printed, in ms (kernel timestamps, microsecond resolution):
  invite->B invite   the caller's INVITE to the B leg's INVITE (first sendings)
  invite->answer     the caller's INVITE to hankyod's 200 (IVR: the menu answers)
  key end->B invite  the first end packet of the caller's key (what PressTracker reports
                     on) to the B leg's INVITE: what the IVR adds after the key
"""
import re
import struct
import sys


def packets(path):
    with open(path, "rb") as f:
        magic = struct.unpack("<I", f.read(24)[:4])[0]
        nano = magic == 0xA1B23C4D
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            sec, frac, incl, _ = struct.unpack("<IIII", h)
            data = f.read(incl)
            t = sec + frac / (1e9 if nano else 1e6)
            if len(data) < 14 + 20 + 8 or data[12:14] != b"\x08\x00":
                continue
            ihl = (data[14] & 0x0F) * 4
            if data[14 + 9] != 17:
                continue
            u = 14 + ihl
            sport, dport = struct.unpack("!HH", data[u:u + 4])
            yield t, sport, dport, data[u + 8:]


def header(msg, name):
    m = re.search(rb"^\s*" + name + rb":\s*(.*?)\r?$", msg, re.M | re.I)
    return m.group(1).strip() if m else b""


def user(from_value):
    m = re.search(rb"sip:([^@;>]+)@", from_value)
    return m.group(1).decode() if m else ""


def main():
    path, a_port, b_port, label = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    a_inv, b_inv, answer, key_end = {}, {}, {}, {}
    by_callid = {}
    port_owner = {}  # hankyod's RTP port toward the caller -> caller number (latest answer)
    for t, sport, dport, p in packets(path):
        if p.startswith(b"INVITE "):
            u = user(header(p, b"From"))
            if dport == a_port:
                a_inv.setdefault(u, t)
                by_callid[header(p, b"Call-ID")] = u
            elif dport == b_port:
                b_inv.setdefault(u, t)
        elif p.startswith(b"SIP/2.0 ") and sport == a_port and b"INVITE" in header(p, b"CSeq"):
            u = by_callid.get(header(p, b"Call-ID"))
            m = re.search(rb"^\s*m=audio (\d+)", p, re.M)
            if u and m and p[8:11] in (b"183", b"200"):
                port_owner[int(m.group(1))] = u
            if u and p[8:11] == b"200":
                answer.setdefault(u, t)
        elif len(p) >= 16 and (p[1] & 0x7F) == 96 and p[13] & 0x80:
            u = port_owner.get(dport)
            if u and u in answer:
                key_end.setdefault(u, t)

    def show(name, pairs):
        ms = sorted((b - a) * 1000 for a, b in pairs)
        if not ms:
            print(f"  {name:18s}: no calls")
            return
        q = lambda x: ms[min(len(ms) - 1, int(x * len(ms)))]
        print(f"  {name:18s}: {len(ms)} calls, median {q(0.5):.3f} ms, p90 {q(0.9):.3f} ms, "
              f"p99 {q(0.99):.3f} ms, max {ms[-1]:.3f} ms")

    print(f"{label} (capture): {len(a_inv)} INVITEs, {len(b_inv)} B leg INVITEs, "
          f"{len(key_end)} keys")
    show("invite->B invite", [(a_inv[u], b_inv[u]) for u in a_inv if u in b_inv])
    show("invite->answer", [(a_inv[u], answer[u]) for u in a_inv if u in answer])
    if key_end:
        show("key end->B invite", [(key_end[u], b_inv[u]) for u in key_end if u in b_inv])
        late = sum(1 for u in key_end if u in b_inv and b_inv[u] < key_end[u])
        if late:
            print(f"  {late} B leg INVITEs before the key's end packet")


main()
