// Call blocking lists: the operator's own (/api/v1/block-list, operator roles) and each
// number's (/api/v1/numbers/{id}/block-list, advertiser users too for their numbers).
// Entries are added and removed, never changed.
#include "service/blocking.hpp"

#include "api/handlers/crud.hpp"
#include "api/handlers/flow_common.hpp"
#include "service/object_reader.hpp"

namespace hk::api {

using domain::Principal;
using nlohmann::json;

namespace {

constexpr const char* kOperatorList = "/api/v1/block-list";
constexpr const char* kNumberList = "/api/v1/numbers/{id}/block-list";

std::string listPath(domain::Id number_id) {
  return number_id == 0 ? std::string(kOperatorList)
                        : "/api/v1/numbers/" + std::to_string(number_id) + "/block-list";
}

// The number of a per-number route ({id}), or 0 for the operator's list.
HttpResult<domain::Id> numberOf(const Request& req, bool per_number) {
  if (!per_number) return domain::Id{0};
  return idParam(req);
}

Response listEntries(ApiContext& ctx, Request& req, bool per_number) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto number = numberOf(req, per_number);
  if (!number) return number.problem();
  FieldErrors errs;
  PagingRules rules;
  rules.sortable = {"id", "created_at"};
  rules.default_sort = "id";
  auto page = parsePaging(req, rules, errs);
  std::optional<domain::Id> op;
  if (!per_number) idQuery(req, "operator_id", op, errs);
  if (!errs.empty()) return errs.toResponse();
  auto tx = beginTx(ctx, false);
  if (!tx) return tx.problem();
  auto rows = ctx.blocking.list(**tx, *p, op.value_or(0), *number, toStore(page));
  if (!rows) return problem(rows.error());
  json items = json::array();
  for (const auto& e : rows->items) items.push_back(ctx.blocking.toJson(**tx, e, *p));
  return Response::json(200, pageEnvelope(std::move(items), page, rows->total));
}

Response addEntry(ApiContext& ctx, Request& req, bool per_number) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto number = numberOf(req, per_number);
  if (!number) return number.problem();
  auto body = parseJsonBody(req);
  if (!body) return body.problem();
  service::BlockRequest in;
  in.number_id = *number;
  service::FieldErrors errs;
  service::ObjectReader r(*body, errs, "");
  if (!per_number) r.id("operator_id", in.operator_id);
  r.str("number", in.number, 40);
  r.str("prefix", in.prefix, 40);
  r.boolean("withheld", in.withheld);
  r.str("trn_id", in.trn_id, 64);
  r.str("note", in.note, 200);
  r.rejectUnknown();
  auto tx = beginTx(ctx, true);
  if (!tx) return tx.problem();
  if (!errs.empty()) {
    // An unknown number answers 404 before its body is judged.
    if (per_number) {
      if (auto l = ctx.blocking.list(**tx, *p, 0, *number, {1, 1, "", false}); !l) {
        return problem(l.error());
      }
    }
    return fieldProblem(errs);
  }
  auto e = ctx.blocking.add(**tx, *p, in);
  if (!e) return problem(e.error());
  json j = ctx.blocking.toJson(**tx, *e, *p);
  if (auto err = commit(**tx)) return *err;
  Response out = Response::json(201, j);
  out.headers.set("Location", listPath(*number) + "/" + std::to_string(e->id));
  return out;
}

Response oneEntry(ApiContext& ctx, Request& req, bool per_number, bool remove) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto number = numberOf(req, per_number);
  if (!number) return number.problem();
  auto id = idParam(req, per_number ? "entry_id" : "id");
  if (!id) return id.problem();
  auto tx = beginTx(ctx, remove);
  if (!tx) return tx.problem();
  if (remove) {
    if (auto st = ctx.blocking.remove(**tx, *p, *id, *number); !st) return problem(st.error());
    if (auto err = commit(**tx)) return *err;
    return Response::noContent();
  }
  auto e = ctx.blocking.get(**tx, *p, *id, *number);
  if (!e) return problem(e.error());
  return Response::json(200, ctx.blocking.toJson(**tx, *e, *p));
}

}  // namespace

void addBlockingRoutes(Router& router, ApiContext& ctx) {
  for (bool per_number : {false, true}) {
    const std::string base = per_number ? kNumberList : kOperatorList;
    const std::string one = base + (per_number ? "/{entry_id}" : "/{id}");
    const std::string tag = per_number ? "number_block" : "operator_block";
    router.get(
        base, [&ctx, per_number](Request& req) { return listEntries(ctx, req, per_number); },
        "list_" + tag + "_entries");
    router.post(
        base, [&ctx, per_number](Request& req) { return addEntry(ctx, req, per_number); },
        "create_" + tag + "_entry");
    router.get(
        one, [&ctx, per_number](Request& req) { return oneEntry(ctx, req, per_number, false); },
        "get_" + tag + "_entry");
    router.del(
        one, [&ctx, per_number](Request& req) { return oneEntry(ctx, req, per_number, true); },
        "delete_" + tag + "_entry");
  }
}

}  // namespace hk::api
