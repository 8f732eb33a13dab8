#pragma once
// Linear PCM helpers for the audio hooks: G.711 payloads to and from 16-bit samples, a
// saturating mix, and a bounded sample queue (the other leg's audio waiting to be mixed).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "rtp/media_types.hpp"

namespace hk::rtp {

// One sample per byte: `out` holds at least `in.size()` samples / bytes.
void decodePcm(Codec codec, std::span<const uint8_t> in, int16_t* out);
void encodePcm(Codec codec, std::span<const int16_t> in, uint8_t* out);

// into[i] = into[i] + add[i], clamped to the int16 range (over the shorter of the two).
void mixSaturating(std::span<int16_t> into, std::span<const int16_t> add);

// A FIFO of samples with a fixed capacity: when full, the oldest samples go (the queue
// never adds more latency than its capacity). Storage is taken on the first push.
class PcmFifo {
 public:
  explicit PcmFifo(size_t capacity) : capacity_(capacity) {}

  void push(std::span<const int16_t> samples);
  // Moves up to out.size() samples into `out`; returns how many.
  size_t pop(std::span<int16_t> out);
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  uint64_t overflowed() const { return overflowed_; }  // samples dropped when full
  void clear() { head_ = size_ = 0; }

 private:
  size_t capacity_;
  std::vector<int16_t> buf_;
  size_t head_ = 0;  // the oldest sample
  size_t size_ = 0;
  uint64_t overflowed_ = 0;
};

}  // namespace hk::rtp
