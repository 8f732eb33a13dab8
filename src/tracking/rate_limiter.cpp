#include "tracking/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace hk::tracking {

bool TokenBucket::take(MonoTime now, int& retry_after) {
  if (started_) {
    const double dt = std::chrono::duration<double>(now - last_).count();
    if (dt > 0) tokens_ = std::min(burst_, tokens_ + dt * rate_);
  }
  started_ = true;
  last_ = now;
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  const double wait = rate_ > 0 ? (1.0 - tokens_) / rate_ : 60.0;
  retry_after = std::max(1, static_cast<int>(std::ceil(wait)));
  return false;
}

bool TokenBucket::full(MonoTime now) const {
  const double dt = std::chrono::duration<double>(now - last_).count();
  return tokens_ + dt * rate_ >= burst_;
}

void KeyedLimiter::setRate(double rate, double burst) {
  rate_ = rate;
  burst_ = burst;
  buckets_.clear();
}

void KeyedLimiter::prune(MonoTime now) {
  std::erase_if(buckets_, [&](const auto& kv) { return kv.second.full(now); });
}

bool KeyedLimiter::take(const std::string& key, MonoTime now, int& retry_after) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) prune(now);
    if (buckets_.size() >= max_keys_) {  // still full of busy keys: refuse new ones briefly
      retry_after = 1;
      return false;
    }
    it = buckets_.emplace(key, TokenBucket(rate_, burst_)).first;
  }
  return it->second.take(now, retry_after);
}

}  // namespace hk::tracking
