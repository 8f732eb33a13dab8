"""Tones in WAV files: write a test tone, and tell whether a recording carries one (Python
standard library only).

A recording is cut into 100 ms windows. In each window: the level (RMS, DC removed), the
dominant frequency (zero crossings: exact enough for a clean sine, ±1 % at 440 Hz) and the
share of the window's energy at a given frequency (Goertzel power over the total, by Parseval:
1.0 for a pure tone at that frequency, near 0 for silence, noise or another tone).
"""

import array
import math
import sys
import wave

WINDOW_S = 0.1
MIN_RMS = 1000  # about -30 dBFS: well above silence and G.711 idle noise
MIN_SHARE = 0.5  # at least half the window's energy at the tone
TOLERANCE = 0.05  # the dominant frequency within ±5 %


def write_tone(path, freq, seconds, rate=8000, amplitude=0.5):
    """A 16-bit mono sine (the format baresip's aufile source needs at ausrc_srate)."""
    n = int(seconds * rate)
    peak = amplitude * 32767
    frames = array.array("h", (int(peak * math.sin(2 * math.pi * freq * i / rate))
                                for i in range(n)))
    if sys.byteorder == "big":
        frames.byteswap()
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames.tobytes())


def _load(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: {8 * w.getsampwidth()}-bit samples, expected 16")
        rate, channels = w.getframerate(), w.getnchannels()
        frames = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        frames.byteswap()
    return rate, frames[::channels]  # the first channel


def _share(x, energy, rate, freq):
    if energy <= 0:
        return 0.0
    k = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for v in x:
        s1, s2 = v + k * s1 - s2, s1
    power = s1 * s1 + s2 * s2 - k * s1 * s2
    return 2 * power / (len(x) * energy)


class Window:
    def __init__(self, x, rate):
        mean = sum(x) / len(x)
        self.x = [v - mean for v in x]
        self.rate = rate
        self.energy = sum(v * v for v in self.x)
        self.rms = math.sqrt(self.energy / len(x))
        crossings = sum(1 for a, b in zip(self.x, self.x[1:]) if (a < 0) != (b < 0))
        self.freq = crossings * rate / (2 * len(x))

    def carries(self, freq):
        """Loud, dominated by freq (±5 %), with most of its energy there."""
        return (self.rms >= MIN_RMS and abs(self.freq - freq) <= TOLERANCE * freq and
                _share(self.x, self.energy, self.rate, freq) >= MIN_SHARE)


class Heard:
    """What one recording carries: seconds of `want`, seconds of `own` (a loop back)."""

    def __init__(self, path, want, own):
        rate, samples = _load(path)
        size = int(rate * WINDOW_S)
        windows = [Window(samples[i:i + size], rate)
                   for i in range(0, len(samples) - size + 1, size)]
        self.path = path
        self.want = want
        self.recorded_s = len(samples) / rate if rate else 0.0
        self.want_s = round(sum(1 for w in windows if w.carries(want)) * WINDOW_S, 1)
        self.own_s = round(sum(1 for w in windows if w.carries(own)) * WINDOW_S, 1)
        loud = sorted(w.freq for w in windows if w.rms >= MIN_RMS)
        self.loud_s = len(loud) * WINDOW_S
        self.median_freq = loud[len(loud) // 2] if loud else 0.0
        self.peak_rms = max((w.rms for w in windows), default=0.0)

    def __str__(self):
        return (f"{self.want_s:.1f} s of {self.want} Hz in {self.recorded_s:.1f} s recorded "
                f"(loud {self.loud_s:.1f} s, median dominant {self.median_freq:.0f} Hz, "
                f"peak RMS {self.peak_rms:.0f})")


def main():
    """tone.py FILE.wav WANT_HZ OWN_HZ: prints what the recording carries."""
    path, want, own = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    h = Heard(path, want, own)
    print(f"{path}: {h}; own tone {h.own_s:.1f} s")


if __name__ == "__main__":
    main()
