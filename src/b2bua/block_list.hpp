#pragma once
// Call blocking at admission (SPEC §6, service/blocking.hpp): every block list (operators'
// and numbers') held in memory on the calls' loop, so a call is never held up by a store
// query. Loaded off the loop with the number directory and swapped in whole
// (b2bua.cpp refreshDirectory, block_check.cpp).
//
// Matching is that of store::BlockListRepo::match: the number's own list before the
// operator's; on a list, an exact entry matches the caller's blind index, a prefix entry the
// start of the caller's normalised digits, a "withheld" entry a caller without a number;
// the oldest matching entry wins.
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace hk::b2bua {

struct BlockHit {
  domain::Id entry_id = 0;
  domain::Id number_id = 0;  // 0: the operator's list
  store::BlockKind kind = store::BlockKind::Exact;
};

class BlockSnapshot {
 public:
  explicit BlockSnapshot(const std::vector<store::BlockEntry>& entries);

  // caller_index: the keyed blind index of the caller's number, caller_digits its normalised
  // digits (both empty when withheld).
  std::optional<BlockHit> match(domain::Id operator_id, domain::Id number_id,
                                const std::string& caller_index, const std::string& caller_digits,
                                bool withheld) const;
  size_t size() const { return size_; }

 private:
  struct List {
    std::unordered_map<std::string, domain::Id> exact;         // blind index -> entry
    std::vector<std::pair<std::string, domain::Id>> prefixes;  // digits -> entry
    domain::Id withheld = 0;                                   // 0: callers without a number pass
  };
  static std::optional<domain::Id> matchList(const List& l, const std::string& caller_index,
                                             const std::string& caller_digits, bool withheld);
  std::unordered_map<domain::Id, List> operators_;  // operator id -> its own list
  std::unordered_map<domain::Id, List> numbers_;    // number id -> its list
  std::unordered_map<domain::Id, store::BlockKind> kinds_;
  size_t size_ = 0;
};

}  // namespace hk::b2bua
