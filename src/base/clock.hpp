#pragma once
// Time comes from a Clock& passed in, never from the system directly, so tests inject
// FakeClock (tests/support/fake_clock.hpp). Wall time is UTC with milliseconds (call-log
// timestamps); durations come from the monotonic clock.
#include <chrono>
#include <cstdint>
#include <string>

namespace hk {

using WallTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;
using MonoTime = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual WallTime now() const = 0;
  virtual MonoTime mono() const = 0;
};

class SystemClock final : public Clock {
 public:
  WallTime now() const override;
  MonoTime mono() const override;
  static SystemClock& instance();
};

// "2026-11-23T18:57:59.123Z"
std::string formatUtc(WallTime t);
// Parses the format above (also without milliseconds, and with a +hh:mm offset).
bool parseUtc(const std::string& s, WallTime& out);
inline int64_t toMillis(WallTime t) { return t.time_since_epoch().count(); }
inline WallTime fromMillis(int64_t ms) { return WallTime(std::chrono::milliseconds(ms)); }

}  // namespace hk
