#include "flow/detail/text.hpp"

#include <fmt/format.h>

namespace hk::flow::detail {

namespace {

// Length of the UTF-8 sequence at s[i] (0: invalid), and its code point.
size_t sequence(std::string_view s, size_t i, char32_t& cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  size_t n = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF.
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff)) {
    return 0;
  }
  return n;
}

}  // namespace

std::string checkText(std::string_view s, size_t max_bytes) {
  if (s.empty()) return "must not be empty";
  if (s.size() > max_bytes) return fmt::format("must be at most {} bytes", max_bytes);
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    size_t n = sequence(s, i, cp);
    if (n == 0) return "must be valid UTF-8";
    if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f) {
      return "must not contain control characters";
    }
    i += n;
  }
  return {};
}

size_t codePoints(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    char32_t cp = 0;
    size_t n = sequence(s, i, cp);
    i += n == 0 ? 1 : n;
  }
  return count;
}

bool isStepId(std::string_view s) {
  if (s.empty() || s.size() > kMaxStepIdBytes) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool isVariableName(std::string_view s) {
  if (s.empty() || s.size() > 40 || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool isPhoneNumber(std::string_view s) {
  size_t digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+' && i == 0) {
      continue;
    } else if (c != '-' && c != ' ' && c != '(' && c != ')' && c != '.') {
      return false;
    }
  }
  return digits >= 3 && digits <= 20;
}

bool isSipUri(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("sip:")) {
    rest = s.substr(4);
  } else if (s.starts_with("sips:")) {
    rest = s.substr(5);
  } else {
    return false;
  }
  auto at = rest.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= rest.size()) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == '"' || c == 0x7f) {
      return false;
    }
  }
  return s.size() <= 255;
}

bool isPromptId(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool isDtmf(char c) { return (c >= '0' && c <= '9') || c == '*' || c == '#'; }

}  // namespace hk::flow::detail
