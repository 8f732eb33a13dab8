#pragma once
// Which web visitor a call belongs to (SPEC §3): the lease live on the dialled number at
// the time of the call, else the last holder whose lease ended inside the pool's match
// window, else this caller's earlier attributed call, else nobody. A shared number (pool
// exhausted, ShareLru) has several candidates: the latest issued wins, the others are listed.
#include <optional>
#include <string>
#include <vector>

#include "tracking/lease_book.hpp"

namespace hk::tracking {

enum class Reason { ActiveLease, MatchWindow, CallerHistory, None };
const char* reasonName(Reason r);

struct Candidate {
  std::string visitor_id;
  std::string lease_id;
  double confidence = 0;
};

struct Attribution {
  Reason reason = Reason::None;
  domain::Id pool_id = 0;
  std::string visitor_id;
  std::string lease_id;
  TrackingParams params;
  double confidence = 0;
  std::vector<Candidate> others;
};

struct CallFacts {
  std::string dialled;       // national digits as routed (a 0078 base number, or the number)
  std::string suffix;        // arbitrary-suffix digits after a 0078 base (may be empty)
  std::string caller_index;  // keyed blind index of the caller's number; empty: withheld
  WallTime at{};             // when the call arrived
};

// This caller's earlier attributed calls (the call log, read by the caller).
class CallerHistory {
 public:
  virtual ~CallerHistory() = default;
  // The latest attribution of a call from `caller_index` before `before`, if any.
  virtual std::optional<Attribution> lastFor(const std::string& caller_index, WallTime before) = 0;
};

// Confidence of an attribution taken from the caller's history, relative to the original.
inline constexpr double kHistoryFactor = 0.5;
// Confidence of an attribution inside the match window, relative to the lease's.
inline constexpr double kMatchWindowFactor = 0.8;

// `book`: the pool that holds the dialled number (nullptr: none). `history` may be null.
Attribution attribute(const LeaseBook* book, const CallFacts& call, CallerHistory* history);

}  // namespace hk::tracking
