#pragma once
// Single-number and token-list header values: Expires, Max-Forwards, RSeq,
// Content-Length, Call-ID, Require/Supported/Allow lists, Privacy.
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hk::sip {

// delta-seconds; values beyond 2**32-1 are taken as 2**32-1 (RFC 3261 §20.19).
hk::Result<uint32_t> parseDeltaSeconds(std::string_view value);
// 0..255; a larger number fails with Code::TooLarge.
hk::Result<uint32_t> parseMaxForwards(std::string_view value);
// 1..2**31-1 (RFC 3262).
hk::Result<uint32_t> parseRSeq(std::string_view value);
// 1*DIGIT; a number beyond max fails with Code::TooLarge.
hk::Result<uint64_t> parseContentLength(std::string_view value, uint64_t max);
// word ["@" word], no whitespace.
bool isValidCallId(std::string_view value);
// Comma-separated tokens (Require, Supported, Allow, Proxy-Require, Unsupported); an empty
// value is an empty list.
hk::Result<std::vector<std::string_view>> parseTokenList(std::string_view value);
// priv-value *( ";" priv-value ) (RFC 3323).
hk::Result<std::vector<std::string_view>> parsePrivacy(std::string_view value);

}  // namespace hk::sip
