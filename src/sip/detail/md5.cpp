// MD5 as specified by RFC 1321 §3 (padding, length, four rounds of sixteen operations).
#include "sip/detail/md5.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace hk::sip::detail {
namespace {

// T[i] = floor(2^32 * |sin(i + 1)|) (RFC 1321 §3.4); double precision gives them exactly.
const std::array<uint32_t, 64>& sineTable() {
  static const std::array<uint32_t, 64> table = [] {
    std::array<uint32_t, 64> t{};
    for (size_t i = 0; i < t.size(); ++i) {
      t[i] = static_cast<uint32_t>(
          std::floor(std::fabs(std::sin(static_cast<double>(i + 1))) * 4294967296.0));
    }
    return t;
  }();
  return table;
}

constexpr std::array<int, 64> kShift = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                        5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

}  // namespace

Md5::Md5() : state_{0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u} {}

void Md5::block(const uint8_t* p) {
  uint32_t m[16];
  for (size_t i = 0; i < 16; ++i) {
    m[i] = static_cast<uint32_t>(p[i * 4]) | (static_cast<uint32_t>(p[i * 4 + 1]) << 8) |
           (static_cast<uint32_t>(p[i * 4 + 2]) << 16) |
           (static_cast<uint32_t>(p[i * 4 + 3]) << 24);
  }
  const auto& t = sineTable();
  uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  for (size_t i = 0; i < 64; ++i) {
    uint32_t f = 0;
    size_t g = 0;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    f = f + a + t[i] + m[g];
    a = d;
    d = c;
    c = b;
    b = b + rotl(f, kShift[i]);
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
}

void Md5::update(std::string_view data) {
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  size_t n = data.size();
  length_ += n;
  if (buffered_ > 0) {
    size_t take = std::min(n, buffer_.size() - buffered_);
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ < buffer_.size()) return;
    block(buffer_.data());
    buffered_ = 0;
  }
  for (; n >= 64; p += 64, n -= 64) block(p);
  if (n > 0) std::memcpy(buffer_.data(), p, n);
  buffered_ = n;
}

Md5::Digest Md5::finish() {
  uint64_t bits = length_ * 8;
  // 0x80, zeros up to 56 bytes mod 64, then the length in bits, little-endian.
  std::string pad(1, '\x80');
  size_t used = (buffered_ + 1) % 64;
  pad.append(used <= 56 ? 56 - used : 120 - used, '\0');
  for (int i = 0; i < 8; ++i) pad.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  uint64_t keep = length_;
  update(pad);
  length_ = keep;
  Digest out{};
  for (size_t i = 0; i < 4; ++i) {
    for (size_t j = 0; j < 4; ++j) out[i * 4 + j] = static_cast<uint8_t>(state_[i] >> (8 * j));
  }
  return out;
}

Md5::Digest md5(std::string_view data) {
  Md5 h;
  h.update(data);
  return h.finish();
}

std::string md5Hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto d = md5(data);
  std::string out;
  out.reserve(32);
  for (uint8_t b : d) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

}  // namespace hk::sip::detail
