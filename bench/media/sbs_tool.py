#!/usr/bin/env python3
"""Helpers of bench/media/side_by_side.sh (one subject each, no third-party modules).

  ports N            N free UDP+TCP ports on 127.0.0.1, each with the next 3 free too (SIPp
                     binds its media port and media port + 2)
  cpu PID            utime+stime of the process (all threads), clock ticks
  threads PID        "tid ticks" for every thread of the process
  counters CHAIN     packet counts of the rules of an iptables chain, in order
  rtpe_totals PORT   rtpengine's "list totals" over its CLI (TCP) as JSON-ish key: value lines
  metric URL NAME    sum of the samples of a Prometheus metric
  sipp_stat CSV      "ok failed retransmissions" from SIPp's -trace_stat file (last line)
  wavcheck DIR N SEC files, complete (within 1.5 s of SEC and both channels not silent)
  sockdrops LO HI   receive-buffer drops summed over the UDP sockets bound to ports LO..HI
  table RESULTS      the side-by-side table from the raw results file
  alaw_wav PATH SEC  a speech-like test signal (three partials, syllable-rate envelope, no
                     fax/DTMF tone), 8 kHz A-law WAV, for SIPp's rtp_stream
"""
import csv
import json
import os
import socket
import statistics
import subprocess
import sys
import urllib.request
import wave


def free_ports(n):
    out, held = [], []
    while len(out) < n:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        p = s.getsockname()[1]
        held.append(s)
        if p + 3 > 65535 or any(p <= q + 3 and q <= p + 3 for q in out):
            continue
        ok = True
        for q in range(p, p + 4):
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                if q == p and kind == socket.SOCK_DGRAM:
                    continue
                t = socket.socket(socket.AF_INET, kind)
                try:
                    t.bind(("127.0.0.1", q))
                except OSError:
                    ok = False
                finally:
                    t.close()
        if ok:
            out.append(p)
    for s in held:
        s.close()
    return out


def stat_ticks(path):
    with open(path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)


def counters(chain):
    txt = subprocess.run(["iptables", "-w", "-L", chain, "-n", "-v", "-x"], check=True,
                         capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in txt.splitlines()[2:] if line.strip()]


def rtpe_totals(port):
    with socket.create_connection(("127.0.0.1", int(port)), timeout=5) as s:
        s.sendall(b"list totals\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data.decode(errors="replace")


def sockdrops(lo, hi):
    total = 0
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        with open(name) as f:
            for line in list(f)[1:]:
                cols = line.split()
                port = int(cols[1].rsplit(":", 1)[1], 16)
                if lo <= port <= hi:
                    total += int(cols[-1])
    return total


def metric(url, name):
    body = urllib.request.urlopen(url, timeout=5).read().decode()
    total = 0.0
    for line in body.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return int(total)


def sipp_stat(path):
    rows = list(csv.DictReader(open(path), delimiter=";"))
    last = rows[-1]
    return (f'{last["SuccessfulCall(C)"]} {last["FailedCall(C)"]} '
            f'{last["Retransmissions(C)"]}')


def channel_active(frames, channels, width, ch):
    step = channels * width
    nonzero = 0
    for i in range(ch * width, len(frames), step):
        v = int.from_bytes(frames[i:i + width], "little", signed=True)
        nonzero += abs(v) > 8
    return nonzero > 0


def wavcheck(folder, expected, seconds):
    files = sorted(f for f in os.listdir(folder) if f.endswith(".wav")) if os.path.isdir(
        folder) else []
    complete, lengths = 0, []
    for f in files:
        try:
            with wave.open(os.path.join(folder, f)) as w:
                n, rate, ch, width = w.getnframes(), w.getframerate(), w.getnchannels(), \
                    w.getsampwidth()
                length = n / rate
                # one second from the middle: both parties must be heard
                w.setpos(max(0, n // 2 - rate // 2))
                mid = w.readframes(rate)
        except (wave.Error, EOFError, OSError):
            continue
        lengths.append(length)
        heard = all(channel_active(mid, ch, width, c) for c in range(ch))
        if abs(length - float(seconds)) <= 1.5 and ch == 2 and heard:
            complete += 1
    lo = min(lengths) if lengths else 0
    hi = max(lengths) if lengths else 0
    print(f"{len(files)} {complete} {lo:.2f} {hi:.2f}")


def alaw(x):
    """G.711 A-law of one 16-bit sample."""
    sign = 0x80 if x >= 0 else 0
    x = min(abs(x), 32767) >> 3
    if x < 32:
        v = sign | (x >> 1)
    else:
        seg = x.bit_length() - 5
        v = sign | (seg << 4) | ((x >> seg) & 0x0F)
    return v ^ 0x55


def alaw_wav(path, seconds):
    import math
    n = int(8000 * seconds)
    data = bytearray()
    for i in range(n):
        t = i / 8000
        env = 0.55 + 0.45 * math.sin(2 * math.pi * 4 * t)  # ~4 syllables/s, never silent
        v = (0.5 * math.sin(2 * math.pi * 310 * t) + 0.3 * math.sin(2 * math.pi * 730 * t)
             + 0.2 * math.sin(2 * math.pi * 1570 * t))
        data.append(alaw(int(9000 * env * v)))
    fmt = (6).to_bytes(2, "little") + (1).to_bytes(2, "little") + (8000).to_bytes(4, "little") \
        + (8000).to_bytes(4, "little") + (1).to_bytes(2, "little") + (8).to_bytes(2, "little") \
        + (0).to_bytes(2, "little")
    body = b"WAVE" + b"fmt " + len(fmt).to_bytes(4, "little") + fmt \
        + b"data" + len(data).to_bytes(4, "little") + bytes(data)
    open(path, "wb").write(b"RIFF" + len(body).to_bytes(4, "little") + body)


def table(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    hdr = ("| run | media | load | relay | recording | calls ok/failed | RTP sent by SIPp | delivered | lost "
           "| relay socket drops | relay CPU (steady window) | packets (window) | µs/packet | busiest thread µs/packet "
           "| whole load µs/packet | recordings complete |")
    print(hdr)
    print("|" + "---|" * 16)
    for r in rows:
        print(f'| {r["run"]} | {r.get("media", "pcap")} | {r.get("load", "-")} | {r["relay"]} | {r["rec"]} | {r["ok"]}/{r["failed"]} | '
              f'{r["sent"]} | {r["delivered"]} | {r["lost"]} | {r.get("relay_socket_drops", "-")} | {r["win_cpu_s"]:.2f} s | '
              f'{r["win_pkts"]} | **{r["us_pkt"]:.2f}** | {r["busiest_us_pkt"]:.2f} '
              f'| {r["us_pkt_all"]:.2f} | {r["recs"]} |')
    print()
    print("| recording | rtpengine µs/packet (median) | hankyod µs/packet (median) | "
          "ratio hankyod/rtpengine | goal |")
    print("|---|---|---|---|---|")
    for rec, goal in (("off", "≤ 0.5"), ("on", "≤ 0.6")):
        def med(relay, key="us_pkt"):
            v = [r[key] for r in rows if r["relay"] == relay and r["rec"] == rec]
            return statistics.median(v) if v else float("nan")
        a, b = med("rtpengine"), med("hankyod")
        print(f"| {rec} | {a:.2f} | {b:.2f} | **{b / a:.2f}** | {goal} |")


def main(argv):
    cmd = argv[1]
    if cmd == "ports":
        print(" ".join(map(str, free_ports(int(argv[2])))))
    elif cmd == "cpu":
        print(stat_ticks(f"/proc/{argv[2]}/stat"))
    elif cmd == "threads":
        for tid in sorted(os.listdir(f"/proc/{argv[2]}/task"), key=int):
            try:
                comm = open(f"/proc/{argv[2]}/task/{tid}/comm").read().strip()
                print(tid, stat_ticks(f"/proc/{argv[2]}/task/{tid}/stat"), comm)
            except OSError:
                pass
    elif cmd == "counters":
        print(" ".join(map(str, counters(argv[2]))))
    elif cmd == "rtpe_totals":
        print(rtpe_totals(argv[2]))
    elif cmd == "sockdrops":
        print(sockdrops(int(argv[2]), int(argv[3])))
    elif cmd == "metric":
        print(metric(argv[2], argv[3]))
    elif cmd == "sipp_stat":
        print(sipp_stat(argv[2]))
    elif cmd == "wavcheck":
        wavcheck(argv[2], int(argv[3]), argv[4])
    elif cmd == "alaw_wav":
        alaw_wav(argv[2], float(argv[3]))
    elif cmd == "table":
        table(argv[2])
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv)
