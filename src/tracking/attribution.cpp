#include "tracking/attribution.hpp"

namespace hk::tracking {

const char* reasonName(Reason r) {
  switch (r) {
    case Reason::ActiveLease: return "active_lease";
    case Reason::MatchWindow: return "match_window";
    case Reason::CallerHistory: return "caller_history";
    case Reason::None: return "none";
  }
  return "none";
}

Attribution attribute(const LeaseBook* book, const CallFacts& call, CallerHistory* history) {
  Attribution out;
  if (book) {
    out.pool_id = book->pool().id;
    const std::string number = call.dialled + call.suffix;
    auto holders = book->holdersAt(number, call.at);
    if (!holders.empty()) {
      const HolderAt& first = holders.front();
      out.reason = first.active ? Reason::ActiveLease : Reason::MatchWindow;
      out.visitor_id = first.lease->visitor_id;
      out.lease_id = first.lease->id;
      out.params = first.lease->params;
      out.confidence = first.lease->confidence * (first.active ? 1.0 : kMatchWindowFactor);
      for (size_t i = 1; i < holders.size(); ++i) {
        const HolderAt& h = holders[i];
        out.others.push_back({h.lease->visitor_id, h.lease->id,
                              h.lease->confidence * (h.active ? 1.0 : kMatchWindowFactor)});
      }
      return out;
    }
  }
  if (history && !call.caller_index.empty()) {
    if (auto prior = history->lastFor(call.caller_index, call.at)) {
      if (prior->reason != Reason::None && !prior->visitor_id.empty()) {
        Attribution a = std::move(*prior);
        a.reason = Reason::CallerHistory;
        a.confidence *= kHistoryFactor;
        a.others.clear();
        return a;
      }
    }
  }
  return out;
}

}  // namespace hk::tracking
