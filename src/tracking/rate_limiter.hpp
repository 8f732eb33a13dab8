#pragma once
// Token buckets for the public DNI endpoints: one per pool and one per visitor (or client
// address). Time from the injected Clock. Not thread-safe (guarded by the pool's lock).
#include <chrono>
#include <string>
#include <unordered_map>

#include "base/clock.hpp"

namespace hk::tracking {

class TokenBucket {
 public:
  // `rate` tokens a second, holding at most `burst`.
  TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}
  // Takes one token; false and `retry_after` (whole seconds, >= 1) when none is left.
  bool take(MonoTime now, int& retry_after);
  bool full(MonoTime now) const;

 private:
  double rate_;
  double burst_;
  double tokens_;
  MonoTime last_{};
  bool started_ = false;
};

// Buckets by key, forgotten when full again (so the table stays small).
class KeyedLimiter {
 public:
  KeyedLimiter(double rate, double burst, size_t max_keys = 100'000)
      : rate_(rate), burst_(burst), max_keys_(max_keys) {}
  bool take(const std::string& key, MonoTime now, int& retry_after);
  void setRate(double rate, double burst);
  size_t size() const { return buckets_.size(); }

 private:
  void prune(MonoTime now);
  double rate_;
  double burst_;
  size_t max_keys_;
  std::unordered_map<std::string, TokenBucket> buckets_;
};

}  // namespace hk::tracking
