#include "tracking/phone_format.hpp"

#include <initializer_list>

namespace hk::tracking {
namespace {

std::string groups(const std::string& d, std::initializer_list<size_t> sizes) {
  std::string out;
  size_t at = 0;
  for (size_t n : sizes) {
    if (at >= d.size()) break;
    if (!out.empty()) out.push_back('-');
    out.append(d, at, n);
    at += n;
  }
  if (at < d.size()) {
    out.push_back('-');
    out.append(d, at);
  }
  return out;
}

bool allDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string formatNational(const std::string& d) {
  if (!allDigits(d) || d[0] != '0') return d;
  if (d.starts_with("0120") && d.size() == 10) return groups(d, {4, 3, 3});
  if (d.starts_with("0800") && d.size() == 11) return groups(d, {4, 3, 4});
  if (d.starts_with("0078")) {
    // 0078-XX-XXXX plus the suffix digits as they come.
    return d.size() > 10 ? groups(d, {4, 2, 4}) : groups(d, {4, 2});
  }
  if (d.size() == 11 && (d.starts_with("050") || d.starts_with("070") || d.starts_with("080") ||
                         d.starts_with("090"))) {
    return groups(d, {3, 4, 4});
  }
  if (d.size() == 10 && (d.starts_with("03") || d.starts_with("06"))) return groups(d, {2, 4, 4});
  if (d.size() == 10) return groups(d, {3, 3, 4});  // most other area codes
  return d;
}

std::string toE164(const std::string& d) {
  if (d.empty() || d[0] == '+') return d;
  if (d[0] == '0') return "+81" + d.substr(1);
  return "+" + d;
}

}  // namespace hk::tracking
