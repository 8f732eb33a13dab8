#pragma once
// One side of a SIP dialog as Hankyo sees it, and the requests sent inside it (BYE,
// re-INVITE, ACK). Header values are kept whole as they will be written (tags included).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sip/message.hpp"

namespace hk::b2bua {

struct Dialog {
  std::string call_id;
  std::string local;          // our From value in requests we send, with our tag
  std::string remote;         // our To value, with the peer's tag once known
  std::string remote_target;  // Request-URI: the peer's Contact
  // Route set (RFC 3261 §12.1.2: the Record-Route of the peer's response, reversed), one
  // name-addr per entry; loose routing: each becomes a Route header, in order.
  std::vector<std::string> route_set;
  uint32_t local_cseq = 1;
  bool established = false;

  // A request in the dialog with the next CSeq (or `cseq` when not 0: ACK, CANCEL). An empty
  // `via` adds none (the transaction layer adds its own).
  sip::Message request(std::string_view method, std::string_view via, uint32_t cseq = 0);
};

// The route set a UAC learns from a response that creates or confirms a dialog: its
// Record-Route entries in reverse order.
std::vector<std::string> uacRouteSet(const sip::Message& response);

// "z9hG4bK" + random hex.
std::string newBranch();
// The Contact URI of a message ("sip:x@h:p"), or `fallback` when it has none.
std::string contactUri(const sip::Message& m, std::string_view fallback);

}  // namespace hk::b2bua
