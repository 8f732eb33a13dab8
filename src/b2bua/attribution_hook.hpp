#pragma once
// The hook through which a call is attributed to a web visitor when it arrives (SPEC §3).
// The B2BUA calls it on its loop, once, when the call-log record is first filled (so the
// in-progress row shows it); the owner (src/app) wires it to the tracking registry. It must
// not block: no database, no network.
#include <functional>
#include <string>

#include "base/clock.hpp"

namespace hk::domain {
struct CallRecord;
}

namespace hk::b2bua {

struct AttributionQuery {
  std::string number;        // the inventory number called (a 0078 base number for a suffix)
  std::string suffix;        // arbitrary-suffix digits dialled after it (may be empty)
  std::string caller_index;  // blind index of the caller's number; empty: withheld
  WallTime at{};             // when the call arrived
};

// Fills the record's attribution fields (visitor_id, lease_id, pool_id, attribution,
// attribution_confidence, attribution_candidates, params).
using AttributeFn = std::function<void(const AttributionQuery&, domain::CallRecord&)>;

}  // namespace hk::b2bua
