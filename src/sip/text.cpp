#include "sip/text.hpp"

#include "sip/detail/chars.hpp"

namespace hk::sip {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (detail::lower(a[i]) != detail::lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && detail::isWs(s[b])) ++b;
  while (e > b && detail::isWs(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool isToken(std::string_view s) { return detail::allOf(s, detail::kToken); }

namespace {

// Index of the first comma outside quotes and <>, or npos.
size_t listComma(std::string_view value) {
  bool quoted = false;
  bool angle = false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (angle) {
      if (c == '>') angle = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      angle = true;
    } else if (c == ',') {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string_view firstListItem(std::string_view value) {
  return trim(value.substr(0, listComma(value)));
}

std::vector<std::string_view> splitList(std::string_view value) {
  std::vector<std::string_view> out;
  while (true) {
    size_t comma = listComma(value);
    out.push_back(trim(value.substr(0, comma)));
    if (comma == std::string_view::npos) return out;
    value.remove_prefix(comma + 1);
  }
}

size_t quotedLength(std::string_view s) {
  if (s.empty() || s[0] != '"') return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\\') {
      if (i + 1 >= s.size() || s[i + 1] == '\r' || s[i + 1] == '\n') return 0;
      ++i;
    } else if (c == '"') {
      return i + 1;
    } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
      return 0;
    }
  }
  return 0;
}

std::string unescapeQuoted(std::string_view inner) {
  std::string out;
  out.reserve(inner.size());
  for (size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size()) ++i;
    out.push_back(inner[i]);
  }
  return out;
}

std::string unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    return unescapeQuoted(value.substr(1, value.size() - 2));
  }
  return std::string(value);
}

std::string percentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = detail::hexValue(s[i + 1]);
      int lo = detail::hexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

NumberStatus parseNumber(std::string_view s, uint64_t max, uint64_t& value) {
  if (s.empty()) return NumberStatus::Invalid;
  uint64_t v = 0;
  bool overflow = false;
  for (char c : s) {
    if (!detail::isDigit(c)) return NumberStatus::Invalid;
    auto digit = static_cast<uint64_t>(c - '0');
    if (!overflow && (v > max / 10 || v * 10 + digit > max)) overflow = true;
    if (!overflow) v = v * 10 + digit;
  }
  if (overflow) return NumberStatus::Overflow;
  value = v;
  return NumberStatus::Ok;
}

}  // namespace hk::sip
