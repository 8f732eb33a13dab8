#pragma once
// Session ids: slot + generation + media thread. retire() makes an id stale at once (on the
// owner's thread, so a late event is dropped there); release() gives the slot back after
// the media thread has closed the session.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "rtp/media_types.hpp"

namespace hk::rtp::detail {

class SlotTable {
 public:
  explicit SlotTable(size_t capacity);

  std::optional<SessionId> acquire(uint8_t thread, bool ipv6_a, bool ipv6_b);
  bool isLive(SessionId id) const;
  bool retire(SessionId id);  // false when already stale
  void release(SessionId id);
  size_t held() const { return held_.load(std::memory_order_acquire); }

  static uint8_t threadOf(SessionId id) { return static_cast<uint8_t>(id.value & 0xff); }
  // Valid for a live id only.
  bool ipv6(SessionId id, LegSide side) const;

 private:
  struct Slot {
    std::atomic<uint32_t> generation{0};
    bool ipv6[2] = {false, false};
  };
  static size_t slotOf(SessionId id) { return ((id.value >> 8) & 0xffffff) - 1; }
  static uint32_t generationOf(SessionId id) { return static_cast<uint32_t>(id.value >> 32); }

  std::unique_ptr<Slot[]> slots_;
  size_t capacity_;
  std::mutex mu_;
  std::vector<size_t> free_;
  std::atomic<size_t> held_{0};
};

}  // namespace hk::rtp::detail
