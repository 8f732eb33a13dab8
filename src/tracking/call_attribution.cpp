#include "tracking/call_attribution.hpp"

#include "domain/call_record.hpp"

namespace hk::tracking {

Attribution attributeCall(Registry& registry, CallerHistoryIndex* history, const CallFacts& call) {
  Attribution a = registry.attribute(call, history);
  if (history) history->record(call.caller_index, a, call.at);
  return a;
}

void fillRecord(const Attribution& a, domain::CallRecord& r) {
  r.attribution = reasonName(a.reason);
  if (a.pool_id != 0) r.pool_id = a.pool_id;  // a pooled number's stray call keeps its pool
  if (a.reason == Reason::None) return;
  r.visitor_id = a.visitor_id;
  r.lease_id = a.lease_id;
  r.attribution_confidence = a.confidence;
  r.attribution_candidates.clear();
  for (const auto& o : a.others) r.attribution_candidates.push_back(o.visitor_id);
  for (const auto& [k, v] : a.params) r.params.emplace(k, v);
}

}  // namespace hk::tracking
