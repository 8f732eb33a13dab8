#pragma once
// Header names: the known ones get an id and a canonical long form; compact forms
// (i m e l c f s k t v o u r b x y a j d n) map to their long form. Lookups are
// case-insensitive.
#include <cstdint>
#include <string_view>

namespace hk::sip {

enum class HeaderId : uint8_t {
  Unknown,
  Accept,
  AcceptContact,
  AcceptEncoding,
  AcceptLanguage,
  AlertInfo,
  Allow,
  AllowEvents,
  AuthenticationInfo,
  Authorization,
  CallId,
  CallInfo,
  Contact,
  ContentDisposition,
  ContentEncoding,
  ContentLanguage,
  ContentLength,
  ContentType,
  CSeq,
  Date,
  ErrorInfo,
  Event,
  Expires,
  From,
  Identity,
  IdentityInfo,
  InReplyTo,
  MaxForwards,
  MinExpires,
  MinSE,
  MimeVersion,
  Organization,
  PAssertedIdentity,
  PPreferredIdentity,
  Priority,
  Privacy,
  ProxyAuthenticate,
  ProxyAuthorization,
  ProxyRequire,
  RAck,
  Reason,
  RecordRoute,
  ReferTo,
  ReferredBy,
  RejectContact,
  Replaces,
  ReplyTo,
  RequestDisposition,
  Require,
  RetryAfter,
  Route,
  RSeq,
  Server,
  SessionExpires,
  Subject,
  Supported,
  Timestamp,
  To,
  Unsupported,
  UserAgent,
  Via,
  Warning,
  WWWAuthenticate,
  Count_,
};

// The id of a header name (long or compact form, any case); Unknown for others.
HeaderId headerId(std::string_view name);
// Canonical long form ("Call-ID", "CSeq", "WWW-Authenticate"); empty for Unknown.
std::string_view canonicalName(HeaderId id);
// Headers whose values may be comma-separated lists (RFC 3261 §7.3.1).
bool isListHeader(HeaderId id);

}  // namespace hk::sip
