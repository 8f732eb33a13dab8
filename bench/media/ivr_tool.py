#!/usr/bin/env python3
"""Helpers of bench/media/ivr_digits.sh (Python standard library + tests/sipp/rtp_audio.py).

    ivr_tool.py inband OUT.pcap KEYS [ON_MS OFF_MS]
        in-band DTMF (G.711 u-law, pt 0, 20 ms packets): 100 ms of silence, then each key
        ON_MS (default 100) of its two tones at about -13 dBm0 each and OFF_MS (default 100)
        of silence; 200 ms of silence at the end
    ivr_tool.py check WORK NUMBER=KEYS...
        reads WORK/calls-*.json (GET /api/v1/calls pages) and counts, per tracking number
        (din_id), the calls whose vars.code is exactly KEYS, wrong, missing; prints one JSON
        line with the totals (keys sent and detected counted digit by digit)
    ivr_tool.py wavlen FILE...   length in seconds of WAV files (the TTS prompt)
"""
import glob
import json
import os
import sys
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "sipp"))
import rtp_audio  # noqa: E402

TONES = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "4": (770, 1209),
         "5": (770, 1336), "6": (770, 1477), "7": (852, 1209), "8": (852, 1336),
         "9": (852, 1477), "*": (941, 1209), "0": (941, 1336), "#": (941, 1477)}


def inband(out, keys, on_ms=100, off_ms=100):
    import math
    samples = [0] * 800
    for k in keys:
        lo, hi = TONES[k]
        n0 = len(samples)
        for i in range(on_ms * 8):
            v = math.sin(2 * math.pi * lo * i / 8000) + math.sin(2 * math.pi * hi * i / 8000)
            samples.append(int(3000 * v))
        samples.extend([0] * (off_ms * 8))
        assert len(samples) - n0 == (on_ms + off_ms) * 8
    samples.extend([0] * 1600)
    samples.extend([0] * (-len(samples) % 160))
    payloads = [bytes(rtp_audio.ulaw_encode(x) for x in samples[i:i + 160])
                for i in range(0, len(samples), 160)]
    rtp_audio.write_pcap(out, payloads)


def check(work, groups):
    want = dict(g.split("=", 1) for g in groups)
    items = [c for f in glob.glob(os.path.join(work, "calls-*.json"))
             for c in json.load(open(f))["items"]]
    per = {n: {"calls": 0, "exact": 0, "wrong": 0, "missing": 0} for n in want}
    sent = detected = 0
    examples = []
    for c in items:
        n = c.get("din_id", "")
        if n not in want:
            continue
        keys = want[n]
        got = (c.get("vars") or {}).get("code")
        p = per[n]
        p["calls"] += 1
        sent += len(keys)
        if got is None:
            p["missing"] += 1
        elif got == keys:
            p["exact"] += 1
        else:
            p["wrong"] += 1
        if got:
            detected += sum(1 for a, b in zip(got, keys) if a == b)
        if got != keys and len(examples) < 5:
            examples.append({"trn_id": c.get("trn_id"), "din_id": n, "want": keys, "got": got,
                             "dial_stat": c.get("dial_stat"), "end_reason": c.get("end_reason")})
    total = {k: sum(p[k] for p in per.values()) for k in ("calls", "exact", "wrong", "missing")}
    print(json.dumps({"total": total, "keys_sent": sent, "keys_detected_in_place": detected,
                      "per_number": per, "examples": examples}))


def wavlen(files):
    for f in files:
        with wave.open(f) as w:
            print(f"{w.getnframes() / w.getframerate():.2f} s  {f}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "inband":
        inband(sys.argv[2], sys.argv[3], *(int(x) for x in sys.argv[4:6]))
    elif cmd == "check":
        check(sys.argv[2], sys.argv[3:])
    elif cmd == "wavlen":
        wavlen(sys.argv[2:])
    else:
        sys.exit(__doc__)
