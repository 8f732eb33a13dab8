#include "sip/detail/transport_via.hpp"

#include <string>
#include <vector>

#include "sip/params.hpp"
#include "sip/text.hpp"

namespace hk::sip::detail {
namespace {

std::string_view unbracket(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

}  // namespace

void stampReceived(Message& request, const Via& top, std::string_view address, uint16_t port) {
  bool same_host = iequals(unbracket(top.host), address);
  if (same_host && !top.rport) return;

  std::string value;
  value.reserve(top.host.size() + top.params.raw().size() + address.size() + 48);
  value.append(top.protocol).append("/").append(top.version).append("/");
  value.append(top.transport).append(" ").append(top.host);
  if (top.port) value.append(":").append(std::to_string(*top.port));
  // Keep every parameter as written except received and rport, which are rewritten.
  std::string_view rest = top.params.raw();
  while (!rest.empty()) {
    std::string_view before = rest;
    Param p;
    if (!scanParam(rest, p, ParamStyle::Header)) break;
    if (iequals(p.name, "received") || iequals(p.name, "rport")) continue;
    std::string_view span = before.substr(0, before.size() - rest.size());
    value.append(trim(span));
  }
  value.append(";received=").append(address);
  if (top.rport) value.append(";rport=").append(std::to_string(port));

  // Rebuild the Via block: the new top value, then every other Via element in order.
  std::vector<std::string_view> vias = request.headerValues(HeaderId::Via);
  size_t first = 0;
  const auto& headers = request.headers();
  while (first < headers.size() && headers[first].id != HeaderId::Via) ++first;
  request.removeHeader("Via");
  request.insertHeader(first, "Via", value);
  for (size_t i = 1; i < vias.size(); ++i) request.insertHeader(first + i, "Via", vias[i]);
}

}  // namespace hk::sip::detail
