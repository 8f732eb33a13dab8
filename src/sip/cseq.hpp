#pragma once
// CSeq and RAck (RFC 3262) values.
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hk::sip {

// Largest CSeq and RSeq number (RFC 3261 §8.1.1.5: less than 2**31).
inline constexpr uint32_t kMaxSeq = 0x7fffffff;

struct CSeq {
  uint32_t num = 0;
  std::string_view method;
  std::string toString() const { return std::to_string(num) + " " + std::string(method); }
};

struct RAck {
  uint32_t rseq = 0;
  uint32_t cseq = 0;
  std::string_view method;
};

// "1*DIGIT LWS Method". A number above kMaxSeq fails with Code::TooLarge (the syntax is
// fine, the value is not), other errors with Code::Invalid.
hk::Result<CSeq> parseCSeq(std::string_view value);
// "response-num LWS CSeq-num LWS Method".
hk::Result<RAck> parseRAck(std::string_view value);

}  // namespace hk::sip
