#include "api/health.hpp"

#include <nlohmann/json.hpp>

namespace hk::api {

void addHealthRoutes(Router& router, metrics::Registry& metrics, std::function<bool()> ready) {
  router.get(
      "/healthz",
      [ready = std::move(ready)](Request&) {
        bool up = false;
        try {
          up = !ready || ready();
        } catch (...) {
          up = false;
        }
        return up ? Response::json(200, {{"status", "ok"}})
                  : Response::json(503, {{"status", "unavailable"}});
      },
      "health");
  router.get(
      "/metrics",
      [&metrics](Request&) {
        return Response::text(200, metrics.render(), kPrometheusContentType);
      },
      "metrics");
}

}  // namespace hk::api
