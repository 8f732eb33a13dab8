#include "media/goertzel.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hk::media {

double goertzelPower(std::span<const int16_t> pcm, double freq_hz, int sample_rate) {
  if (pcm.empty() || sample_rate <= 0) return 0.0;
  const double w = 2.0 * std::numbers::pi * freq_hz / sample_rate;
  const double coeff = 2.0 * std::cos(w);
  double s1 = 0, s2 = 0;
  for (int16_t x : pcm) {
    double s0 = x / 32768.0 + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  double n = static_cast<double>(pcm.size());
  return 4.0 * power / (n * n);
}

double meanPower(std::span<const int16_t> pcm) {
  if (pcm.empty()) return 0.0;
  double sum = 0;
  for (int16_t x : pcm) {
    double v = x / 32768.0;
    sum += v * v;
  }
  return sum / static_cast<double>(pcm.size());
}

GoertzelBank::GoertzelBank(std::span<const double> freqs_hz, int sample_rate) {
  n_ = std::min(freqs_hz.size(), kMax);
  const double rate = sample_rate > 0 ? sample_rate : 8000;
  for (size_t i = 0; i < n_; ++i)
    coeff_[i] = 2.0 * std::cos(2.0 * std::numbers::pi * freqs_hz[i] / rate);
}

double GoertzelBank::run(std::span<const int16_t> pcm, std::span<double> powers) const {
  const size_t n = std::min(n_, powers.size());
  if (pcm.empty()) {
    for (size_t i = 0; i < n; ++i) powers[i] = 0.0;
    return 0.0;
  }
  // All kMax lanes every sample (fixed trip count: the compiler keeps them in vector registers).
  std::array<double, kMax> s1{}, s2{};
  double sum = 0;
  for (int16_t raw : pcm) {
    const double x = raw / 32768.0;
    sum += x * x;
    for (size_t k = 0; k < kMax; ++k) {
      const double s0 = x + coeff_[k] * s1[k] - s2[k];
      s2[k] = s1[k];
      s1[k] = s0;
    }
  }
  const double len = static_cast<double>(pcm.size());
  for (size_t i = 0; i < n; ++i) {
    const double p = s1[i] * s1[i] + s2[i] * s2[i] - coeff_[i] * s1[i] * s2[i];
    powers[i] = 4.0 * p / (len * len);
  }
  return sum / len;
}

}  // namespace hk::media
