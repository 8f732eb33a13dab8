#pragma once
// Cuts a byte stream (TCP, TLS) into SIP messages by their Content-Length (RFC 3261
// §18.3). CRLF keep-alives between messages are skipped; a CRLFCRLF ping is counted so the
// transport can answer it with a CRLF pong (RFC 5626 §3.5.1). Buffered bytes are capped.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/parser.hpp"

namespace hk::sip {

class Framer {
 public:
  // Bytes kept while waiting for the end of a message: limits.max_message by default.
  explicit Framer(Limits limits = {}, size_t max_buffered = 0);

  // Appends bytes read from the stream. An error (too many bytes buffered) means the
  // connection must be closed.
  hk::Status feed(std::string_view bytes);
  // The next complete message, to give to parseMessage() with limits().stream = true.
  // The view stays valid until the next feed() or next(). An error (no or bad
  // Content-Length, header block or message over the limits) means the stream cannot be
  // resynchronised: close the connection.
  hk::Result<std::optional<std::string_view>> next();

  // Keep-alive pings (CRLFCRLF) seen since the last call.
  size_t takePings();
  size_t buffered() const { return buf_.size() - pos_; }
  const Limits& limits() const { return limits_; }

 private:
  Limits limits_;
  size_t max_buffered_;
  std::string buf_;
  size_t pos_ = 0;      // start of the unconsumed bytes in buf_
  size_t scanned_ = 0;  // bytes after pos_ already searched for the end of the header block
  size_t total_ = 0;    // size of the message at pos_ once its header block is known
  size_t pings_ = 0;
  bool broken_ = false;
};

}  // namespace hk::sip
