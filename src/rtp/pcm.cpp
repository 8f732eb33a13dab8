#include "rtp/pcm.hpp"

#include <algorithm>

#include "rtp/g711.hpp"

namespace hk::rtp {

void decodePcm(Codec codec, std::span<const uint8_t> in, int16_t* out) {
  if (codec == Codec::Pcmu) {
    g711::ulawToLinear(in.data(), out, in.size());
  } else {
    g711::alawToLinear(in.data(), out, in.size());
  }
}

void encodePcm(Codec codec, std::span<const int16_t> in, uint8_t* out) {
  if (codec == Codec::Pcmu) {
    g711::linearToUlaw(in.data(), out, in.size());
  } else {
    g711::linearToAlaw(in.data(), out, in.size());
  }
}

void mixSaturating(std::span<int16_t> into, std::span<const int16_t> add) {
  size_t n = std::min(into.size(), add.size());
  for (size_t i = 0; i < n; ++i) {
    int sum = int{into[i]} + int{add[i]};
    into[i] = static_cast<int16_t>(std::clamp(sum, -32768, 32767));
  }
}

void PcmFifo::push(std::span<const int16_t> samples) {
  if (capacity_ == 0) return;
  if (buf_.empty()) buf_.resize(capacity_);
  if (samples.size() > capacity_) {  // only the newest part can stay
    overflowed_ += samples.size() - capacity_;
    samples = samples.subspan(samples.size() - capacity_);
  }
  size_t excess = size_ + samples.size() > capacity_ ? size_ + samples.size() - capacity_ : 0;
  if (excess > 0) {
    head_ = (head_ + excess) % capacity_;
    size_ -= excess;
    overflowed_ += excess;
  }
  size_t tail = (head_ + size_) % capacity_;
  size_t first = std::min(samples.size(), capacity_ - tail);
  std::copy_n(samples.begin(), first, buf_.begin() + static_cast<ptrdiff_t>(tail));
  std::copy(samples.begin() + static_cast<ptrdiff_t>(first), samples.end(), buf_.begin());
  size_ += samples.size();
}

size_t PcmFifo::pop(std::span<int16_t> out) {
  size_t n = std::min(out.size(), size_);
  size_t first = std::min(n, capacity_ - head_);
  std::copy_n(buf_.begin() + static_cast<ptrdiff_t>(head_), first, out.begin());
  std::copy_n(buf_.begin(), n - first, out.begin() + static_cast<ptrdiff_t>(first));
  if (n > 0) head_ = (head_ + n) % capacity_;
  size_ -= n;
  return n;
}

}  // namespace hk::rtp
