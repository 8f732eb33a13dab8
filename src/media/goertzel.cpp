#include "media/goertzel.hpp"

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

}  // namespace hk::media
