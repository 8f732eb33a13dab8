#pragma once
// A SIP request or response. Parsed messages keep one owned copy of the datagram and
// point into it: header values are views, parsed lazily by the typed accessors below.
// Views returned by a Message (and the structs holding them: NameAddr, Via, Uri...) stay
// valid while the Message, or a copy of it, lives. Copies are cheap: they share the
// immutable text.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sip/auth.hpp"
#include "sip/cseq.hpp"
#include "sip/header_names.hpp"
#include "sip/media_type.hpp"
#include "sip/name_addr.hpp"
#include "sip/reason.hpp"
#include "sip/session_timer.hpp"
#include "sip/uri.hpp"
#include "sip/via.hpp"

namespace hk::sip {

namespace detail {
class MessageParser;
}

struct Header {
  HeaderId id = HeaderId::Unknown;
  std::string_view name;   // canonical long form for known headers, as written otherwise
  std::string_view value;  // trimmed; folded lines joined with spaces
};

struct ContactList {
  bool star = false;  // "Contact: *"
  std::vector<NameAddr> contacts;
};

class Message {
 public:
  // An empty request; use request() or response() to start a message from scratch.
  Message() = default;
  static Message request(std::string_view method, std::string_view request_uri);
  static Message response(int status, std::string_view reason);

  // ---- Start line
  bool isRequest() const { return is_request_; }
  bool isResponse() const { return !is_request_; }
  std::string_view method() const { return method_; }  // requests only
  std::string_view requestUriText() const { return uri_; }
  hk::Result<Uri> requestUri() const;
  int status() const { return status_; }  // responses only
  std::string_view reason() const { return reason_; }

  // ---- Raw headers, in order
  const std::vector<Header>& headers() const { return headers_; }
  // Value of the first header with this name (long or compact form, any case).
  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> header(HeaderId id) const;
  // Every value of the header: all its occurrences, and for list headers (Via, Contact,
  // Route, Supported...) each comma-separated element, split respecting quotes and <>.
  std::vector<std::string_view> headerValues(std::string_view name) const;
  std::vector<std::string_view> headerValues(HeaderId id) const;
  size_t headerCount(HeaderId id) const;
  std::string_view body() const { return body_; }

  // ---- Typed accessors. A missing header gives Code::NotFound; a malformed one
  // Code::Invalid (or TooLarge for numbers out of range) naming the header in `field`.
  hk::Result<std::string_view> callId() const;
  hk::Result<CSeq> cseq() const;
  hk::Result<NameAddr> from() const;
  hk::Result<NameAddr> to() const;
  hk::Result<std::vector<Via>> vias() const;
  hk::Result<Via> topVia() const;
  hk::Result<uint32_t> maxForwards() const;
  hk::Result<ContactList> contacts() const;
  hk::Result<std::vector<NameAddr>> routes() const;
  hk::Result<std::vector<NameAddr>> recordRoutes() const;
  hk::Result<uint64_t> contentLength() const;
  hk::Result<MediaType> contentType() const;
  hk::Result<uint32_t> expires() const;
  // Comma-separated option tags or methods of every occurrence (Require, Supported,
  // Proxy-Require, Unsupported, Allow).
  hk::Result<std::vector<std::string_view>> tokens(HeaderId id) const;
  hk::Result<std::vector<std::string_view>> require() const { return tokens(HeaderId::Require); }
  hk::Result<std::vector<std::string_view>> supported() const {
    return tokens(HeaderId::Supported);
  }
  hk::Result<std::vector<NameAddr>> pAssertedIdentity() const;
  hk::Result<std::vector<std::string_view>> privacy() const;
  hk::Result<uint32_t> rseq() const;
  hk::Result<RAck> rack() const;
  hk::Result<SessionExpires> sessionExpires() const;
  hk::Result<MinSE> minSE() const;
  hk::Result<std::vector<Reason>> reasons() const;
  hk::Result<RetryAfter> retryAfter() const;
  // One AuthValue per occurrence of WWW-Authenticate, Proxy-Authenticate, Authorization or
  // Proxy-Authorization.
  hk::Result<std::vector<AuthValue>> auth(HeaderId id) const;

  // ---- Mutators (for a B2BUA building or rewriting messages). Names may be compact or
  // any case; known names are stored in their canonical form. CR and LF in values become
  // spaces, so a value can never inject a header.
  void setRequestLine(std::string_view method, std::string_view request_uri);
  void setStatusLine(int status, std::string_view reason);
  // Replaces the first occurrence in place and removes the others; appends when absent.
  void setHeader(std::string_view name, std::string_view value);
  void addHeader(std::string_view name, std::string_view value);
  // Inserts before the header at `index` (appends when index >= headers().size()).
  void insertHeader(size_t index, std::string_view name, std::string_view value);
  // Removes every occurrence; returns how many there were.
  size_t removeHeader(std::string_view name);
  // Adds a Via on top of the others.
  void pushVia(std::string_view value);
  // Sets the body and its Content-Length; sets Content-Type when given.
  void setBody(std::string_view body, std::string_view content_type = {});

  // ---- Serialization (serializer.cpp): headers in order, long names, Content-Length
  // recomputed from the body (one header, where the first one was, or at the end).
  std::string toString() const;
  void appendTo(std::string& out) const;

 private:
  friend class detail::MessageParser;

  // Copies s into storage owned by this message (and its copies) and returns a view.
  std::string_view keep(std::string_view s);
  std::string_view keepValue(std::string_view s);
  Header makeHeader(std::string_view name, std::string_view value);
  size_t indexOf(HeaderId id, std::string_view name) const;
  bool matches(const Header& h, HeaderId id, std::string_view name) const;

  std::vector<std::shared_ptr<char[]>> chunks_;
  bool is_request_ = true;
  std::string_view method_;
  std::string_view uri_;
  int status_ = 0;
  std::string_view reason_;
  std::vector<Header> headers_;
  std::string_view body_;
};

}  // namespace hk::sip
