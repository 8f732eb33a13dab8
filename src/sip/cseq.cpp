#include "sip/cseq.hpp"

#include "sip/detail/chars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

// Splits "a LWS b" at the first whitespace run; false when there is none.
bool splitWs(std::string_view s, std::string_view& first, std::string_view& rest) {
  size_t i = 0;
  while (i < s.size() && !detail::isWs(s[i])) ++i;
  if (i == s.size()) return false;
  first = s.substr(0, i);
  rest = trim(s.substr(i));
  return true;
}

hk::Result<uint32_t> seqNumber(std::string_view text, const char* what) {
  uint64_t v = 0;
  switch (parseNumber(text, kMaxSeq, v)) {
    case NumberStatus::Ok: return static_cast<uint32_t>(v);
    case NumberStatus::Overflow:
      return hk::fail(hk::Code::TooLarge, std::string(what) + " number out of range");
    case NumberStatus::Invalid: break;
  }
  return hk::Error::invalid(std::string("bad ") + what + " number");
}

}  // namespace

hk::Result<CSeq> parseCSeq(std::string_view value) {
  std::string_view num;
  std::string_view method;
  if (!splitWs(trim(value), num, method) || !isToken(method)) {
    return hk::Error::invalid("bad CSeq", "CSeq");
  }
  auto n = seqNumber(num, "CSeq");
  if (!n) return n.error();
  return CSeq{*n, method};
}

hk::Result<RAck> parseRAck(std::string_view value) {
  std::string_view rseq;
  std::string_view rest;
  if (!splitWs(trim(value), rseq, rest)) return hk::Error::invalid("bad RAck", "RAck");
  auto cseq = parseCSeq(rest);
  if (!cseq) return cseq.error();
  uint64_t v = 0;
  if (parseNumber(rseq, 0xffffffff, v) != NumberStatus::Ok || v == 0) {
    return hk::Error::invalid("bad RAck response number", "RAck");
  }
  return RAck{static_cast<uint32_t>(v), cseq->num, cseq->method};
}

}  // namespace hk::sip
