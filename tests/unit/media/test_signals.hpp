#pragma once
// Generated test signals for the media tests (8 kHz, 16-bit): tones, DTMF pairs, white
// noise, speech-like harmonics. Deterministic: noise takes a seed.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace hk::media::test {

inline constexpr double kRate = 8000.0;
// A sine at 0 dBm0 in 16-bit linear (G.711's +3.14 dBm0 is full scale).
inline constexpr double kZeroDbm0 = 22706.0;

inline double dbm0ToAmplitude(double dbm0) { return kZeroDbm0 * std::pow(10.0, dbm0 / 20.0); }

inline int16_t clip(double v) {
  return static_cast<int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
}

// Adds `pcm` (scaled) to `out` from `at`, growing `out` if needed.
inline void mixInto(std::vector<double>& out, size_t at, const std::vector<double>& pcm) {
  if (out.size() < at + pcm.size()) out.resize(at + pcm.size(), 0.0);
  for (size_t i = 0; i < pcm.size(); ++i) out[at + i] += pcm[i];
}

inline std::vector<double> tone(double hz, double dbm0, size_t samples, double phase = 0) {
  std::vector<double> v(samples);
  const double a = dbm0ToAmplitude(dbm0);
  for (size_t i = 0; i < samples; ++i)
    v[i] = a * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / kRate + phase);
  return v;
}

inline std::pair<double, double> dtmfFreqs(char key) {
  static constexpr std::string_view kKeys = "123A456B789C*0#D";
  static constexpr double kRows[] = {697, 770, 852, 941};
  static constexpr double kCols[] = {1209, 1336, 1477, 1633};
  size_t i = kKeys.find(key);
  if (i == std::string_view::npos) return {0, 0};
  return {kRows[i / 4], kCols[i % 4]};
}

// One key: low tone at `dbm0`, high tone at `dbm0 + twist_db` (positive: reverse twist).
inline std::vector<double> dtmf(char key, size_t samples, double dbm0 = -10, double twist_db = 0) {
  auto [lo, hi] = dtmfFreqs(key);
  auto v = tone(lo, dbm0, samples);
  mixInto(v, 0, tone(hi, dbm0 + twist_db, samples, 0.7));
  return v;
}

inline std::vector<double> silence(size_t samples) { return std::vector<double>(samples, 0.0); }

// White Gaussian noise with the power of a sine at `dbm0`.
inline std::vector<double> noise(double dbm0, size_t samples, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0.0, dbm0ToAmplitude(dbm0) / std::sqrt(2.0));
  std::vector<double> v(samples);
  for (auto& x : v) x = n(rng);
  return v;
}

// Speech-like: a voiced source with harmonics up to 3.4 kHz under a moving two-formant
// envelope, the pitch gliding with 5 Hz vibrato, syllables of 150-300 ms and short pauses.
inline std::vector<double> speechLike(double f0, double dbm0, size_t samples, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> v(samples, 0.0);
  const double a = dbm0ToAmplitude(dbm0);
  double phase = 0;
  size_t syllable_end = 0, pause_end = 0;
  double f1 = 500, f2 = 1500, glide = 0;
  for (size_t i = 0; i < samples; ++i) {
    if (i >= pause_end && i >= syllable_end) {
      syllable_end = i + static_cast<size_t>((0.15 + 0.15 * u(rng)) * kRate);
      pause_end = syllable_end + static_cast<size_t>(0.05 * u(rng) * kRate);
      f1 = 300 + 600 * u(rng);
      f2 = 900 + 1600 * u(rng);
      glide = (u(rng) - 0.5) * 0.6;
    }
    if (i >= syllable_end) continue;  // pause
    const double t = static_cast<double>(i) / kRate;
    const double f = f0 * (1 + glide * std::sin(2 * std::numbers::pi * 1.5 * t)) *
                     (1 + 0.03 * std::sin(2 * std::numbers::pi * 5 * t));
    phase += 2 * std::numbers::pi * f / kRate;
    double s = 0;
    for (int h = 1; h * f < 3400; ++h) {
      const double hf = h * f;
      const double env = 1.0 / (1 + std::pow((hf - f1) / 150, 2)) +
                         0.5 / (1 + std::pow((hf - f2) / 200, 2)) + 0.05;
      s += env * std::sin(h * phase);
    }
    v[i] = 0.5 * a * s;
  }
  return v;
}

inline std::vector<int16_t> toPcm(const std::vector<double>& v) {
  std::vector<int16_t> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = clip(v[i]);
  return out;
}

inline size_t ms(int milliseconds) { return static_cast<size_t>(milliseconds) * 8; }

}  // namespace hk::media::test
