// Valid-call judgement exclusion lists: /api/v1/advertisers/{id}/judgement/exclusions
// (service/exclusions.hpp). Entries are added and removed, never changed.
#include "service/exclusions.hpp"

#include "api/handlers/crud.hpp"
#include "api/handlers/flow_common.hpp"
#include "service/object_reader.hpp"

namespace hk::api {

using nlohmann::json;

namespace {

constexpr const char* kList = "/api/v1/advertisers/{id}/judgement/exclusions";

Response listExclusions(ApiContext& ctx, Request& req) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto adv = idParam(req);
  if (!adv) return adv.problem();
  FieldErrors errs;
  PagingRules rules;
  rules.sortable = {"id", "created_at"};
  rules.default_sort = "id";
  auto page = parsePaging(req, rules, errs);
  if (!errs.empty()) return errs.toResponse();
  auto tx = beginTx(ctx, false);
  if (!tx) return tx.problem();
  service::Exclusions ex(ctx.cipher);
  auto rows = ex.list(**tx, *p, *adv, toStore(page));
  if (!rows) return problem(rows.error());
  json items = json::array();
  for (const auto& e : rows->items) items.push_back(ex.toJson(e, *p));
  return Response::json(200, pageEnvelope(std::move(items), page, rows->total));
}

Response addExclusion(ApiContext& ctx, Request& req) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto adv = idParam(req);
  if (!adv) return adv.problem();
  auto body = parseJsonBody(req);
  if (!body) return body.problem();
  service::ExclusionRequest in;
  in.advertiser_id = *adv;
  service::FieldErrors errs;
  service::ObjectReader r(*body, errs, "");
  r.str("number", in.number, 40);
  r.str("trn_id", in.trn_id, 64);
  r.str("note", in.note, 200);
  r.rejectUnknown();
  auto tx = beginTx(ctx, true);
  if (!tx) return tx.problem();
  service::Exclusions ex(ctx.cipher);
  if (!errs.empty()) {
    // An advertiser out of reach answers 404 before its body is judged.
    if (auto l = ex.list(**tx, *p, *adv, {1, 1, "", false}); !l) return problem(l.error());
    return fieldProblem(errs);
  }
  auto e = ex.add(**tx, *p, in);
  if (!e) return problem(e.error());
  json j = ex.toJson(*e, *p);
  if (auto err = commit(**tx)) return *err;
  Response out = Response::json(201, j);
  out.headers.set("Location", "/api/v1/advertisers/" + std::to_string(*adv) +
                                  "/judgement/exclusions/" + std::to_string(e->id));
  return out;
}

Response oneExclusion(ApiContext& ctx, Request& req, bool remove) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto adv = idParam(req);
  if (!adv) return adv.problem();
  auto id = idParam(req, "entry_id");
  if (!id) return id.problem();
  auto tx = beginTx(ctx, remove);
  if (!tx) return tx.problem();
  service::Exclusions ex(ctx.cipher);
  if (remove) {
    if (auto st = ex.remove(**tx, *p, *adv, *id); !st) return problem(st.error());
    if (auto err = commit(**tx)) return *err;
    return Response::noContent();
  }
  auto e = ex.get(**tx, *p, *adv, *id);
  if (!e) return problem(e.error());
  return Response::json(200, ex.toJson(*e, *p));
}

}  // namespace

void addExclusionRoutes(Router& router, ApiContext& ctx) {
  const std::string one = std::string(kList) + "/{entry_id}";
  router.get(
      kList, [&ctx](Request& req) { return listExclusions(ctx, req); },
      "list_judgement_exclusions");
  router.post(
      kList, [&ctx](Request& req) { return addExclusion(ctx, req); }, "create_judgement_exclusion");
  router.get(
      one, [&ctx](Request& req) { return oneExclusion(ctx, req, false); },
      "get_judgement_exclusion");
  router.del(
      one, [&ctx](Request& req) { return oneExclusion(ctx, req, true); },
      "delete_judgement_exclusion");
}

}  // namespace hk::api
