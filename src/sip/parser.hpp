#pragma once
// parseMessage: one UDP datagram, or one message cut out of a stream by Framer, into a
// Message. Untrusted input: never throws, never reads past the data, bounded memory.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/message.hpp"

namespace hk::sip {

struct Limits {
  size_t max_message = 64 * 1024;     // whole message, bytes
  size_t max_headers = 256;           // header fields
  size_t max_header_line = 8 * 1024;  // one header field, folded lines included
  // true for a message framed by a stream transport (TCP, TLS): Content-Length is required
  // and must match the body exactly. false (UDP): a longer body is cut to Content-Length,
  // a shorter one is an error, a missing Content-Length means the rest of the datagram.
  bool stream = false;
};

// Why parsing failed and what to answer. A request whose start line, top Via, From, To,
// Call-ID and CSeq could be parsed gets a response (400, or 505 for another SIP version);
// anything else, and every response, is dropped.
struct ParseFailure {
  int status = 0;      // response to send; 0: drop silently
  std::string reason;  // reason phrase for that response
  // The request as far as it was parsed, for makeResponse(); set when status != 0.
  std::optional<Message> request;

  bool canRespond() const { return status != 0 && request.has_value(); }
};

// The error has Code::TooLarge for size limits, Code::Invalid otherwise; its message says
// what is wrong and `field` names the header when there is one. Pass `failure` to learn
// whether and how to answer.
hk::Result<Message> parseMessage(std::string_view data, const Limits& limits = {},
                                 ParseFailure* failure = nullptr);

}  // namespace hk::sip
