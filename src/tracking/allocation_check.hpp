#pragma once
// "Zero double allocations" (issue 6): no number is held by two live leases at once. A
// number shared on purpose (pool exhausted, ShareLru: the later holders' leases are marked
// shared) is counted apart, as is a number whose slot and lease table disagree.
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace hk::tracking {

// Live leases on one number (LeaseBook::holdCounts, merged over pools by the Registry).
struct HoldCount {
  size_t leases = 0;        // live leases on the number
  size_t exclusive = 0;     // of those, not handed out as shared
  size_t slot_holders = 0;  // what the number's slot lists (must equal `leases`)
};

struct AllocationCheck {
  size_t live_leases = 0;
  size_t leased_numbers = 0;           // numbers with at least one live lease
  size_t shared_numbers = 0;           // more than one holder, all but one shared (ShareLru)
  size_t double_allocations = 0;       // two or more exclusive holders
  size_t inconsistent = 0;             // slot holders != live leases on the number
  std::vector<std::string> offending;  // the double or inconsistent numbers (first 20)
  bool ok() const { return double_allocations == 0 && inconsistent == 0; }
};

AllocationCheck classify(const std::unordered_map<std::string, HoldCount>& counts);

}  // namespace hk::tracking
