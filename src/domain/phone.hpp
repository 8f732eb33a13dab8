#pragma once
// Phone numbers as people and carriers write them, brought to the one form the inventory
// stores (domain/number.hpp): Japanese numbers national with their trunk 0 ("0312345678"),
// other countries E.164 with '+' ("+14155550100"). What each source adds on top — a SIP
// URI's phone-context, a block-list prefix, a caller id for the blind index — is a thin
// wrapper in its own folder (b2bua/dialed_number, service/blocking, secure/caller_cipher).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hk::domain {

// Digits of a national number after "+81": 9 or more (10-digit geographic and 0120 numbers).
// With the 2 digits of the country code: a digit string of 11+ starting "81" is Japanese.
inline constexpr size_t kMinJapaneseE164Digits = 11;
// Digits (without '+') normalizePhone accepts by default: E.164 has at most 15; 0078 numbers
// and their arbitrary suffixes stay below 20.
inline constexpr size_t kMaxPhoneDigits = 20;

struct PhoneDigits {
  std::string digits;  // ASCII '0'-'9' only
  bool plus = false;   // written with a leading '+' (international form)
};

// Reads a number as written: ASCII or full-width digits (U+FF10..U+FF19), one '+' (ASCII or
// full-width) before the first digit, and visual separators: space, '-', '.', '(', ')' and
// their full-width forms, the ideographic space. nullopt for any other character or when
// there is no digit.
std::optional<PhoneDigits> parsePhoneDigits(std::string_view text);

// Every ASCII or full-width digit of `text`, anything else skipped ("anonymous" -> "").
std::string extractDigits(std::string_view text);

// The national form of the digits after a Japanese country code 81: "312345678" ->
// "0312345678"; a trunk 0 written after the code ("+81 (0)3 ...") stays single. "" -> "".
std::string nationalFromCountryCode(std::string_view after_81);

// The stored form of parsed digits: "81" + 9 or more digits (with or without '+') is
// Japanese and becomes national; other '+' numbers stay "+<digits>"; digits without '+' are
// already national (or a foreign number written without '+') and stay as they are.
std::string canonicalPhone(const PhoneDigits& d);

// parsePhoneDigits + canonicalPhone: "+81 3-1234-5678", "81312345678", "03-1234-5678",
// "(03) 1234 5678" -> "0312345678"; "0078 1234 5678" -> "007812345678"; "+1 (415) 555-0100"
// -> "+14155550100". "" when `text` is not a phone number or has more than `max_digits`
// digits.
std::string normalizePhone(std::string_view text, size_t max_digits = kMaxPhoneDigits);

}  // namespace hk::domain
