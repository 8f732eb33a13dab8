#pragma once
// Which tracking number a call is for: the dialled digits from the Request-URI (or the To
// header, by trunk), normalised to the national form the inventory stores, then matched
// against the routing directory (exact, else the longest 0078 base number that prefixes
// it: the rest is the arbitrary suffix of SPEC §2).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/number.hpp"
#include "sip/message.hpp"

namespace hk::b2bua {

// "sip:+81312345678@h;user=phone", "tel:0312345678;phone-context=+81",
// "sip:81-3-1234-5678@h", "sip:0312345678@h" -> "0312345678". A number that is not
// Japanese stays E.164 with '+'. Visual separators (-.()) are dropped. Empty when the user
// part is not a number (letters, empty) or has more than 24 digits. domain::normalizePhone
// plus the phone-context of RFC 3966.
std::string normalizeDialled(std::string_view user, std::string_view phone_context = {});

// The dialled number of a request: Request-URI user (or the To URI's user when `from_to`).
hk::Result<std::string> dialledNumber(const sip::Message& invite, bool from_to);

struct NumberMatch {
  domain::TrackingNumber number;  // the inventory row
  std::string suffix;             // arbitrary-suffix digits after a 0078 base number
};

// An immutable snapshot of the routable numbers and of the advertisers' line limits,
// rebuilt when the inventory changes and swapped in by the signalling loop (routing never
// reads the database mid-call).
class Directory {
 public:
  // `advertiser_lines`: advertiser id -> max_lines (0 or absent: unlimited).
  explicit Directory(std::vector<domain::TrackingNumber> numbers,
                     std::map<domain::Id, int> advertiser_lines = {});
  std::optional<NumberMatch> find(const std::string& dialled) const;
  size_t size() const { return exact_.size(); }
  // Concurrent calls the advertiser may hold over all its numbers; 0: unlimited.
  int advertiserMaxLines(domain::Id advertiser) const;

 private:
  std::map<std::string, domain::TrackingNumber> exact_;
  std::map<domain::Id, int> advertiser_lines_;
  // 0078 base numbers, for the longest-prefix match.
  std::map<std::string, const domain::TrackingNumber*> bases_;
};

}  // namespace hk::b2bua
