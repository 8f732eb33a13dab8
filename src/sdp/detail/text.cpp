#include "sdp/detail/text.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace hk::sdp::detail {

std::vector<std::string_view> splitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::optional<uint64_t> parseUint(std::string_view s, uint64_t max) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v > max) return std::nullopt;
  return v;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::strchr("!#$%&'*+-.^_`{|}~", c) != nullptr;
    if (!ok || c == '\0') return false;
  }
  return true;
}

bool isNumericAddress(AddrType type, std::string_view address) {
  if (address.empty() || address.size() > 63) return false;
  char buf[64];
  std::memcpy(buf, address.data(), address.size());
  buf[address.size()] = '\0';
  unsigned char out[16];
  return inet_pton(type == AddrType::Ip4 ? AF_INET : AF_INET6, buf, out) == 1;
}

static bool isDomainName(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.front() == '-') return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool isValidAddress(AddrType type, std::string_view address) {
  return isNumericAddress(type, address) || isDomainName(address);
}

bool isUnspecifiedAddress(std::string_view address) {
  if (address == "0.0.0.0") return true;
  if (address.find(':') == std::string_view::npos) return false;
  if (!isNumericAddress(AddrType::Ip6, address)) return false;
  char buf[64];
  std::memcpy(buf, address.data(), address.size());
  buf[address.size()] = '\0';
  unsigned char out[16];
  inet_pton(AF_INET6, buf, out);
  for (unsigned char b : out) {
    if (b != 0) return false;
  }
  return true;
}

std::optional<AddrType> parseAddrType(std::string_view s) {
  if (s == "IP4") return AddrType::Ip4;
  if (s == "IP6") return AddrType::Ip6;
  return std::nullopt;
}

const char* addrTypeName(AddrType t) { return t == AddrType::Ip4 ? "IP4" : "IP6"; }

}  // namespace hk::sdp::detail
