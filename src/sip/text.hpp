#pragma once
// Text helpers of the SIP grammar shared by the header parsers: case-insensitive compare,
// trimming, list splitting that respects quotes and <>, quoted-string and percent decoding,
// numbers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hk::sip {

bool iequals(std::string_view a, std::string_view b);
// Strips SP and HT at both ends.
std::string_view trim(std::string_view s);
// token of RFC 3261 (alphanumerics and -.!%*_+`'~), not empty.
bool isToken(std::string_view s);

// Splits a comma-separated header value. Commas inside "quoted strings" or <URIs> do not
// split. Elements are trimmed; empty elements are kept so that callers can reject them.
std::vector<std::string_view> splitList(std::string_view value);
// The first element of such a list (trimmed), without building the whole list.
std::string_view firstListItem(std::string_view value);

// s starts with '"': length of the quoted string up to and including the closing quote,
// or 0 when it is not terminated or holds a bare CR/LF or control character.
size_t quotedLength(std::string_view s);
// The inside of a quoted string with its quoted-pairs (\x) resolved.
std::string unescapeQuoted(std::string_view inner);
// Strips the quotes of a "quoted string" and resolves its escapes; other text is returned
// as it is.
std::string unquote(std::string_view value);
// %HH escapes decoded (a %00 gives a NUL byte); malformed escapes are kept as they are.
std::string percentDecode(std::string_view s);

enum class NumberStatus { Ok, Invalid, Overflow };
// 1*DIGIT (leading zeros allowed) into value; Overflow when it exceeds max.
NumberStatus parseNumber(std::string_view s, uint64_t max, uint64_t& value);

}  // namespace hk::sip
