#include "rtp/g711.hpp"

#include <array>
#include <bit>
#include <cstdlib>

namespace hk::rtp::g711 {
namespace {

constexpr int kUlawBias = 0x84;  // 132: moves every segment start to a power of two
constexpr int kUlawClip = 32635;

constexpr uint8_t encodeUlaw(int pcm) {
  int sign = pcm < 0 ? 0x80 : 0;
  int mag = pcm < 0 ? -pcm : pcm;
  if (mag > kUlawClip) mag = kUlawClip;
  mag += kUlawBias;  // 132..32767
  int exponent = std::bit_width(static_cast<unsigned>(mag >> 7)) - 1;
  int mantissa = (mag >> (exponent + 3)) & 0x0f;
  return static_cast<uint8_t>(~(sign | exponent << 4 | mantissa));
}

constexpr int16_t decodeUlaw(uint8_t code) {
  int x = static_cast<uint8_t>(~code);
  int exponent = (x >> 4) & 0x07;
  int mantissa = x & 0x0f;
  int mag = (((mantissa << 3) + kUlawBias) << exponent) - kUlawBias;
  return static_cast<int16_t>((x & 0x80) ? -mag : mag);
}

constexpr uint8_t encodeAlaw(int pcm) {
  // A-law works on 13 bits; negative values are one's complement (-1 -> 0).
  int sign = pcm >= 0 ? 0x80 : 0;
  int mag = (pcm >= 0 ? pcm : -pcm - 1) >> 3;  // 0..4095
  int code;
  if (mag < 32) {
    code = mag >> 1;
  } else {
    int exponent = std::bit_width(static_cast<unsigned>(mag)) - 5;  // 1..7
    code = exponent << 4 | ((mag >> exponent) & 0x0f);
  }
  return static_cast<uint8_t>((sign | code) ^ 0x55);
}

constexpr int16_t decodeAlaw(uint8_t code) {
  int x = code ^ 0x55;
  int exponent = (x >> 4) & 0x07;
  int mantissa = x & 0x0f;
  int mag = exponent == 0 ? (mantissa << 1) + 1 : ((mantissa << 1) + 33) << (exponent - 1);
  mag <<= 3;
  return static_cast<int16_t>((x & 0x80) ? mag : -mag);
}

template <class F>
constexpr std::array<uint8_t, 256> table(F f) {
  std::array<uint8_t, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = f(static_cast<uint8_t>(i));
  return t;
}

template <class F>
constexpr std::array<int16_t, 256> linearTable(F f) {
  std::array<int16_t, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = f(static_cast<uint8_t>(i));
  return t;
}

constexpr auto kUlawLinear = linearTable(decodeUlaw);
constexpr auto kAlawLinear = linearTable(decodeAlaw);
constexpr auto kUlawToAlaw = table([](uint8_t c) { return encodeAlaw(decodeUlaw(c)); });
constexpr auto kAlawToUlaw = table([](uint8_t c) { return encodeUlaw(decodeAlaw(c)); });

}  // namespace

uint8_t linearToUlaw(int16_t pcm) { return encodeUlaw(pcm); }
int16_t ulawToLinear(uint8_t code) { return decodeUlaw(code); }
uint8_t linearToAlaw(int16_t pcm) { return encodeAlaw(pcm); }
int16_t alawToLinear(uint8_t code) { return decodeAlaw(code); }
uint8_t ulawToAlaw(uint8_t code) { return kUlawToAlaw[code]; }
uint8_t alawToUlaw(uint8_t code) { return kAlawToUlaw[code]; }

void ulawToAlaw(const uint8_t* in, uint8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = kUlawToAlaw[in[i]];
}

void alawToUlaw(const uint8_t* in, uint8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = kAlawToUlaw[in[i]];
}

void ulawToLinear(const uint8_t* in, int16_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = kUlawLinear[in[i]];
}

void alawToLinear(const uint8_t* in, int16_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = kAlawLinear[in[i]];
}

void linearToUlaw(const int16_t* in, uint8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = encodeUlaw(in[i]);
}

void linearToAlaw(const int16_t* in, uint8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = encodeAlaw(in[i]);
}

}  // namespace hk::rtp::g711
