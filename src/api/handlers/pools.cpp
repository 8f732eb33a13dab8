// /api/v1/pools: the number pools of dynamic number insertion.
#include "api/handlers/crud.hpp"
#include "api/handlers/tracking_routes.hpp"
#include "service/pool_shapes.hpp"

namespace hk::api {

using domain::Principal;
using nlohmann::json;
using store::TrackingPool;

void addPoolRoutes(Router& router, ApiContext& ctx, TrackingApi& t) {
  CrudSpec<TrackingPool> s;
  s.path = "/api/v1/pools";
  s.name = "pools";
  s.paging.sortable = {"id", "name", "advertiser_id", "mode", "created_at"};
  s.paging.default_sort = "id";
  s.list = [&t](store::Tx& tx, const Principal& p, Request&, const store::PageRequest& pg,
                service::FieldErrors&) { return t.pools.list(tx, p, pg); };
  s.get = [&t](store::Tx& tx, const Principal& p, domain::Id id) { return t.pools.get(tx, p, id); };
  s.read = [](const json& j, TrackingPool& pool, service::FieldErrors& e) {
    service::readPool(j, pool, e);
  };
  // The registry follows the store. A failed commit after this leaves the registry ahead
  // of the store until the next start; the pool row is what counts.
  s.create = [&t](store::Tx& tx, const Principal& p, TrackingPool pool) -> Result<TrackingPool> {
    auto out = t.pools.create(tx, p, std::move(pool));
    if (out) t.registry.setPool(*out);
    return out;
  };
  s.update = [&t](store::Tx& tx, const Principal& p, TrackingPool pool) -> Result<TrackingPool> {
    auto out = t.pools.update(tx, p, std::move(pool));
    if (out) t.registry.setPool(*out);
    return out;
  };
  s.remove = [&t](store::Tx& tx, const Principal& p, domain::Id id) -> Status {
    auto st = t.pools.remove(tx, p, id);
    if (st) t.registry.removePool(id);
    return st;
  };
  s.check = [](TrackingPool pool) { return service::checkPool(pool); };
  s.toJson = [](const TrackingPool& pool, const Principal&) { return service::toJson(pool); };
  s.idOf = [](const TrackingPool& pool) { return pool.id; };
  addCrudRoutes(router, ctx, std::move(s));

  router.get(
      "/api/v1/pools/{id}/monthly",
      [&ctx, &t](Request& req) -> Response {
        auto call = openItem(ctx, req, false);
        if (!call) return call.problem();
        auto rows = t.pools.monthly(*call->tx, call->principal, call->id);
        if (!rows) return problem(rows.error());
        json items = json::array();
        for (const auto& m : *rows) {
          items.push_back({{"month", m.month}, {"issued", m.issued}, {"exhausted", m.exhausted}});
        }
        return Response::json(200, {{"items", items}});
      },
      "pool_monthly");
  addPoolTelemetryRoutes(router, ctx, t);
}

}  // namespace hk::api
