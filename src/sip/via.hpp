#pragma once
// Via header values: sent-protocol, sent-by and parameters. Views over the header value.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sip/params.hpp"

namespace hk::sip {

struct Via {
  std::string_view protocol;   // "SIP"
  std::string_view version;    // "2.0"
  std::string_view transport;  // "UDP", "TCP", "TLS", "SCTP", "WS"... as written
  std::string_view host;       // IPv6 references keep their brackets
  std::optional<uint16_t> port;
  Params params;

  std::string_view branch;    // empty when absent
  std::string_view received;  // empty when absent
  std::string_view maddr;
  bool rport = false;  // rport present, with or without a value
  std::optional<uint16_t> rport_value;
  std::optional<uint8_t> ttl;

  // RFC 3261 branch (starts with the magic cookie z9hG4bK).
  bool hasRfc3261Branch() const;
  // "SIP/2.0/UDP host:port;params"
  std::string toString() const;
};

hk::Result<Via> parseVia(std::string_view value);
// A header value that may hold several comma-separated Vias.
hk::Result<std::vector<Via>> parseViaList(std::string_view value);

}  // namespace hk::sip
