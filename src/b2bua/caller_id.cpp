#include "b2bua/caller_id.hpp"

#include <algorithm>
#include <cctype>

#include "b2bua/dialed_number.hpp"

namespace hk::b2bua {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (iequals(hay.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

}  // namespace

domain::DeviceType deviceTypeOf(const std::string& n) {
  auto starts = [&](const char* p) { return n.rfind(p, 0) == 0; };
  if (n.empty()) return domain::DeviceType::Unknown;
  if (starts("070") || starts("080") || starts("090")) {
    return n.size() == 11 ? domain::DeviceType::Mobile : domain::DeviceType::Unknown;
  }
  if (starts("050")) return domain::DeviceType::Ip;
  if (starts("0120") || starts("0800") || starts("0570") || starts("0990")) {
    return domain::DeviceType::Unknown;
  }
  if (starts("0") && !starts("00") && n.size() == 10) return domain::DeviceType::Fixed;
  return domain::DeviceType::Unknown;
}

CallerIdentity callerIdentity(const sip::Message& invite, CallerSource source) {
  CallerIdentity id;
  std::optional<sip::NameAddr> who;
  if (source == CallerSource::PAssertedIdentity) {
    auto pai = invite.pAssertedIdentity();
    if (pai && !pai->empty()) {
      // Prefer a tel: or a sip: URI with a number; the first otherwise.
      who = pai->front();
      for (const auto& a : *pai) {
        if (a.uri.scheme == sip::Scheme::Tel) who = a;
      }
    }
  }
  if (!who) {
    auto from = invite.from();
    if (from) who = *from;
  }
  if (auto privacy = invite.privacy(); privacy) {
    for (auto v : *privacy) {
      if (iequals(v, "id") || iequals(v, "user") || iequals(v, "header")) {
        id.privacy_requested = true;
      }
    }
  }
  if (!who) {
    id.type = domain::DeviceType::Unavailable;
    return id;
  }
  std::string display = who->displayName();
  std::string user = who->uri.userDecoded();
  std::string_view cpc = who->uri.param("cpc").value_or("");
  if (iequals(cpc, "payphone") || icontains(display, "payphone")) {
    id.type = domain::DeviceType::Payphone;
    return id;
  }
  if (iequals(display, "Unavailable") || icontains(display, "Interaction with other service")) {
    id.type = domain::DeviceType::Unavailable;
    return id;
  }
  bool anonymous = iequals(user, "anonymous") || iequals(display, "anonymous") ||
                   iequals(who->uri.host, "anonymous.invalid");
  // Japanese per-call prefixes: 184 withholds, 186 presents.
  std::string digits = user;
  if (digits.rfind("184", 0) == 0 && digits.size() > 3) {
    id.privacy_requested = true;
    digits = digits.substr(3);
  } else if (digits.rfind("186", 0) == 0 && digits.size() > 3) {
    digits = digits.substr(3);
  }
  if (anonymous || id.privacy_requested) {
    id.type = domain::DeviceType::Withheld;
    return id;  // the number is never kept
  }
  id.number = normalizeDialled(digits, who->uri.phoneContext());
  if (id.number.empty()) {
    id.type = domain::DeviceType::Unavailable;
    return id;
  }
  id.type = deviceTypeOf(id.number);
  return id;
}

}  // namespace hk::b2bua
