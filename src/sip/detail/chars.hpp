#pragma once
// Character classes of the RFC 3261 grammar, as one lookup table.
#include <array>
#include <cstdint>
#include <string_view>

namespace hk::sip::detail {

enum CharClass : uint16_t {
  kAlnum = 1 << 0,
  kToken = 1 << 1,          // token: alnum and -.!%*_+`'~
  kWord = 1 << 2,           // word (Call-ID): token plus ()<>:\"/[]?{}
  kUnreserved = 1 << 3,     // alnum and mark -_.!~*'()
  kUserExtra = 1 << 4,      // user-unreserved &=+$,;?/
  kPasswordExtra = 1 << 5,  // &=+$,
  kParamExtra = 1 << 6,     // param-unreserved []/:&+$
  kHeaderExtra = 1 << 7,    // hnv-unreserved []/?:+$
  kHost = 1 << 8,           // hostname characters (alnum - . and _ leniently)
  kHex = 1 << 9,
  kDigit = 1 << 10,
  kWs = 1 << 11,  // SP HT
};

constexpr std::array<uint16_t, 256> makeTable() {
  std::array<uint16_t, 256> t{};
  auto add = [&t](std::string_view chars, uint16_t cls) {
    for (char c : chars) t[static_cast<unsigned char>(c)] |= cls;
  };
  for (int c = '0'; c <= '9'; ++c) t[c] |= kAlnum | kHex | kDigit;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kAlnum;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kAlnum;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHex;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHex;
  for (int c = 0; c < 256; ++c) {
    if (t[c] & kAlnum) t[c] |= kToken | kWord | kUnreserved | kHost;
  }
  add("-.!%*_+`'~", kToken | kWord);
  add("()<>:\\\"/[]?{}", kWord);
  add("-_.!~*'()", kUnreserved);
  add("&=+$,;?/", kUserExtra);
  add("&=+$,", kPasswordExtra);
  add("[]/:&+$", kParamExtra);
  add("[]/?:+$", kHeaderExtra);
  add("-._", kHost);
  add(" \t", kWs);
  return t;
}

inline constexpr std::array<uint16_t, 256> kTable = makeTable();

inline bool is(char c, uint16_t cls) { return (kTable[static_cast<unsigned char>(c)] & cls) != 0; }
inline bool isWs(char c) { return c == ' ' || c == '\t'; }
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when every character of s is in cls (and s is not empty).
inline bool allOf(std::string_view s, uint16_t cls) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is(c, cls)) return false;
  }
  return true;
}

// True when s is made of characters of cls and well-formed %HH escapes.
inline bool allOfEscaped(std::string_view s, uint16_t cls) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return false;
      if (hexValue(s[i + 1]) < 0 || hexValue(s[i + 2]) < 0) return false;
      i += 2;
    } else if (!is(s[i], cls)) {
      return false;
    }
  }
  return true;
}

}  // namespace hk::sip::detail
