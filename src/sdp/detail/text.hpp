#pragma once
// Small text helpers shared by the SDP parser and the offer/answer code.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sdp/session.hpp"

namespace hk::sdp::detail {

// Splits on runs of spaces and tabs; no empty tokens.
std::vector<std::string_view> splitWords(std::string_view s);

// Digits only (no sign, no spaces), value <= max.
std::optional<uint64_t> parseUint(std::string_view s, uint64_t max);

bool iequals(std::string_view a, std::string_view b);

// A token as RFC 4566 allows for names and protocols (letters, digits, !#$%&'*+-.^_`{|}~).
bool isToken(std::string_view s);

// A numeric address of that family (inet_pton), or a domain name made of letters, digits,
// '-' and '.'.
bool isValidAddress(AddrType type, std::string_view address);
bool isNumericAddress(AddrType type, std::string_view address);
// 0.0.0.0 or :: (RFC 2543 hold).
bool isUnspecifiedAddress(std::string_view address);

std::optional<AddrType> parseAddrType(std::string_view s);
const char* addrTypeName(AddrType t);

}  // namespace hk::sdp::detail
