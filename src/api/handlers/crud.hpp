#pragma once
// The five REST routes of a resource (list, get, create, update by PATCH, delete), built
// from the resource's service calls so every resource behaves the same way: one
// transaction per request, the principal's scope applied by the service, problem+json on
// every error, 201 + Location on create, 204 on delete.
#include <functional>
#include <string>

#include "api/handlers/common.hpp"
#include "api/json_body.hpp"
#include "service/validate.hpp"

namespace hk::api {

template <class T>
struct CrudSpec {
  std::string path;  // "/api/v1/advertisers"
  std::string name;  // "advertisers" (route names)
  PagingRules paging;
  std::function<Result<store::Page<T>>(store::Tx&, const domain::Principal&, Request&,
                                       const store::PageRequest&, service::FieldErrors&)>
      list;
  std::function<Result<T>(store::Tx&, const domain::Principal&, domain::Id)> get;
  // Reads the body onto `into` (a default object for create, the stored one for update).
  std::function<void(const nlohmann::json&, T& into, service::FieldErrors&)> read;
  std::function<Result<T>(store::Tx&, const domain::Principal&, T)> create;
  std::function<Result<T>(store::Tx&, const domain::Principal&, T)> update;
  std::function<Status(store::Tx&, const domain::Principal&, domain::Id)> remove;
  // Optional: the domain checks of the object, run when the body already had shape errors
  // so that one response names every bad field (otherwise the service runs them).
  std::function<service::FieldErrors(T)> check;
  std::function<nlohmann::json(const T&, const domain::Principal&)> toJson;
  std::function<domain::Id(const T&)> idOf;
};

Response fieldProblem(const service::FieldErrors& errs);

// Shape errors plus the domain checks' errors on fields the shape reader did not flag.
template <class T>
Response readProblem(const CrudSpec<T>& s, const T& obj, service::FieldErrors errs) {
  if (s.check) {
    for (auto& e : s.check(obj)) {
      bool dup = false;
      for (const auto& have : errs) dup = dup || have.field == e.field;
      if (!dup) errs.push_back(std::move(e));
    }
  }
  return fieldProblem(errs);
}

template <class T>
void addCrudRoutes(Router& router, ApiContext& ctx, CrudSpec<T> spec) {
  auto s = std::make_shared<CrudSpec<T>>(std::move(spec));
  const std::string one = s->name.substr(0, s->name.size() - 1);  // route names: get_number
  if (s->list) {
    router.get(
        s->path,
        [&ctx, s](Request& req) -> Response {
          auto p = authenticate(ctx, req);
          if (!p) return p.problem();
          FieldErrors perrs;
          auto page = parsePaging(req, s->paging, perrs);
          if (!perrs.empty()) return perrs.toResponse();
          auto tx = beginTx(ctx, false);
          if (!tx) return tx.problem();
          service::FieldErrors ferrs;
          auto rows = s->list(**tx, *p, req, toStore(page), ferrs);
          if (!ferrs.empty()) return fieldProblem(ferrs);
          if (!rows) return problem(rows.error());
          nlohmann::json items = nlohmann::json::array();
          for (const auto& r : rows->items) items.push_back(s->toJson(r, *p));
          return Response::json(200, pageEnvelope(std::move(items), page, rows->total));
        },
        "list_" + s->name);
  }
  router.get(
      s->path + "/{id}",
      [&ctx, s](Request& req) -> Response {
        auto call = openItem(ctx, req, false);
        if (!call) return call.problem();
        auto row = s->get(*call->tx, call->principal, call->id);
        if (!row) return problem(row.error());
        return Response::json(200, s->toJson(*row, call->principal));
      },
      "get_" + one);
  if (s->create) {
    router.post(
        s->path,
        [&ctx, s](Request& req) -> Response {
          auto p = authenticate(ctx, req);
          if (!p) return p.problem();
          auto body = parseJsonBody(req);
          if (!body) return body.problem();
          T obj{};
          service::FieldErrors errs;
          s->read(*body, obj, errs);
          if (!errs.empty()) return readProblem(*s, obj, errs);
          auto tx = beginTx(ctx, true);
          if (!tx) return tx.problem();
          auto row = s->create(**tx, *p, std::move(obj));
          if (!row) return problem(row.error());
          if (auto err = commit(**tx)) return *err;
          Response r = Response::json(201, s->toJson(*row, *p));
          r.headers.set("Location", s->path + "/" + std::to_string(s->idOf(*row)));
          return r;
        },
        "create_" + one);
  }
  if (s->update) {
    router.patch(
        s->path + "/{id}",
        [&ctx, s](Request& req) -> Response {
          auto p = authenticate(ctx, req);
          if (!p) return p.problem();
          auto id = idParam(req);
          if (!id) return id.problem();
          auto body = parseJsonBody(req);
          if (!body) return body.problem();
          auto tx = beginTx(ctx, true);
          if (!tx) return tx.problem();
          auto cur = s->get(**tx, *p, *id);
          if (!cur) return problem(cur.error());
          T obj = *cur;
          service::FieldErrors errs;
          s->read(*body, obj, errs);
          if (!errs.empty()) return readProblem(*s, obj, errs);
          auto row = s->update(**tx, *p, std::move(obj));
          if (!row) return problem(row.error());
          if (auto err = commit(**tx)) return *err;
          return Response::json(200, s->toJson(*row, *p));
        },
        "update_" + one);
  }
  if (s->remove) {
    router.del(
        s->path + "/{id}",
        [&ctx, s](Request& req) -> Response {
          auto call = openItem(ctx, req, true);
          if (!call) return call.problem();
          if (auto st = s->remove(*call->tx, call->principal, call->id); !st)
            return problem(st.error());
          if (auto err = commit(*call->tx)) return *err;
          return Response::noContent();
        },
        "delete_" + one);
  }
}

}  // namespace hk::api
