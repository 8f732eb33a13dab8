#pragma once
// Via stamping of incoming requests (RFC 3261 §18.2.1, RFC 3581 §4).
#include <cstdint>
#include <string_view>

#include "sip/message.hpp"

namespace hk::sip::detail {

// Adds `received` to the top Via of a request that arrived from address:port when its
// sent-by host differs from the address (or is a name), and when it asks for rport;
// fills in rport=port when the client asked for it. Other Vias keep their order.
void stampReceived(Message& request, const Via& top, std::string_view address, uint16_t port);

}  // namespace hk::sip::detail
