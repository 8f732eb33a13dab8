#!/usr/bin/env python3
"""Audio for the SIPp media cases (Python standard library only).

  - write_tone_pcap(path, hz, ms): a pcap of RTP/PCMU packets (20 ms each) carrying a sine,
    for SIPp's play_pcap_audio (Ethernet/IPv4/UDP framing, timestamps 20 ms apart);
    `dtmf` instead of `hz` makes it an in-band DTMF key (two tones, 80 ms on, 120 ms off);
    loss_pct / reorder_pct leave packets out / swap neighbours (seeded: the same every run).
  - goertzel(samples, hz): the power of one frequency in a block of samples.
  - dominant(samples, candidates): the candidate frequency with the most power.
  - read_wav(path): (channels, rate, [samples of channel 0], [channel 1]...) of a 16-bit WAV.
  - RtpListener: a UDP socket that keeps the decoded PCMU audio it receives (what a party
    hears when its SDP points there).

    rtp_audio.py tone OUT.pcap HZ MS      writes a tone pcap (for trying it by hand)
"""

import math
import random
import socket
import struct
import sys
import threading
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


class RtpListener:
    """Receives RTP on a UDP port and keeps the PCMU audio in arrival order."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.samples = []
        self.events = []  # RFC 4733 (digit code, end bit)
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
            pt = data[1] & 0x7F
            body = data[12 + 4 * (data[0] & 0x0F):]
            if pt == 0:
                self.samples.extend(ulaw_decode(b) for b in body)
            elif len(body) >= 4:
                self.events.append((body[0], bool(body[1] & 0x80)))

    def close(self):
        self.stop_flag = True
        self.thread.join()
        self.sock.close()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "tone":
        write_tone_pcap(sys.argv[2], int(sys.argv[4]), hz=float(sys.argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
