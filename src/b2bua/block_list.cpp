#include "b2bua/block_list.hpp"

#include <algorithm>

namespace hk::b2bua {

BlockSnapshot::BlockSnapshot(const std::vector<store::BlockEntry>& entries) {
  for (const auto& e : entries) {
    List& l = e.number_id == 0 ? operators_[e.operator_id] : numbers_[e.number_id];
    switch (e.kind) {
      case store::BlockKind::Exact:
        if (e.number_index.empty()) continue;
        if (auto [it, fresh] = l.exact.emplace(e.number_index, e.id); !fresh) {
          it->second = std::min(it->second, e.id);
        }
        break;
      case store::BlockKind::Prefix:
        if (e.prefix.empty()) continue;
        l.prefixes.emplace_back(e.prefix, e.id);
        break;
      case store::BlockKind::Withheld:
        l.withheld = l.withheld == 0 ? e.id : std::min(l.withheld, e.id);
        break;
    }
    kinds_[e.id] = e.kind;
    ++size_;
  }
}

std::optional<domain::Id> BlockSnapshot::matchList(const List& l, const std::string& caller_index,
                                                   const std::string& caller_digits,
                                                   bool withheld) {
  std::optional<domain::Id> best;
  auto take = [&](domain::Id id) {
    if (!best || id < *best) best = id;
  };
  if (withheld && l.withheld != 0) take(l.withheld);
  if (!caller_index.empty()) {
    if (auto it = l.exact.find(caller_index); it != l.exact.end()) take(it->second);
  }
  if (!caller_digits.empty()) {
    for (const auto& [prefix, id] : l.prefixes) {
      if (caller_digits.starts_with(prefix)) take(id);
    }
  }
  return best;
}

std::optional<BlockHit> BlockSnapshot::match(domain::Id operator_id, domain::Id number_id,
                                             const std::string& caller_index,
                                             const std::string& caller_digits,
                                             bool withheld) const {
  if (auto n = numbers_.find(number_id); n != numbers_.end()) {
    if (auto id = matchList(n->second, caller_index, caller_digits, withheld)) {
      return BlockHit{*id, number_id, kinds_.at(*id)};
    }
  }
  if (auto o = operators_.find(operator_id); o != operators_.end()) {
    if (auto id = matchList(o->second, caller_index, caller_digits, withheld)) {
      return BlockHit{*id, 0, kinds_.at(*id)};
    }
  }
  return std::nullopt;
}

}  // namespace hk::b2bua
