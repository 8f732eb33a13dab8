#pragma once
// A call that arrives, attributed (SPEC §3): the registry's pool holding the dialled number
// decides (active lease -> match window), else the caller's history, else nobody; the result
// goes on the call-log record and, when it came from a lease, into the caller's history.
// Runs on the SIP loop: it takes one pool's lock for a lookup, never touches the store.
#include "tracking/attribution.hpp"
#include "tracking/caller_history.hpp"
#include "tracking/registry.hpp"

namespace hk::domain {
struct CallRecord;
}

namespace hk::tracking {

// Attributes the call and records a direct attribution in `history` (may be null).
Attribution attributeCall(Registry& registry, CallerHistoryIndex* history, const CallFacts& call);

// Fills the record's attribution fields: visitor_id, lease_id, pool_id, attribution (the
// reasonName), attribution_confidence, attribution_candidates (the other visitors) and the
// visitor's tracking parameters in `params` (the lease's: the last touch while it lived;
// a key already on the record keeps its value). Reason None sets `attribution` ("none")
// and, for a pooled number, pool_id only.
void fillRecord(const Attribution& a, domain::CallRecord& r);

}  // namespace hk::tracking
