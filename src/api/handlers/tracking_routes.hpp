#pragma once
// Number tracking over HTTP: pool management for users (/api/v1/pools, pools.cpp) and the
// public DNI endpoints the JS tag calls (/dni/v1/*, dni.cpp). app::Server builds them.
#include "api/handlers/context.hpp"
#include "service/pools.hpp"
#include "tracking/registry.hpp"

namespace hk::api {

struct TrackingApi {
  TrackingApi(const Clock& c, tracking::Registry& r) : pools(c), registry(r) {}
  service::Pools pools;
  tracking::Registry& registry;
};

// CRUD of pools (roles as for numbers) and GET /api/v1/pools/{id}/monthly; every change is
// applied to the live registry.
void addPoolRoutes(Router& router, ApiContext& ctx, TrackingApi& t);
// GET /api/v1/pools/{id}/telemetry and /recommendation (pool_telemetry.cpp).
void addPoolTelemetryRoutes(Router& router, ApiContext& ctx, TrackingApi& t);
// POST /dni/v1/issue, POST /dni/v1/renew (+ their CORS preflights), GET /dni/v1/tag.js.
void addDniRoutes(Router& router, TrackingApi& t);

}  // namespace hk::api
