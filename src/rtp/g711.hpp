#pragma once
// G.711 (ITU-T): µ-law (PCMU) and A-law (PCMA) to and from 16-bit linear PCM, and direct
// PCMU <-> PCMA conversion through 256-entry tables (what the relay uses to transcode).
#include <cstddef>
#include <cstdint>

namespace hk::rtp::g711 {

uint8_t linearToUlaw(int16_t pcm);
int16_t ulawToLinear(uint8_t code);
uint8_t linearToAlaw(int16_t pcm);
int16_t alawToLinear(uint8_t code);

uint8_t ulawToAlaw(uint8_t code);
uint8_t alawToUlaw(uint8_t code);

// In place or from `in` to `out` (may be the same buffer), `n` bytes.
void ulawToAlaw(const uint8_t* in, uint8_t* out, size_t n);
void alawToUlaw(const uint8_t* in, uint8_t* out, size_t n);

// Whole buffers, `n` samples, to and from linear PCM (decoding through 256-entry tables).
void ulawToLinear(const uint8_t* in, int16_t* out, size_t n);
void alawToLinear(const uint8_t* in, int16_t* out, size_t n);
void linearToUlaw(const int16_t* in, uint8_t* out, size_t n);
void linearToAlaw(const int16_t* in, uint8_t* out, size_t n);

}  // namespace hk::rtp::g711
