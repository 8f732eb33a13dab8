#pragma once
// Operational endpoints: GET /healthz (200 {"status":"ok"} when ready() says so, else 503)
// and GET /metrics (Prometheus text format 0.0.4).
#include <functional>

#include "api/router.hpp"
#include "base/metrics.hpp"

namespace hk::api {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4";

void addHealthRoutes(Router& router, metrics::Registry& metrics, std::function<bool()> ready);

}  // namespace hk::api
