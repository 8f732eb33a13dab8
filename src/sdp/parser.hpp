#pragma once
// parse: an SDP body (RFC 4566) from the network into a Session. Untrusted input: never
// throws, bounded by Limits, every error says which line and why. serialize: the reverse,
// CRLF line ends, RFC 4566 line order.
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sdp/session.hpp"

namespace hk::sdp {

struct Limits {
  size_t max_bytes = 16 * 1024;  // whole body
  size_t max_line = 1024;        // one line, bytes
  size_t max_lines = 256;
  size_t max_media = 8;        // m= sections
  size_t max_formats = 32;     // formats on one m= line
  size_t max_attributes = 64;  // a= lines in one section (session or media)
};

// Errors: Code::TooLarge when a limit is hit, Code::Invalid otherwise; `field` is "line N"
// (1-based) when one line is at fault. Lines may end in CRLF or LF; unknown line types (as
// y= from some 3GPP peers) are skipped, as are r=, z= and k=; a missing t= reads as t=0 0.
Result<Session> parse(std::string_view text, const Limits& limits = {});

std::string serialize(const Session& session);

}  // namespace hk::sdp
