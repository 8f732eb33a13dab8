#include "api/detail/server_stats.hpp"

#include <fmt/format.h>

namespace hk::api::detail {

ServerStats::ServerStats(metrics::Registry& registry)
    : registry_(registry),
      duration_us_(registry.counter("hankyo_http_request_duration_microseconds_total",
                                    "Time spent serving HTTP requests, in microseconds")),
      connections_(registry.gauge("hankyo_http_connections_active", "Open HTTP connections")),
      log_(log::get("api")) {}

metrics::Counter& ServerStats::statusCounter(int status) {
  if (status < 0 || status >= static_cast<int>(by_status_.size())) status = 0;
  auto& slot = by_status_[static_cast<size_t>(status)];
  metrics::Counter* c = slot.load(std::memory_order_acquire);
  if (!c) {
    c = &registry_.counter("hankyo_http_requests_total", "HTTP requests served, by status",
                           fmt::format("status=\"{}\"", status));
    slot.store(c, std::memory_order_release);
  }
  return *c;
}

void ServerStats::record(const Request& req, int status, size_t body_bytes,
                         std::chrono::microseconds took) {
  statusCounter(status).inc();
  duration_us_.inc(static_cast<uint64_t>(took.count() > 0 ? took.count() : 0));
  if (!log_->should_log(spdlog::level::info)) return;
  auto principal = req.attrs.find(kAttrPrincipal);
  HK_LOG_INFO(
      log_, "access method={} path={} status={} bytes={} dur_us={} req_id={} principal={}",
      req.method.empty() ? std::string_view("-") : std::string_view(req.method),
      safeLogPath(req.target), status, body_bytes, took.count(),
      req.request_id.empty() ? std::string_view("-") : std::string_view(req.request_id),
      principal == req.attrs.end() ? std::string_view("-") : std::string_view(principal->second));
}

std::string safeLogPath(std::string_view target) {
  target = target.substr(0, target.find_first_of("?#"));
  if (target.empty()) return "-";
  std::string out;
  out.reserve(target.size());
  for (char c : target) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      fmt::format_to(std::back_inserter(out), "%{:02X}", u);
    } else {
      out.push_back(c);
    }
    if (out.size() >= 256) break;
  }
  return out;
}

}  // namespace hk::api::detail
