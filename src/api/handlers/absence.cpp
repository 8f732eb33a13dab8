// The absence switch: GET/PUT /api/v1/numbers/{id}/absence and
// /api/v1/advertisers/{id}/absence with {"absent": true|false}.
#include "service/absence.hpp"

#include "api/handlers/crud.hpp"
#include "api/handlers/flow_common.hpp"
#include "service/object_reader.hpp"

namespace hk::api {

using nlohmann::json;

namespace {

enum class Target { Number, Advertiser };

Response handle(ApiContext& ctx, Request& req, Target target, bool put) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto id = idParam(req);
  if (!id) return id.problem();
  std::optional<json> body;
  if (put) {
    auto b = optionalJsonBody(req);
    if (!b) return b.problem();
    body = std::move(*b);
  }
  auto tx = beginTx(ctx, put);
  if (!tx) return tx.problem();
  const bool number = target == Target::Number;
  auto current = [&]() -> Result<json> {
    if (number) {
      auto a = ctx.absence.getNumber(**tx, *p, *id);
      if (!a) return a.error();
      return service::toJson(*a);
    }
    auto a = ctx.absence.getAdvertiser(**tx, *p, *id);
    if (!a) return a.error();
    return service::toJson(*a);
  }();
  if (!current) return problem(current.error());
  if (!put) return Response::json(200, *current);
  if (!body) return bodyRequired();
  bool absent = false;
  service::FieldErrors errs;
  service::ObjectReader r(*body, errs, "");
  if (r.isObject() && !r.has("absent")) errs.push_back({"/absent", "is required"});
  r.boolean("absent", absent);
  // What GET answered may be sent back; those fields are ignored.
  r.rejectUnknown({number ? "number_id" : "advertiser_id", "changed_at", "changed_by",
                   "advertiser_absent", "effective"});
  if (!errs.empty()) return fieldProblem(errs);
  Result<json> saved = number ? [&]() -> Result<json> {
    auto a = ctx.absence.setNumber(**tx, *p, *id, absent);
    if (!a) return a.error();
    return service::toJson(*a);
  }()
      : [&]() -> Result<json> {
          auto a = ctx.absence.setAdvertiser(**tx, *p, *id, absent);
          if (!a) return a.error();
          return service::toJson(*a);
        }();
  if (!saved) return problem(saved.error());
  if (auto err = commit(**tx)) return *err;
  return Response::json(200, *saved);
}

}  // namespace

void addAbsenceRoutes(Router& router, ApiContext& ctx) {
  for (Target t : {Target::Number, Target::Advertiser}) {
    const std::string path =
        t == Target::Number ? "/api/v1/numbers/{id}/absence" : "/api/v1/advertisers/{id}/absence";
    const std::string what = t == Target::Number ? "number" : "advertiser";
    router.get(
        path, [&ctx, t](Request& req) { return handle(ctx, req, t, false); },
        "get_" + what + "_absence");
    router.put(
        path, [&ctx, t](Request& req) { return handle(ctx, req, t, true); },
        "set_" + what + "_absence");
  }
}

}  // namespace hk::api
