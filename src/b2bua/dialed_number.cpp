#include "b2bua/dialed_number.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/phone.hpp"

namespace hk::b2bua {
namespace {

// A 0078 base number and its arbitrary suffix (SPEC §2) may be longer than E.164.
constexpr size_t kMaxDialledDigits = 24;

}  // namespace

std::string normalizeDialled(std::string_view user, std::string_view phone_context) {
  // Strip URI parameters that some carriers glue to the user part ("0312345678;npdi").
  if (auto semi = user.find(';'); semi != std::string_view::npos) user = user.substr(0, semi);
  auto d = domain::parsePhoneDigits(user);
  if (!d || d->digits.size() > kMaxDialledDigits) return {};
  // A local number with a global context (RFC 3966): "tel:312345678;phone-context=+81".
  if (!d->plus && phone_context.size() > 1 && phone_context[0] == '+') {
    auto cc = domain::parsePhoneDigits(phone_context);
    if (cc && cc->plus) {
      // Japan: the local number may carry its trunk 0 ("0312345678") or not.
      if (cc->digits == "81") return domain::nationalFromCountryCode(d->digits);
      return domain::canonicalPhone({cc->digits + d->digits, true});
    }
  }
  return domain::canonicalPhone(*d);
}

hk::Result<std::string> dialledNumber(const sip::Message& invite, bool from_to) {
  sip::Uri uri;
  if (from_to) {
    auto to = invite.to();
    if (!to) return to.error();
    uri = to->uri;
  } else {
    auto ruri = invite.requestUri();
    if (!ruri) return ruri.error();
    uri = *ruri;
  }
  if (uri.scheme == sip::Scheme::Other) {
    return fail(Code::Invalid, "the called URI is neither sip: nor tel:");
  }
  std::string user = uri.userDecoded();
  std::string n = normalizeDialled(user, uri.phoneContext());
  if (n.empty()) return fail(Code::NotFound, fmt::format("'{}' is not a phone number", user));
  return n;
}

Directory::Directory(std::vector<domain::TrackingNumber> numbers,
                     std::map<domain::Id, int> advertiser_lines)
    : advertiser_lines_(std::move(advertiser_lines)) {
  for (auto& n : numbers) {
    if (n.state == domain::NumberState::Released) continue;
    std::string key = n.number;
    exact_.emplace(std::move(key), std::move(n));
  }
  for (const auto& [num, row] : exact_) {
    if (row.type == domain::NumberType::FreeCall0078) bases_.emplace(num, &row);
  }
}

int Directory::advertiserMaxLines(domain::Id advertiser) const {
  auto it = advertiser_lines_.find(advertiser);
  return it == advertiser_lines_.end() ? 0 : std::max(0, it->second);
}

std::optional<NumberMatch> Directory::find(const std::string& dialled) const {
  if (auto it = exact_.find(dialled); it != exact_.end()) return NumberMatch{it->second, {}};
  // Longest base that prefixes the dialled number: walk down from the first key > dialled.
  auto it = bases_.upper_bound(dialled);
  while (it != bases_.begin()) {
    --it;
    const std::string& base = it->first;
    if (dialled.compare(0, base.size(), base) == 0) {
      return NumberMatch{*it->second, dialled.substr(base.size())};
    }
    // Keys sharing no prefix with `dialled` cannot be followed by a shorter one that does,
    // unless it is a prefix of this key too: keep walking while the first digit matches.
    if (base.empty() || base[0] != dialled[0]) break;
  }
  return std::nullopt;
}

}  // namespace hk::b2bua
