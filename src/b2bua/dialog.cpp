#include "b2bua/dialog.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/ids.hpp"

namespace hk::b2bua {

sip::Message Dialog::request(std::string_view method, std::string_view via, uint32_t cseq) {
  uint32_t n = cseq ? cseq : ++local_cseq;
  auto m = sip::Message::request(method, remote_target);
  if (!via.empty()) m.addHeader("Via", via);
  for (const auto& r : route_set) m.addHeader("Route", r);
  m.addHeader("Max-Forwards", "70");
  m.addHeader("From", local);
  m.addHeader("To", remote);
  m.addHeader("Call-ID", call_id);
  m.addHeader("CSeq", fmt::format("{} {}", n, method));
  return m;
}

std::vector<std::string> uacRouteSet(const sip::Message& response) {
  std::vector<std::string> out;
  for (auto rr : response.headerValues(sip::HeaderId::RecordRoute)) out.emplace_back(rr);
  std::reverse(out.begin(), out.end());
  return out;
}

std::string newBranch() { return "z9hG4bK" + randomHex(10); }

std::string contactUri(const sip::Message& m, std::string_view fallback) {
  auto c = m.contacts();
  if (c && !c->star && !c->contacts.empty()) return c->contacts.front().uri.toString();
  return std::string(fallback);
}

}  // namespace hk::b2bua
