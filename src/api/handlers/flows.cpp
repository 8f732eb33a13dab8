// Flows: /api/v1/flows (list, create), /api/v1/flows/{id} (get, PUT a new version, PATCH a
// merge patch of the document, delete), its versions and a dry-run validation. Every save
// checks the document (422 naming each bad field under /document) and stores a new version.
#include "service/flows.hpp"

#include <limits>

#include "api/handlers/crud.hpp"
#include "api/handlers/flow_common.hpp"
#include "service/object_reader.hpp"

namespace hk::api {

using domain::Principal;
using nlohmann::json;

namespace {

constexpr const char* kFlows = "/api/v1/flows";

// Fields of a flow answer a client may send back with PUT: ignored.
const std::vector<std::string> kReadOnly = {"id",
                                            "name",
                                            "version",
                                            "current_version",
                                            "created_at",
                                            "updated_at",
                                            "warnings",
                                            "version_created_at",
                                            "version_created_by"};

// The envelope {"operator_id", "advertiser_id", "document"}; shape problems in `errs`.
const json* readEnvelope(const json& body, domain::Id& op, domain::Id& adv,
                         service::FieldErrors& errs, const std::vector<std::string>& allow) {
  service::ObjectReader r(body, errs, "");
  r.id("operator_id", op);
  r.id("advertiser_id", adv);
  r.rejectUnknown(allow);
  if (!r.isObject()) return nullptr;
  auto it = body.find("document");
  if (it == body.end()) {
    errs.push_back({service::kDocumentPointer, "is required"});
    return nullptr;
  }
  return &*it;
}

// Shape errors, plus the document's own problems so that one answer names them all (400).
Response envelopeProblem(service::FieldErrors errs, const json* document) {
  if (document) {
    auto check =
        flow::checkFlow(*document, flow::VerbRegistry::builtin(), service::kDocumentPointer);
    errs.insert(errs.end(), check.errors.begin(), check.errors.end());
  }
  return fieldProblem(errs);
}

void addCollection(Router& router, ApiContext& ctx) {
  router.get(
      kFlows,
      [&ctx](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        FieldErrors errs;
        PagingRules rules;
        rules.sortable = {"id", "name", "advertiser_id", "created_at", "updated_at"};
        rules.default_sort = "id";
        auto page = parsePaging(req, rules, errs);
        store::FlowFilter f;
        idQuery(req, "advertiser_id", f.advertiser_id, errs, /*allow_zero=*/true);
        if (auto q = req.queryValue("q")) f.q = q->substr(0, 100);
        if (!errs.empty()) return errs.toResponse();
        auto tx = beginTx(ctx, false);
        if (!tx) return tx.problem();
        auto rows = ctx.flows.list(**tx, *p, f, toStore(page));
        if (!rows) return problem(rows.error());
        json items = json::array();
        for (const auto& r : rows->items) items.push_back(service::toJson(r));
        return Response::json(200, pageEnvelope(std::move(items), page, rows->total));
      },
      "list_flows");
  router.post(
      kFlows,
      [&ctx](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        auto body = parseJsonBody(req);
        if (!body) return body.problem();
        domain::Id op = 0, adv = 0;
        service::FieldErrors errs;
        const json* doc = readEnvelope(*body, op, adv, errs, {"document"});
        if (!errs.empty()) return envelopeProblem(errs, doc);
        auto tx = beginTx(ctx, true);
        if (!tx) return tx.problem();
        auto v = ctx.flows.create(**tx, *p, op, adv, *doc);
        if (!v) return flowProblem(v.error());
        if (auto err = commit(**tx)) return *err;
        Response r = Response::json(201, service::toJson(*v));
        r.headers.set("Location", std::string(kFlows) + "/" + std::to_string(v->flow.id));
        return r;
      },
      "create_flow");
}

// PUT (a whole document) and PATCH (a JSON merge patch, RFC 7396, of the document).
Response saveHandler(ApiContext& ctx, Request& req, bool merge) {
  auto call = openItem(ctx, req, true);
  if (!call) return call.problem();
  auto body = optionalJsonBody(req);
  if (!body) return body.problem();
  auto cur = ctx.flows.get(*call->tx, call->principal, call->id);
  if (!cur) return problem(cur.error());
  if (!*body) return bodyRequired();
  domain::Id op = cur->flow.operator_id, adv = cur->flow.advertiser_id;
  service::FieldErrors errs;
  std::vector<std::string> allow = {"document"};
  if (!merge) allow.insert(allow.end(), kReadOnly.begin(), kReadOnly.end());
  const json* doc = readEnvelope(**body, op, adv, errs, allow);
  if (op != cur->flow.operator_id || adv != cur->flow.advertiser_id) {
    errs.push_back({"/advertiser_id", "a flow keeps its owner: create a new flow instead"});
  }
  if (merge && doc && !doc->is_object()) {
    errs.push_back({service::kDocumentPointer, "must be a JSON object (a merge patch)"});
  }
  json next;
  if (doc && merge && doc->is_object()) {
    next = cur->document;
    next.merge_patch(*doc);
    doc = &next;
  }
  if (!errs.empty()) return envelopeProblem(errs, merge ? nullptr : doc);
  auto v = ctx.flows.save(*call->tx, call->principal, call->id, *doc);
  if (!v) return flowProblem(v.error());
  if (auto err = commit(*call->tx)) return *err;
  return Response::json(200, service::toJson(*v));
}

void addItem(Router& router, ApiContext& ctx) {
  const std::string one = std::string(kFlows) + "/{id}";
  router.get(
      one,
      [&ctx](Request& req) -> Response {
        auto call = openItem(ctx, req, false);
        if (!call) return call.problem();
        auto v = ctx.flows.get(*call->tx, call->principal, call->id);
        if (!v) return problem(v.error());
        return Response::json(200, service::toJson(*v));
      },
      "get_flow");
  router.put(
      one, [&ctx](Request& req) { return saveHandler(ctx, req, false); }, "replace_flow");
  router.patch(
      one, [&ctx](Request& req) { return saveHandler(ctx, req, true); }, "update_flow");
  router.del(
      one,
      [&ctx](Request& req) -> Response {
        auto call = openItem(ctx, req, true);
        if (!call) return call.problem();
        if (auto st = ctx.flows.remove(*call->tx, call->principal, call->id); !st)
          return problem(st.error());
        if (auto err = commit(*call->tx)) return *err;
        return Response::noContent();
      },
      "delete_flow");
  router.post(
      one + "/validate",
      [&ctx](Request& req) -> Response {
        auto call = openItem(ctx, req, false);
        if (!call) return call.problem();
        auto body = optionalJsonBody(req);
        if (!body) return body.problem();
        if (auto cur = ctx.flows.get(*call->tx, call->principal, call->id); !cur)
          return problem(cur.error());
        if (!*body) return bodyRequired();
        domain::Id op = 0, adv = 0;
        service::FieldErrors errs;
        const json* doc = readEnvelope(**body, op, adv, errs, {"document"});
        if (!errs.empty()) return envelopeProblem(errs, doc);
        auto warnings = ctx.flows.validate(*call->tx, call->principal, call->id, *doc);
        if (!warnings) return flowProblem(warnings.error());
        json w = json::array();
        for (const auto& i : *warnings) w.push_back({{"field", i.field}, {"reason", i.reason}});
        return Response::json(200, {{"valid", true}, {"warnings", w}});
      },
      "validate_flow");
}

void addVersions(Router& router, ApiContext& ctx) {
  const std::string versions = std::string(kFlows) + "/{id}/versions";
  router.get(
      versions,
      [&ctx](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        auto id = idParam(req);
        if (!id) return id.problem();
        FieldErrors errs;
        PagingRules rules;
        rules.sortable = {"version"};
        auto page = parsePaging(req, rules, errs);
        if (!errs.empty()) return errs.toResponse();
        auto tx = beginTx(ctx, false);
        if (!tx) return tx.problem();
        auto rows = ctx.flows.versions(**tx, *p, *id, toStore(page));
        if (!rows) return problem(rows.error());
        json items = json::array();
        for (const auto& v : rows->items) items.push_back(service::toJson(v));
        return Response::json(200, pageEnvelope(std::move(items), page, rows->total));
      },
      "list_flow_versions");
  router.get(
      versions + "/{version}",
      [&ctx](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        auto id = idParam(req);
        if (!id) return id.problem();
        auto v = idParam(req, "version");
        if (!v) return v.problem();
        auto tx = beginTx(ctx, false);
        if (!tx) return tx.problem();
        auto view = ctx.flows.version(
            **tx, *p, *id,
            static_cast<int>(std::min<domain::Id>(*v, std::numeric_limits<int>::max())));
        if (!view) return problem(view.error());
        return Response::json(200, service::toJson(*view));
      },
      "get_flow_version");
}

}  // namespace

void addFlowRoutes(Router& router, ApiContext& ctx) {
  addCollection(router, ctx);
  addItem(router, ctx);
  addVersions(router, ctx);
}

}  // namespace hk::api
