#pragma once
// Goertzel: the power of one frequency in a block of 8 kHz (or any rate) linear PCM. Used to
// check tones (tests, fax/tone sanity checks) without an FFT.
#include <cstdint>
#include <span>

namespace hk::media {

// Power of `freq_hz` in `pcm`, normalised so that a full-scale sine at that frequency gives
// about 1.0 and silence 0.0.
double goertzelPower(std::span<const int16_t> pcm, double freq_hz, int sample_rate = 8000);

// Mean power of the block (same normalisation: a full-scale sine gives 0.5).
double meanPower(std::span<const int16_t> pcm);

}  // namespace hk::media
