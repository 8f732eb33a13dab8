#include "sip/header_names.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include "sip/detail/chars.hpp"

namespace hk::sip {
namespace {

struct Entry {
  std::string_view lower;
  HeaderId id;
};

// Sorted by lower-case name.
constexpr Entry kByName[] = {
    {"accept", HeaderId::Accept},
    {"accept-contact", HeaderId::AcceptContact},
    {"accept-encoding", HeaderId::AcceptEncoding},
    {"accept-language", HeaderId::AcceptLanguage},
    {"alert-info", HeaderId::AlertInfo},
    {"allow", HeaderId::Allow},
    {"allow-events", HeaderId::AllowEvents},
    {"authentication-info", HeaderId::AuthenticationInfo},
    {"authorization", HeaderId::Authorization},
    {"call-id", HeaderId::CallId},
    {"call-info", HeaderId::CallInfo},
    {"contact", HeaderId::Contact},
    {"content-disposition", HeaderId::ContentDisposition},
    {"content-encoding", HeaderId::ContentEncoding},
    {"content-language", HeaderId::ContentLanguage},
    {"content-length", HeaderId::ContentLength},
    {"content-type", HeaderId::ContentType},
    {"cseq", HeaderId::CSeq},
    {"date", HeaderId::Date},
    {"error-info", HeaderId::ErrorInfo},
    {"event", HeaderId::Event},
    {"expires", HeaderId::Expires},
    {"from", HeaderId::From},
    {"identity", HeaderId::Identity},
    {"identity-info", HeaderId::IdentityInfo},
    {"in-reply-to", HeaderId::InReplyTo},
    {"max-forwards", HeaderId::MaxForwards},
    {"mime-version", HeaderId::MimeVersion},
    {"min-expires", HeaderId::MinExpires},
    {"min-se", HeaderId::MinSE},
    {"organization", HeaderId::Organization},
    {"p-asserted-identity", HeaderId::PAssertedIdentity},
    {"p-preferred-identity", HeaderId::PPreferredIdentity},
    {"priority", HeaderId::Priority},
    {"privacy", HeaderId::Privacy},
    {"proxy-authenticate", HeaderId::ProxyAuthenticate},
    {"proxy-authorization", HeaderId::ProxyAuthorization},
    {"proxy-require", HeaderId::ProxyRequire},
    {"rack", HeaderId::RAck},
    {"reason", HeaderId::Reason},
    {"record-route", HeaderId::RecordRoute},
    {"refer-to", HeaderId::ReferTo},
    {"referred-by", HeaderId::ReferredBy},
    {"reject-contact", HeaderId::RejectContact},
    {"replaces", HeaderId::Replaces},
    {"reply-to", HeaderId::ReplyTo},
    {"request-disposition", HeaderId::RequestDisposition},
    {"require", HeaderId::Require},
    {"retry-after", HeaderId::RetryAfter},
    {"route", HeaderId::Route},
    {"rseq", HeaderId::RSeq},
    {"server", HeaderId::Server},
    {"session-expires", HeaderId::SessionExpires},
    {"subject", HeaderId::Subject},
    {"supported", HeaderId::Supported},
    {"timestamp", HeaderId::Timestamp},
    {"to", HeaderId::To},
    {"unsupported", HeaderId::Unsupported},
    {"user-agent", HeaderId::UserAgent},
    {"via", HeaderId::Via},
    {"warning", HeaderId::Warning},
    {"www-authenticate", HeaderId::WWWAuthenticate},
};

constexpr std::string_view kCanonical[] = {
    "",
    "Accept",
    "Accept-Contact",
    "Accept-Encoding",
    "Accept-Language",
    "Alert-Info",
    "Allow",
    "Allow-Events",
    "Authentication-Info",
    "Authorization",
    "Call-ID",
    "Call-Info",
    "Contact",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Content-Length",
    "Content-Type",
    "CSeq",
    "Date",
    "Error-Info",
    "Event",
    "Expires",
    "From",
    "Identity",
    "Identity-Info",
    "In-Reply-To",
    "Max-Forwards",
    "Min-Expires",
    "Min-SE",
    "MIME-Version",
    "Organization",
    "P-Asserted-Identity",
    "P-Preferred-Identity",
    "Priority",
    "Privacy",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "Proxy-Require",
    "RAck",
    "Reason",
    "Record-Route",
    "Refer-To",
    "Referred-By",
    "Reject-Contact",
    "Replaces",
    "Reply-To",
    "Request-Disposition",
    "Require",
    "Retry-After",
    "Route",
    "RSeq",
    "Server",
    "Session-Expires",
    "Subject",
    "Supported",
    "Timestamp",
    "To",
    "Unsupported",
    "User-Agent",
    "Via",
    "Warning",
    "WWW-Authenticate",
};
static_assert(std::size(kCanonical) == static_cast<size_t>(HeaderId::Count_));

HeaderId compact(char c) {
  switch (detail::lower(c)) {
    case 'a': return HeaderId::AcceptContact;
    case 'b': return HeaderId::ReferredBy;
    case 'c': return HeaderId::ContentType;
    case 'd': return HeaderId::RequestDisposition;
    case 'e': return HeaderId::ContentEncoding;
    case 'f': return HeaderId::From;
    case 'i': return HeaderId::CallId;
    case 'j': return HeaderId::RejectContact;
    case 'k': return HeaderId::Supported;
    case 'l': return HeaderId::ContentLength;
    case 'm': return HeaderId::Contact;
    case 'n': return HeaderId::IdentityInfo;
    case 'o': return HeaderId::Event;
    case 'r': return HeaderId::ReferTo;
    case 's': return HeaderId::Subject;
    case 't': return HeaderId::To;
    case 'u': return HeaderId::AllowEvents;
    case 'v': return HeaderId::Via;
    case 'x': return HeaderId::SessionExpires;
    case 'y': return HeaderId::Identity;
    default: return HeaderId::Unknown;
  }
}

}  // namespace

HeaderId headerId(std::string_view name) {
  if (name.size() == 1) return compact(name[0]);
  constexpr size_t kMax = 24;
  if (name.empty() || name.size() > kMax) return HeaderId::Unknown;
  char buf[kMax];
  for (size_t i = 0; i < name.size(); ++i) buf[i] = detail::lower(name[i]);
  std::string_view key(buf, name.size());
  auto it = std::lower_bound(std::begin(kByName), std::end(kByName), key,
                             [](const Entry& e, std::string_view k) { return e.lower < k; });
  if (it != std::end(kByName) && it->lower == key) return it->id;
  return HeaderId::Unknown;
}

std::string_view canonicalName(HeaderId id) {
  auto i = static_cast<size_t>(id);
  return i < std::size(kCanonical) ? kCanonical[i] : std::string_view();
}

bool isListHeader(HeaderId id) {
  switch (id) {
    case HeaderId::Accept:
    case HeaderId::AcceptContact:
    case HeaderId::AcceptEncoding:
    case HeaderId::AcceptLanguage:
    case HeaderId::AlertInfo:
    case HeaderId::Allow:
    case HeaderId::AllowEvents:
    case HeaderId::CallInfo:
    case HeaderId::Contact:
    case HeaderId::ContentEncoding:
    case HeaderId::ContentLanguage:
    case HeaderId::ErrorInfo:
    case HeaderId::InReplyTo:
    case HeaderId::PAssertedIdentity:
    case HeaderId::PPreferredIdentity:
    case HeaderId::ProxyRequire:
    case HeaderId::Reason:
    case HeaderId::RecordRoute:
    case HeaderId::RejectContact:
    case HeaderId::RequestDisposition:
    case HeaderId::Require:
    case HeaderId::Route:
    case HeaderId::Supported:
    case HeaderId::Unsupported:
    case HeaderId::Via:
    case HeaderId::Warning: return true;
    default: return false;
  }
}

}  // namespace hk::sip
