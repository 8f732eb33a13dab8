#pragma once
// Responses built from a request, for the transaction layer (100, 400, 404, 503...) and the
// B2BUA.
#include <string_view>

#include "sip/message.hpp"

namespace hk::sip {

// Standard reason phrase of a status code ("Not Found"); "Unknown" for unlisted codes.
std::string_view defaultReason(int status);

// A response to `request`: every Via in order, From, To, Call-ID and CSeq copied (the first
// occurrence of each), Content-Length 0. `to_tag` is added to To when To has no tag yet,
// except on 100 (RFC 3261 §8.2.6.2); a 100 also copies Timestamp. An empty reason uses
// defaultReason(status).
Message makeResponse(const Message& request, int status, std::string_view reason = {},
                     std::string_view to_tag = {});

}  // namespace hk::sip
