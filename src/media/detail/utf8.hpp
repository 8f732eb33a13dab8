#pragma once
// A strict UTF-8 walk for text from outside (TTS text, prompt names).
#include <cstddef>
#include <string_view>

namespace hk::media::detail {

// Calls fn(code_point, byte_offset, byte_length) for each code point; returns false at the
// first invalid sequence (overlong forms, surrogates, values past U+10FFFF, truncation).
template <class Fn>
bool forEachCodePoint(std::string_view s, Fn&& fn) {
  static constexpr char32_t kMinForLen[] = {0, 0, 0x80, 0x800, 0x10000};
  size_t i = 0;
  while (i < s.size()) {
    auto b0 = static_cast<unsigned char>(s[i]);
    size_t len = b0 < 0x80           ? 1
                 : (b0 >> 5) == 0x6  ? 2
                 : (b0 >> 4) == 0xE  ? 3
                 : (b0 >> 3) == 0x1E ? 4
                                     : 0;
    if (len == 0 || len > s.size() - i) return false;
    char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (size_t k = 1; k < len; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b >> 6) != 0x2) return false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < kMinForLen[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    fn(cp, i, len);
    i += len;
  }
  return true;
}

inline bool isControlCodePoint(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

}  // namespace hk::media::detail
