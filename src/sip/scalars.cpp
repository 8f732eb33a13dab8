#include "sip/scalars.hpp"

#include <string>

#include "sip/cseq.hpp"
#include "sip/detail/chars.hpp"
#include "sip/text.hpp"

namespace hk::sip {

hk::Result<uint32_t> parseDeltaSeconds(std::string_view value) {
  uint64_t v = 0;
  switch (parseNumber(trim(value), 0xffffffff, v)) {
    case NumberStatus::Ok: return static_cast<uint32_t>(v);
    case NumberStatus::Overflow: return uint32_t{0xffffffff};
    case NumberStatus::Invalid: break;
  }
  return hk::Error::invalid("bad delta-seconds");
}

hk::Result<uint32_t> parseMaxForwards(std::string_view value) {
  uint64_t v = 0;
  switch (parseNumber(trim(value), 255, v)) {
    case NumberStatus::Ok: return static_cast<uint32_t>(v);
    case NumberStatus::Overflow:
      return hk::fail(hk::Code::TooLarge, "Max-Forwards above 255", "Max-Forwards");
    case NumberStatus::Invalid: break;
  }
  return hk::Error::invalid("bad Max-Forwards", "Max-Forwards");
}

hk::Result<uint32_t> parseRSeq(std::string_view value) {
  uint64_t v = 0;
  if (parseNumber(trim(value), kMaxSeq, v) != NumberStatus::Ok || v == 0) {
    return hk::Error::invalid("bad RSeq", "RSeq");
  }
  return static_cast<uint32_t>(v);
}

hk::Result<uint64_t> parseContentLength(std::string_view value, uint64_t max) {
  uint64_t v = 0;
  switch (parseNumber(trim(value), max, v)) {
    case NumberStatus::Ok: return v;
    case NumberStatus::Overflow:
      return hk::fail(hk::Code::TooLarge, "Content-Length too large", "Content-Length");
    case NumberStatus::Invalid: break;
  }
  return hk::Error::invalid("bad Content-Length", "Content-Length");
}

bool isValidCallId(std::string_view value) {
  size_t at = value.find('@');
  if (at == std::string_view::npos) return detail::allOf(value, detail::kWord);
  return detail::allOf(value.substr(0, at), detail::kWord) &&
         detail::allOf(value.substr(at + 1), detail::kWord);
}

hk::Result<std::vector<std::string_view>> parseTokenList(std::string_view value) {
  std::vector<std::string_view> out;
  if (trim(value).empty()) return out;
  for (std::string_view item : splitList(value)) {
    if (!isToken(item)) return hk::Error::invalid("bad option tag '" + std::string(item) + "'");
    out.push_back(item);
  }
  return out;
}

hk::Result<std::vector<std::string_view>> parsePrivacy(std::string_view value) {
  std::vector<std::string_view> out;
  std::string_view rest = trim(value);
  while (true) {
    size_t semi = rest.find(';');
    std::string_view item = trim(rest.substr(0, semi));
    if (!isToken(item)) return hk::Error::invalid("bad Privacy value", "Privacy");
    out.push_back(item);
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return out;
}

}  // namespace hk::sip
