// Where flows run: /api/v1/flow-attachments (a flow attached to a number, an advertiser or a
// whole operator; one per target) and /api/v1/numbers/{id}/flow (the flow a call on that
// number runs now: the most specific attachment wins).
#include "api/handlers/crud.hpp"
#include "api/handlers/flow_common.hpp"
#include "service/flows.hpp"
#include "service/object_reader.hpp"

namespace hk::api {

using domain::Principal;
using nlohmann::json;

namespace {

void addAttachments(Router& router, ApiContext& ctx) {
  CrudSpec<store::FlowAttachment> s;
  s.path = "/api/v1/flow-attachments";
  s.name = "flow_attachments";
  s.paging.sortable = {"id", "flow_id", "created_at"};
  s.paging.default_sort = "id";
  s.list = [&ctx](store::Tx& tx, const Principal& p, Request& req, const store::PageRequest& pg,
                  service::FieldErrors& errs) -> Result<store::Page<store::FlowAttachment>> {
    store::AttachmentFilter f;
    FieldErrors qerrs;
    idQuery(req, "flow_id", f.flow_id, qerrs);
    idQuery(req, "advertiser_id", f.advertiser_id, qerrs);
    idQuery(req, "number_id", f.number_id, qerrs);
    errs.insert(errs.end(), qerrs.items().begin(), qerrs.items().end());
    if (!errs.empty()) return store::Page<store::FlowAttachment>{};
    return ctx.flows.listAttachments(tx, p, f, pg);
  };
  s.get = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) {
    return ctx.flows.getAttachment(tx, p, id);
  };
  s.read = [](const json& j, store::FlowAttachment& a, service::FieldErrors& e) {
    service::ObjectReader r(j, e, "");
    r.id("flow_id", a.flow_id);
    r.id("operator_id", a.operator_id);
    r.id("advertiser_id", a.advertiser_id);
    r.id("number_id", a.number_id);
    r.rejectUnknown({"id", "level", "created_at", "created_by"});
  };
  s.create = [&ctx](store::Tx& tx, const Principal& p, store::FlowAttachment a) {
    return ctx.flows.attach(tx, p, std::move(a));
  };
  s.update = [&ctx](store::Tx& tx, const Principal& p, store::FlowAttachment a) {
    return ctx.flows.reattach(tx, p, a);
  };
  s.remove = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) {
    return ctx.flows.detach(tx, p, id);
  };
  s.toJson = [](const store::FlowAttachment& a, const Principal&) { return service::toJson(a); };
  s.idOf = [](const store::FlowAttachment& a) { return a.id; };
  addCrudRoutes(router, ctx, std::move(s));
}

void addResolved(Router& router, ApiContext& ctx) {
  router.get(
      "/api/v1/numbers/{id}/flow",
      [&ctx](Request& req) -> Response {
        auto call = openItem(ctx, req, false);
        if (!call) return call.problem();
        auto r = ctx.flows.resolveFor(*call->tx, call->principal, call->id);
        if (!r) return problem(r.error());
        json j = service::toJson(*r);
        j["number_id"] = call->id;
        return Response::json(200, j);
      },
      "get_number_flow");
}

}  // namespace

void addFlowAttachmentRoutes(Router& router, ApiContext& ctx) {
  addAttachments(router, ctx);
  addResolved(router, ctx);
}

}  // namespace hk::api
