#include "rtp/detail/slot_table.hpp"

namespace hk::rtp::detail {

SlotTable::SlotTable(size_t capacity)
    : slots_(std::make_unique<Slot[]>(capacity)), capacity_(capacity) {
  free_.reserve(capacity);
  for (size_t i = capacity; i > 0; --i) free_.push_back(i - 1);
}

std::optional<SessionId> SlotTable::acquire(uint8_t thread, bool ipv6_a, bool ipv6_b) {
  size_t slot;
  {
    std::lock_guard lock(mu_);
    if (free_.empty()) return std::nullopt;
    slot = free_.back();
    free_.pop_back();
  }
  Slot& s = slots_[slot];
  s.ipv6[0] = ipv6_a;
  s.ipv6[1] = ipv6_b;
  uint32_t gen = s.generation.load(std::memory_order_relaxed) + 1;
  s.generation.store(gen, std::memory_order_release);
  held_.fetch_add(1, std::memory_order_acq_rel);
  return SessionId{static_cast<uint64_t>(gen) << 32 | static_cast<uint64_t>(slot + 1) << 8 |
                   thread};
}

bool SlotTable::isLive(SessionId id) const {
  size_t slot = slotOf(id);
  if (!id || slot >= capacity_) return false;
  return slots_[slot].generation.load(std::memory_order_acquire) == generationOf(id);
}

bool SlotTable::retire(SessionId id) {
  size_t slot = slotOf(id);
  if (!id || slot >= capacity_) return false;
  uint32_t gen = generationOf(id);
  return slots_[slot].generation.compare_exchange_strong(gen, gen + 1, std::memory_order_acq_rel);
}

void SlotTable::release(SessionId id) {
  size_t slot = slotOf(id);
  if (!id || slot >= capacity_) return;
  std::lock_guard lock(mu_);
  free_.push_back(slot);
  held_.fetch_sub(1, std::memory_order_acq_rel);
}

bool SlotTable::ipv6(SessionId id, LegSide side) const {
  return slots_[slotOf(id)].ipv6[static_cast<int>(side)];
}

}  // namespace hk::rtp::detail
