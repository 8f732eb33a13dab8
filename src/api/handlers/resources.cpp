// The account and inventory resources: operators, advertisers, numbers, users, API keys.
#include "api/handlers/crud.hpp"
#include "domain/enum_names.hpp"
#include "service/shapes.hpp"

namespace hk::api {

using domain::Principal;
using nlohmann::json;

Response fieldProblem(const service::FieldErrors& errs) {
  return problem(service::invalidFields(errs));
}

namespace {

PagingRules rules(std::vector<std::string> sortable, std::string def = "id") {
  PagingRules r;
  r.sortable = std::move(sortable);
  r.default_sort = std::move(def);
  return r;
}

template <class T>
json plain(const T& v, const Principal&) {
  return service::toJson(v);
}

void addOperators(Router& router, ApiContext& ctx) {
  CrudSpec<domain::Operator> s;
  s.path = "/api/v1/operators";
  s.name = "operators";
  s.paging = rules({"id", "name", "created_at"});
  s.list = [&ctx](store::Tx& tx, const Principal& p, Request&, const store::PageRequest& pg,
                  service::FieldErrors&) { return ctx.tenants.listOperators(tx, p, pg); };
  s.get = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) {
    return ctx.tenants.getOperator(tx, p, id);
  };
  s.read = [](const json& j, domain::Operator& o, service::FieldErrors& e) {
    service::readOperator(j, o, e);
  };
  s.create = [&ctx](store::Tx& tx, const Principal& p, domain::Operator o) {
    return ctx.tenants.createOperator(tx, p, std::move(o));
  };
  s.update = [&ctx](store::Tx& tx, const Principal& p, domain::Operator o) {
    return ctx.tenants.updateOperator(tx, p, std::move(o));
  };
  s.remove = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) {
    return ctx.tenants.deleteOperator(tx, p, id);
  };
  s.check = [](domain::Operator o) { return service::checkOperator(o); };
  s.toJson = plain<domain::Operator>;
  s.idOf = [](const domain::Operator& o) { return o.id; };
  addCrudRoutes(router, ctx, std::move(s));
}

void addAdvertisers(Router& router, ApiContext& ctx) {
  CrudSpec<domain::Advertiser> s;
  s.path = "/api/v1/advertisers";
  s.name = "advertisers";
  s.paging = rules({"id", "name", "operator_id", "created_at"});
  s.list = [&ctx](store::Tx& tx, const Principal& p, Request&, const store::PageRequest& pg,
                  service::FieldErrors&) { return ctx.tenants.listAdvertisers(tx, p, pg); };
  s.get = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) {
    return ctx.tenants.getAdvertiser(tx, p, id);
  };
  s.read = [](const json& j, domain::Advertiser& a, service::FieldErrors& e) {
    service::readAdvertiser(j, a, e);
  };
  s.create = [&ctx](store::Tx& tx, const Principal& p, domain::Advertiser a) {
    return ctx.tenants.createAdvertiser(tx, p, std::move(a));
  };
  s.update = [&ctx](store::Tx& tx, const Principal& p, domain::Advertiser a) {
    return ctx.tenants.updateAdvertiser(tx, p, std::move(a));
  };
  s.remove = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) {
    return ctx.tenants.deleteAdvertiser(tx, p, id);
  };
  s.check = [](domain::Advertiser a) { return service::checkAdvertiser(a); };
  s.toJson = plain<domain::Advertiser>;
  s.idOf = [](const domain::Advertiser& a) { return a.id; };
  addCrudRoutes(router, ctx, std::move(s));
}

// Query filters of GET /numbers: advertiser_id, state, type, q.
void readNumberFilter(Request& req, store::NumberFilter& f, service::FieldErrors& errs) {
  if (auto v = req.queryValue("advertiser_id")) {
    try {
      f.advertiser_id = std::stoll(*v);
    } catch (...) {
      errs.push_back({"advertiser_id", "must be an integer"});
    }
  }
  if (auto v = req.queryValue("state")) {
    domain::NumberState st;
    if (domain::parse(*v, st)) {
      f.state = st;
    } else {
      errs.push_back({"state", "is not a number state"});
    }
  }
  if (auto v = req.queryValue("type")) {
    domain::NumberType t;
    if (domain::parse(*v, t)) {
      f.type = t;
    } else {
      errs.push_back({"type", "is not a number type"});
    }
  }
  if (auto v = req.queryValue("q")) f.q = v->substr(0, 100);
}

void addNumbers(Router& router, ApiContext& ctx) {
  CrudSpec<domain::TrackingNumber> s;
  s.path = "/api/v1/numbers";
  s.name = "numbers";
  s.paging = rules({"id", "number", "name", "type", "state", "advertiser_id", "created_at"});
  s.list = [&ctx](store::Tx& tx, const Principal& p, Request& req, const store::PageRequest& pg,
                  service::FieldErrors& errs) -> Result<store::Page<domain::TrackingNumber>> {
    store::NumberFilter f;
    readNumberFilter(req, f, errs);
    if (!errs.empty()) return store::Page<domain::TrackingNumber>{};
    return ctx.numbers.list(tx, p, f, pg);
  };
  s.get = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) {
    return ctx.numbers.get(tx, p, id);
  };
  // A created number without a type takes it from its prefix (the type stays Other here).
  s.read = [](const json& j, domain::TrackingNumber& n, service::FieldErrors& e) {
    bool tg = false;
    service::readNumber(j, n, tg, e);
    if (!tg && n.id == 0) n.type = domain::NumberType::Other;
  };
  s.create = [&ctx](store::Tx& tx, const Principal& p, domain::TrackingNumber n) {
    // readNumber left Other when no type was named: infer it from the digits.
    bool given = n.type != domain::NumberType::Other;
    return ctx.numbers.create(tx, p, std::move(n), given);
  };
  s.update = [&ctx](store::Tx& tx, const Principal& p, domain::TrackingNumber n) {
    return ctx.numbers.update(tx, p, std::move(n));
  };
  s.remove = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) {
    return ctx.numbers.remove(tx, p, id);
  };
  s.check = [](domain::TrackingNumber n) {
    return service::normalizeNumber(n, n.type != domain::NumberType::Other);
  };
  s.toJson = plain<domain::TrackingNumber>;
  s.idOf = [](const domain::TrackingNumber& n) { return n.id; };
  addCrudRoutes(router, ctx, std::move(s));
}

}  // namespace

void addAccountRoutes(Router& router, ApiContext& ctx);         // users.cpp
void addCallRoutes(Router& router, ApiContext& ctx);            // calls.cpp
void addFlowRoutes(Router& router, ApiContext& ctx);            // flows.cpp
void addFlowAttachmentRoutes(Router& router, ApiContext& ctx);  // flow_attachments.cpp
void addBlockingRoutes(Router& router, ApiContext& ctx);        // blocking.cpp
void addAbsenceRoutes(Router& router, ApiContext& ctx);         // absence.cpp
void addNumberImportRoutes(Router& router, ApiContext& ctx);    // number_import.cpp
void addExclusionRoutes(Router& router, ApiContext& ctx);       // exclusions.cpp
void addPromptRoutes(Router& router, ApiContext& ctx);          // prompts.cpp

void addApiRoutes(Router& router, ApiContext& ctx) {
  addOperators(router, ctx);
  addAdvertisers(router, ctx);
  addNumbers(router, ctx);
  addNumberImportRoutes(router, ctx);
  addAccountRoutes(router, ctx);
  addCallRoutes(router, ctx);
  addFlowRoutes(router, ctx);
  addFlowAttachmentRoutes(router, ctx);
  addBlockingRoutes(router, ctx);
  addAbsenceRoutes(router, ctx);
  addExclusionRoutes(router, ctx);
  addPromptRoutes(router, ctx);
}

}  // namespace hk::api
