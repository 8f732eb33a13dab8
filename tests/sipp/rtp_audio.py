#!/usr/bin/env python3
"""Audio for the SIPp media cases (Python standard library only).

  - write_tone_pcap(path, hz, ms): a pcap of RTP/PCMU packets (20 ms each) carrying a sine,
    for SIPp's play_pcap_audio (Ethernet/IPv4/UDP framing, timestamps 20 ms apart);
    `dtmf` instead of `hz` makes it an in-band DTMF key (two tones, 80 ms on, 120 ms off);
    loss_pct / reorder_pct leave packets out / swap neighbours (seeded: the same every run).
  - write_party_pcap(path, spec): a case's "tones" entry: a tone, in-band key presses
    ("keys", optionally also as RFC 4733 events in the same stream) or non-DTMF "talk".
  - goertzel(samples, hz): the power of one frequency in a block of samples.
  - dominant(samples, candidates): the candidate frequency with the most power.
  - read_wav(path): (channels, rate, [samples of channel 0], [channel 1]...) of a 16-bit WAV.
  - RtpListener: a UDP socket that keeps the decoded G.711 (PCMU/PCMA) audio it receives,
    placed in time as it arrived (a pause in the stream is heard as silence): what a party
    hears when its SDP points there.
  - classify(samples): each 20 ms block as ("silent"|"soft"|"speech"|"tone", hz);
    find_heard(blocks, items): the "expect_heard" check (see run_case.py); timeline(blocks):
    what was heard per 100 ms, for failure messages.

    rtp_audio.py tone OUT.pcap HZ MS      writes a tone pcap (for trying it by hand)
"""

import math
import random
import socket
import struct
import sys
import threading
import time
import wave

DTMF = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "4": (770, 1209),
        "5": (770, 1336), "6": (770, 1477), "7": (852, 1209), "8": (852, 1336),
        "9": (852, 1477), "*": (941, 1209), "0": (941, 1336), "#": (941, 1477)}


def ulaw_encode(sample):
    """16-bit linear -> G.711 mu-law byte."""
    bias, clip = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    if sample < 0:
        sample = -sample
    sample = min(sample, clip) + bias
    exponent = 7
    mask = 0x4000
    while exponent > 0 and not sample & mask:
        exponent -= 1
        mask >>= 1
    mantissa = (sample >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def alaw_decode(byte):
    byte ^= 0x55
    sign = byte & 0x80
    exponent = (byte >> 4) & 0x07
    mantissa = byte & 0x0F
    if exponent == 0:
        sample = (mantissa << 4) + 8
    else:
        sample = ((mantissa << 4) + 0x108) << (exponent - 1)
    return sample if sign else -sample


def ulaw_decode(byte):
    byte = ~byte & 0xFF
    sign = byte & 0x80
    exponent = (byte >> 4) & 0x07
    mantissa = byte & 0x0F
    sample = ((mantissa << 3) + 0x84) << exponent
    sample -= 0x84
    return -sample if sign else sample


def tone_samples(ms, hz=None, dtmf=None, level=8000):
    n = ms * 8
    out = []
    for i in range(n):
        if dtmf:
            lo, hi = DTMF[dtmf]
            on = (i % 1600) < 640  # 80 ms on, 120 ms off
            v = (math.sin(2 * math.pi * lo * i / 8000) + math.sin(2 * math.pi * hi * i / 8000))
            out.append(int(level / 2 * v) if on else 0)
        else:
            out.append(int(level * math.sin(2 * math.pi * hz * i / 8000)))
    return out


def write_pcap(path, payloads, src_port=6000, dst_port=6000, pt=0, marker_first=True,
               loss_pct=0, reorder_pct=0, seed=7):
    """RTP packets 20 ms apart in a classic pcap (linktype Ethernet). loss_pct: packets left
    out; reorder_pct: packets sent one slot later (after their successor)."""
    rnd = random.Random(seed)
    packets = []  # (seq, ts, payload) in sending order
    for k, payload in enumerate(payloads):
        if k > 0 and rnd.random() * 100 < loss_pct:
            continue
        packets.append((1000 + k, 160000 + 160 * k, payload))
    for i in range(1, len(packets) - 1):
        if rnd.random() * 100 < reorder_pct:
            packets[i], packets[i + 1] = packets[i + 1], packets[i]
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        ssrc = 0x1234ABCD
        for k, (seq, ts, payload) in enumerate(packets):
            m = 0x80 if (k == 0 and marker_first) else 0
            rtp = struct.pack("!BBHII", 0x80, m | pt, seq & 0xFFFF, ts & 0xFFFFFFFF, ssrc) + payload
            udp = struct.pack("!HHHH", src_port, dst_port, 8 + len(rtp), 0) + rtp
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), k & 0xFFFF, 0, 64, 17, 0,
                             socket.inet_aton("127.0.0.1"), socket.inet_aton("127.0.0.1"))
            frame = b"\x00" * 12 + b"\x08\x00" + ip + udp
            t_us = k * 20000
            f.write(struct.pack("<IIII", t_us // 1000000, t_us % 1000000, len(frame), len(frame)))
            f.write(frame)


def write_tone_pcap(path, ms, hz=None, dtmf=None, loss_pct=0, reorder_pct=0):
    s = tone_samples(ms, hz=hz, dtmf=dtmf)
    payloads = [bytes(ulaw_encode(x) for x in s[i:i + 160]) for i in range(0, len(s), 160)]
    write_pcap(path, payloads, loss_pct=loss_pct, reorder_pct=reorder_pct)


EVENT_CODES = {**{str(d): d for d in range(10)}, "*": 10, "#": 11}


def keys_samples(keys, lead_ms=1500, on_ms=100, off_ms=150, level=8000):
    """In-band DTMF: lead_ms of silence, then each key for on_ms followed by off_ms of
    silence (level 0: silence throughout, the timing only). Returns (samples, [(key, first
    sample, last sample + 1)])."""
    out = [0] * (lead_ms * 8)
    presses = []
    for key in keys:
        lo, hi = DTMF[key]
        start = len(out)
        for i in range(on_ms * 8):
            v = math.sin(2 * math.pi * lo * i / 8000) + math.sin(2 * math.pi * hi * i / 8000)
            out.append(int(level / 2 * v))
        presses.append((key, start, len(out)))
        out.extend([0] * (off_ms * 8))
    return out, presses


def talk_samples(ms, level=6000, seed=11):
    """Audio that is not DTMF but could fool a poor detector (talk-off): a voiced sound
    (harmonics of 120 Hz), single tones (600 Hz, 1 kHz) and a non-DTMF pair (350 + 440 Hz,
    dial tone), each in 100 ms bursts with 100 ms pauses, in turn."""
    rnd = random.Random(seed)
    out = []
    kinds = ["voice", 600, "pair", 1000]
    k = 0
    while len(out) < ms * 8:
        kind = kinds[k % len(kinds)]
        k += 1
        for i in range(800):
            t = i / 8000
            if kind == "voice":
                v = sum(math.sin(2 * math.pi * 120 * h * t + h) / h for h in range(1, 25))
                v = v / 2 + rnd.uniform(-0.1, 0.1)
            elif kind == "pair":
                v = (math.sin(2 * math.pi * 350 * t) + math.sin(2 * math.pi * 440 * t)) / 2
            else:
                v = math.sin(2 * math.pi * kind * t)
            out.append(int(level * max(-1.0, min(1.0, v))))
        out.extend([0] * 800)
    return out[:ms * 8]


def write_party_pcap(path, spec):
    """The audio a party sends, from a case's "tones" entry: {"hz"} a tone, {"dtmf"} one key
    repeated (write_tone_pcap), {"keys": "12#", "lead_ms", "on_ms", "off_ms", "rfc4733":
    bool} in-band key presses (each also sent as RFC 4733 events on payload type
    "event_pt", default 101, in the same RTP stream, when rfc4733 is set; "inband": false
    leaves the audio silent: events only), {"talk": true}
    talk_samples(); "ms" the total length (silence after the keys)."""
    ms = spec.get("ms", 5000)
    if "keys" in spec:
        samples, presses = keys_samples(spec["keys"], spec.get("lead_ms", 1500),
                                        spec.get("on_ms", 100), spec.get("off_ms", 150),
                                        8000 if spec.get("inband", True) else 0)
    elif spec.get("talk"):
        samples, presses = talk_samples(ms), []
    else:
        return write_tone_pcap(path, ms, hz=spec.get("hz"), dtmf=spec.get("dtmf"),
                               loss_pct=spec.get("loss_pct", 0),
                               reorder_pct=spec.get("reorder_pct", 0))
    samples.extend([0] * max(0, ms * 8 - len(samples)))
    frames = [bytes(ulaw_encode(x) for x in samples[i:i + 160])
              for i in range(0, len(samples) - 159, 160)]
    # (20 ms slot, payload type, payload, marker, RTP timestamp or None: the slot's)
    packets = [(k, 0, f, k == 0, None) for k, f in enumerate(frames)]
    if spec.get("rfc4733"):
        pt = spec.get("event_pt", 101)
        for key, start, end in presses:
            code = EVENT_CODES[key]
            first, last = start // 160, (end - 1) // 160
            for slot in range(first, last + 1):  # the timestamp: where the press starts
                dur = min(end, (slot + 1) * 160) - start
                packets.append((slot, pt, struct.pack("!BBH", code, 10, dur), slot == first,
                                start))
            for _ in range(3):  # the end packet, sent three times
                packets.append((last + 1, pt, struct.pack("!BBH", code, 0x80 | 10, end - start),
                                False, start))
    packets.sort(key=lambda p: (p[0], p[1] != 0))
    write_rtp_pcap(path, packets)


def write_rtp_pcap(path, packets, src_port=6000, dst_port=6000):
    """packets: (20 ms slot, payload type, payload, marker, timestamp or None: the slot's).
    One RTP stream (one SSRC, one sequence), as a carrier sends audio and events."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        ssrc = 0x1234ABCD
        for k, (slot, pt, payload, marker, ts) in enumerate(packets):
            ts = 160000 + (160 * slot if ts is None else ts)
            m = 0x80 if marker else 0
            rtp = struct.pack("!BBHII", 0x80, m | pt, (1000 + k) & 0xFFFF, ts & 0xFFFFFFFF,
                              ssrc) + payload
            udp = struct.pack("!HHHH", src_port, dst_port, 8 + len(rtp), 0) + rtp
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), k & 0xFFFF, 0, 64, 17, 0,
                             socket.inet_aton("127.0.0.1"), socket.inet_aton("127.0.0.1"))
            frame = b"\x00" * 12 + b"\x08\x00" + ip + udp
            t_us = slot * 20000
            f.write(struct.pack("<IIII", t_us // 1000000, t_us % 1000000, len(frame),
                                len(frame)))
            f.write(frame)


def goertzel(samples, hz, rate=8000):
    w = 2 * math.pi * hz / rate
    c = 2 * math.cos(w)
    s1 = s2 = 0.0
    for x in samples:
        s0 = x + c * s1 - s2
        s2, s1 = s1, s0
    return s1 * s1 + s2 * s2 - c * s1 * s2


def dominant(samples, candidates):
    return max(candidates, key=lambda hz: goertzel(samples, hz))


def rms(samples):
    return math.sqrt(sum(x * x for x in samples) / len(samples)) if samples else 0.0


def read_wav(path):
    with wave.open(path, "rb") as w:
        ch, rate, n = w.getnchannels(), w.getframerate(), w.getnframes()
        raw = w.readframes(n)
    data = struct.unpack("<%dh" % (len(raw) // 2), raw)
    return ch, rate, [list(data[c::ch]) for c in range(ch)]


def write_wav(path, samples, rate=8000):
    """A mono 16-bit WAV (what a listener heard, kept for a failed case)."""
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(struct.pack("<%dh" % len(samples), *samples))


class RtpListener:
    """Receives RTP on a UDP port and keeps the G.711 audio (PCMU, PCMA) in arrival order;
    a pause in arrivals of more than 200 ms (nothing sent) is filled with silence, as a
    receiver would play it. RFC 4733 events are kept apart."""

    GAP_SAMPLES = 1600

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.samples = []
        self.packets = 0
        self.events = []  # RFC 4733 (digit code, end bit)
        self.first = None  # arrival time of the first audio packet
        self.stop_flag = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop_flag:
            try:
                data, _ = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            if len(data) < 12:
                continue
            now = time.monotonic()
            pt = data[1] & 0x7F
            body = data[12 + 4 * (data[0] & 0x0F):]
            if pt in (0, 8):
                self.packets += 1
                if self.first is None:
                    self.first = now
                due = int((now - self.first) * 8000)
                if due - len(self.samples) > self.GAP_SAMPLES:
                    self.samples.extend([0] * (due - len(self.samples)))
                decode = ulaw_decode if pt == 0 else alaw_decode
                self.samples.extend(decode(b) for b in body)
            elif len(body) >= 4:
                self.events.append((body[0], bool(body[1] & 0x80)))

    def close(self):
        self.stop_flag = True
        self.thread.join()
        self.sock.close()


# --- What a party hears: 20 ms blocks classified, then matched against expected items. ---

BLOCK = 160  # samples: 20 ms at 8 kHz
LOUD_RMS = 300  # speech is louder (a -13 dBm0 tone is ~3600 rms)
QUIET_RMS = 100  # silence (a G.711 idle pattern, comfort noise) is quieter
TONE_SHARE = 0.6  # a tone block has at least this share of its energy at one frequency


def tone_share(block, hz):
    """The share of the block's energy at `hz` (1.0 for a pure sine at hz)."""
    energy = sum(x * x for x in block)
    if energy <= 0:
        return 0.0
    return 2 * goertzel(block, hz) / (len(block) * energy)


def estimate_tone(block):
    """(hz, share) of the strongest single frequency near the zero-crossing estimate."""
    crossings = sum(1 for a, b in zip(block, block[1:]) if (a < 0) != (b < 0))
    guess = crossings * 8000 / (2 * len(block))
    if guess < 100 or guess > 3800:
        return 0, 0.0
    best = (0, 0.0)
    for step in range(-8, 9):
        hz = round(guess / 5) * 5 + 5 * step
        share = tone_share(block, hz)
        if share > best[1]:
            best = (hz, share)
    return best


def classify(samples):
    """Per 20 ms block: (kind, hz, rms, samples) with kind "silent" (rms < QUIET_RMS), "tone"
    (not silent, >= TONE_SHARE of the energy at hz: an amplitude-modulated ringback's quiet
    troughs stay in the tone), "speech" (rms >= LOUD_RMS, not one frequency) or "soft"."""
    out = []
    for i in range(0, len(samples) - BLOCK + 1, BLOCK):
        block = samples[i:i + BLOCK]
        level = rms(block)
        if level < QUIET_RMS:
            out.append(("silent", 0, level, block))
            continue
        hz, share = estimate_tone(block)
        if share >= TONE_SHARE:
            out.append(("tone", hz, level, block))
        elif level < LOUD_RMS:
            out.append(("soft", 0, level, block))
        else:
            out.append(("speech", 0, level, block))
    return out


def _is_tone(b, hz):
    return b[2] >= QUIET_RMS and tone_share(b[3], hz) >= TONE_SHARE


def _find(blocks, start, item):
    """(first, end) block indexes of the first occurrence of `item` at or after `start`, or
    None. end is one past the occurrence's last block."""
    what = item.get("what")
    need = max(1, -(-int(item.get("min_ms", 0)) // 20))  # blocks, rounded up
    n = len(blocks)
    if what == "tone":
        hz = item["hz"]
        i = start
        while i < n:
            if _is_tone(blocks[i], hz):
                # One block in a run may dip (the trough of an amplitude-modulated ringback).
                j = i + 1
                while j < n and (_is_tone(blocks[j], hz) or
                                 (j + 1 < n and _is_tone(blocks[j + 1], hz))):
                    j += 1
                if j - i >= need:
                    return i, j
                i = j
            else:
                i += 1
        return None
    if what == "silence":
        i = start
        while i < n:
            if blocks[i][0] == "silent":
                j = i
                while j < n and blocks[j][0] == "silent":
                    j += 1
                if j - i >= need:
                    return i, i + need
                i = j
            else:
                i += 1
        return None
    if what == "speech":
        # A stretch: speech blocks with gaps of at most 300 ms (15 blocks) between them.
        i = start
        while i < n:
            if blocks[i][0] != "speech":
                i += 1
                continue
            first, last, count, j, gap = i, i, 0, i, 0
            while j < n and gap <= 15:
                if blocks[j][0] == "speech":
                    count += 1
                    last = j
                    gap = 0
                else:
                    gap += 1
                j += 1
            if count >= need:
                return first, last + 1
            i = last + 1
        return None
    raise ValueError(f"unknown heard item {item!r}")


def find_heard(blocks, items):
    """Checks that `items` occur in this order, each starting after the previous one ended.
    Returns None when they do, else a message naming the first item not found."""
    pos = 0
    for k, item in enumerate(items):
        got = _find(blocks, pos, item)
        if got is None:
            return f"item {k} {json_item(item)} not heard after {pos * 20 / 1000:.2f} s"
        pos = got[1]
    return None


def find_any(blocks, item):
    """(start_s, end_s) of the first occurrence of `item` anywhere, or None."""
    got = _find(blocks, 0, item)
    return None if got is None else (got[0] * 0.02, got[1] * 0.02)


def json_item(item):
    return "{" + ", ".join(f"{k}={v}" for k, v in item.items()) + "}"


def timeline(blocks):
    """What was heard per 100 ms (5 blocks: the most common label), equal neighbours
    merged: "0.0-1.2 s silent | 1.2-3.4 s speech | 3.4-3.6 s tone 1000 Hz"."""
    labels = []
    for i in range(0, len(blocks), 5):
        group = blocks[i:i + 5]
        names = [("tone %d Hz" % (round(b[1] / 10) * 10)) if b[0] == "tone" else b[0]
                 for b in group]
        labels.append(max(set(names), key=names.count))
    parts = []
    k = 0
    while k < len(labels):
        j = k
        while j < len(labels) and labels[j] == labels[k]:
            j += 1
        parts.append(f"{k / 10:.1f}-{j / 10:.1f} s {labels[k]}")
        k = j
    return " | ".join(parts) if parts else "(nothing received)"


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "tone":
        write_tone_pcap(sys.argv[2], int(sys.argv[4]), hz=float(sys.argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
