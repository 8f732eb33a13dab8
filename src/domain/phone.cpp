#include "domain/phone.hpp"

namespace hk::domain {
namespace {

// Full-width forms U+FF01..U+FF5E are EF BC 81..EF BC BF and EF BD 80..EF BD 9E in UTF-8;
// the ones a number may hold are all in the EF BC block.
constexpr unsigned char kFw0 = 0xEF, kFw1 = 0xBC;

// The ASCII character a full-width form at text[i] stands for (its 3 bytes), or 0.
char fullWidthAt(std::string_view text, size_t i) {
  if (i + 2 >= text.size()) return 0;
  auto b0 = static_cast<unsigned char>(text[i]);
  auto b1 = static_cast<unsigned char>(text[i + 1]);
  auto b2 = static_cast<unsigned char>(text[i + 2]);
  if (b0 != kFw0 || b1 != kFw1 || b2 < 0x81 || b2 > 0xBF) return 0;
  return static_cast<char>('!' + (b2 - 0x81));  // U+FF01 is '!'
}

bool isIdeographicSpace(std::string_view text, size_t i) {
  return text.substr(i, 3) == "\xE3\x80\x80";  // U+3000
}

bool isSeparator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }

}  // namespace

std::optional<PhoneDigits> parsePhoneDigits(std::string_view text) {
  PhoneDigits out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (char fw = fullWidthAt(text, i)) {
      c = fw;
      i += 2;
    } else if (isIdeographicSpace(text, i)) {
      c = ' ';
      i += 2;
    }
    if (c >= '0' && c <= '9') {
      out.digits += c;
    } else if (c == '+' && out.digits.empty() && !out.plus) {
      out.plus = true;
    } else if (!isSeparator(c)) {
      return std::nullopt;
    }
  }
  if (out.digits.empty()) return std::nullopt;
  return out;
}

std::string extractDigits(std::string_view text) {
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (char fw = fullWidthAt(text, i)) {
      c = fw;
      i += 2;
    }
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

std::string nationalFromCountryCode(std::string_view after_81) {
  if (after_81.empty()) return {};
  if (after_81[0] == '0') return std::string(after_81);
  return "0" + std::string(after_81);
}

std::string canonicalPhone(const PhoneDigits& d) {
  if (d.digits.size() >= kMinJapaneseE164Digits && d.digits.starts_with("81")) {
    return nationalFromCountryCode(std::string_view(d.digits).substr(2));
  }
  if (d.plus) return "+" + d.digits;
  return d.digits;
}

std::string normalizePhone(std::string_view text, size_t max_digits) {
  auto d = parsePhoneDigits(text);
  if (!d || d->digits.size() > max_digits) return {};
  return canonicalPhone(*d);
}

}  // namespace hk::domain
