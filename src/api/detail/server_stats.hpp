#pragma once
// Per-request accounting shared by every server thread: the access-log line (logger
// "api", info) and the metrics. Lock-free once a status code has been seen.
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <string_view>

#include "api/http_types.hpp"
#include "base/log.hpp"
#include "base/metrics.hpp"

namespace hk::api::detail {

class ServerStats {
 public:
  explicit ServerStats(metrics::Registry& registry);

  void record(const Request& req, int status, size_t body_bytes, std::chrono::microseconds took);
  void connectionOpened() { connections_.add(1); }
  void connectionClosed() { connections_.add(-1); }
  spdlog::logger& log() { return *log_; }

 private:
  metrics::Counter& statusCounter(int status);

  metrics::Registry& registry_;
  std::array<std::atomic<metrics::Counter*>, 1000> by_status_{};
  metrics::Counter& duration_us_;
  metrics::Gauge& connections_;
  std::shared_ptr<spdlog::logger> log_;
};

// The path of a raw target, safe for a log line: no query, no quotes, backslashes or
// control characters (they are percent-encoded), at most 256 characters.
std::string safeLogPath(std::string_view target);

}  // namespace hk::api::detail
