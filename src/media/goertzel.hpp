#pragma once
// Goertzel: the power of one frequency in a block of 8 kHz (or any rate) linear PCM. Used to
// check tones (tests, fax/tone sanity checks) without an FFT.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace hk::media {

// Power of `freq_hz` in `pcm`, normalised so that a full-scale sine at that frequency gives
// about 1.0 and silence 0.0.
double goertzelPower(std::span<const int16_t> pcm, double freq_hz, int sample_rate = 8000);

// Mean power of the block (same normalisation: a full-scale sine gives 0.5).
double meanPower(std::span<const int16_t> pcm);

// Up to kMax frequencies over the same blocks, for detectors that run per packet: the
// coefficients are computed once, and one pass over the samples gives every frequency's power
// (the same values as goertzelPower) and the block's meanPower. The frequencies' recurrences
// are independent, so they run side by side instead of one long dependency chain each.
class GoertzelBank {
 public:
  static constexpr size_t kMax = 8;
  // Frequencies beyond kMax are ignored.
  explicit GoertzelBank(std::span<const double> freqs_hz, int sample_rate = 8000);
  size_t size() const { return n_; }
  // powers[i] for the i-th frequency (powers.size() >= size()); returns meanPower(pcm).
  double run(std::span<const int16_t> pcm, std::span<double> powers) const;

 private:
  std::array<double, kMax> coeff_{};  // unused slots stay 0 (computed, never read)
  size_t n_ = 0;
};

}  // namespace hk::media
