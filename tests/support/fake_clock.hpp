#pragma once
#include "base/clock.hpp"

namespace hk::test {

// A clock that moves only when the test says so.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(WallTime start = fromMillis(1'767'225'600'000))  // 2026-01-01T00:00:00Z
      : wall_(start) {}
  WallTime now() const override { return wall_; }
  MonoTime mono() const override { return mono_; }
  void advance(std::chrono::milliseconds d) {
    wall_ += d;
    mono_ += d;
  }
  void setWall(WallTime t) { wall_ = t; }

 private:
  WallTime wall_;
  MonoTime mono_{};
};

}  // namespace hk::test
