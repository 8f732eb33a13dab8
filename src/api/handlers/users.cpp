// Users, API keys, login sessions and set-up documents.
#include "api/handlers/crud.hpp"
#include "domain/enum_names.hpp"
#include "service/apply.hpp"
#include "service/shapes.hpp"

namespace hk::api {

using domain::Principal;
using nlohmann::json;

namespace {

void readUser(const json& j, domain::User& u, std::string& password, service::FieldErrors& e) {
  service::ObjectReader r(j, e, "");
  r.str("login", u.login);
  r.str("display_name", u.display_name);
  r.enumeration("role", u.role);
  r.id("operator_id", u.operator_id);
  domain::Id adv = u.advertiser_id.value_or(0);
  r.id("advertiser_id", adv);
  u.advertiser_id = adv == 0 ? std::nullopt : std::optional<domain::Id>(adv);
  r.boolean("disabled", u.disabled);
  r.str("password", password, 1024);
  r.rejectUnknown({"id", "created_at", "updated_at"});
}

void addUsers(Router& router, ApiContext& ctx) {
  // Users carry a password in the body that is not part of the stored object: the create
  // and update calls pick it up from a per-request slot filled by read.
  struct UserIn {
    domain::User user;
    std::string password;
  };
  CrudSpec<UserIn> s;
  s.path = "/api/v1/users";
  s.name = "users";
  s.paging.sortable = {"id", "login", "role", "created_at"};
  s.paging.default_sort = "id";
  s.list = [&ctx](store::Tx& tx, const Principal& p, Request&, const store::PageRequest& pg,
                  service::FieldErrors&) -> Result<store::Page<UserIn>> {
    auto rows = ctx.people.listUsers(tx, p, pg);
    if (!rows) return rows.error();
    store::Page<UserIn> out;
    out.total = rows->total;
    for (auto& u : rows->items) out.items.push_back({std::move(u), {}});
    return out;
  };
  s.get = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) -> Result<UserIn> {
    auto u = ctx.people.getUser(tx, p, id);
    if (!u) return u.error();
    return UserIn{*u, {}};
  };
  s.read = [](const json& j, UserIn& in, service::FieldErrors& e) {
    readUser(j, in.user, in.password, e);
  };
  s.create = [&ctx](store::Tx& tx, const Principal& p, UserIn in) -> Result<UserIn> {
    auto u = ctx.people.createUser(tx, p, in.user, in.password);
    if (!u) return u.error();
    return UserIn{*u, {}};
  };
  s.update = [&ctx](store::Tx& tx, const Principal& p, UserIn in) -> Result<UserIn> {
    auto u = ctx.people.updateUser(tx, p, in.user, in.password);
    if (!u) return u.error();
    return UserIn{*u, {}};
  };
  s.remove = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) {
    return ctx.people.deleteUser(tx, p, id);
  };
  s.toJson = [](const UserIn& in, const Principal&) { return service::toJson(in.user); };
  s.idOf = [](const UserIn& in) { return in.user.id; };
  addCrudRoutes(router, ctx, std::move(s));
}

void addKeys(Router& router, ApiContext& ctx) {
  struct KeyOut {
    domain::ApiKey row;
    std::string key;  // only right after creation
  };
  CrudSpec<KeyOut> s;
  s.path = "/api/v1/api-keys";
  s.name = "api_keys";
  s.paging.sortable = {"id", "name", "created_at"};
  s.paging.default_sort = "id";
  s.list = [&ctx](store::Tx& tx, const Principal& p, Request&, const store::PageRequest& pg,
                  service::FieldErrors&) -> Result<store::Page<KeyOut>> {
    auto rows = ctx.people.listKeys(tx, p, pg);
    if (!rows) return rows.error();
    store::Page<KeyOut> out;
    out.total = rows->total;
    for (auto& k : rows->items) out.items.push_back({std::move(k), {}});
    return out;
  };
  s.get = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) -> Result<KeyOut> {
    auto k = ctx.people.getKey(tx, p, id);
    if (!k) return k.error();
    return KeyOut{*k, {}};
  };
  s.read = [](const json& j, KeyOut& in, service::FieldErrors& e) {
    service::ObjectReader r(j, e, "");
    r.str("name", in.row.name);
    r.enumeration("role", in.row.role);
    r.id("operator_id", in.row.operator_id);
    domain::Id adv = in.row.advertiser_id.value_or(0);
    r.id("advertiser_id", adv);
    in.row.advertiser_id = adv == 0 ? std::nullopt : std::optional<domain::Id>(adv);
    r.rejectUnknown();
  };
  s.create = [&ctx](store::Tx& tx, const Principal& p, KeyOut in) -> Result<KeyOut> {
    auto k = ctx.people.createKey(tx, p, in.row);
    if (!k) return k.error();
    return KeyOut{k->row, k->key};
  };
  // DELETE revokes: the row stays for the audit trail, the key stops working.
  s.remove = [&ctx](store::Tx& tx, const Principal& p, domain::Id id) -> Status {
    auto k = ctx.people.getKey(tx, p, id);
    if (!k) return k.error();
    auto st = ctx.people.revokeKey(tx, p, id);
    if (st) ctx.auth.forgetKey(k->prefix);
    return st;
  };
  s.toJson = [](const KeyOut& k, const Principal&) {
    json j = service::toJson(k.row);
    if (!k.key.empty()) j["key"] = k.key;
    return j;
  };
  s.idOf = [](const KeyOut& k) { return k.row.id; };
  addCrudRoutes(router, ctx, std::move(s));
}

std::string sessionCookie(const ApiContext& ctx, const std::string& token, int64_t max_age) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
         (ctx.cookie_secure ? "; Secure" : "") + "; Max-Age=" + std::to_string(max_age);
}

void addSession(Router& router, ApiContext& ctx) {
  router.post(
      "/api/v1/auth/login",
      [&ctx](Request& req) -> Response {
        auto body = parseJsonBody(req);
        if (!body) return body.problem();
        std::string login, password;
        service::FieldErrors errs;
        service::ObjectReader r(*body, errs, "");
        r.str("login", login);
        r.str("password", password, 1024);
        r.rejectUnknown();
        if (login.empty()) errs.push_back({"/login", "is required"});
        if (password.empty()) errs.push_back({"/password", "is required"});
        if (!errs.empty()) return fieldProblem(errs);
        auto res = ctx.auth.login(login, password);
        if (!res) return problem(res.error());
        req.attrs[kAttrPrincipal] = "user:" + std::to_string(res->user.id);
        Response out = Response::json(200, {{"user", service::toJson(res->user)},
                                            {"expires_at", formatUtc(res->expires_at)}});
        int64_t max_age =
            std::chrono::duration_cast<std::chrono::seconds>(res->expires_at - ctx.clock.now())
                .count();
        out.headers.add("Set-Cookie", sessionCookie(ctx, res->token, max_age));
        return out;
      },
      "login");
  router.post(
      "/api/v1/auth/logout",
      [&ctx](Request& req) -> Response {
        if (auto st = ctx.auth.logout(cookieValue(req, kSessionCookie)); !st)
          return problem(st.error());
        Response out = Response::noContent();
        out.headers.add("Set-Cookie", sessionCookie(ctx, "", 0));
        return out;
      },
      "logout");
  router.get(
      "/api/v1/me",
      [&ctx](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        json j = {{"role", domain::name(p->role)},
                  {"operator_id", p->operator_id == 0 ? json(nullptr) : json(p->operator_id)},
                  {"advertiser_id", p->advertiser_id ? json(*p->advertiser_id) : json(nullptr)},
                  {"user_id", p->user_id == 0 ? json(nullptr) : json(p->user_id)},
                  {"api_key_id", p->api_key_id == 0 ? json(nullptr) : json(p->api_key_id)}};
        return Response::json(200, j);
      },
      "me");
}

void addSetup(Router& router, ApiContext& ctx) {
  router.post(
      "/api/v1/apply",
      [&ctx](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        auto body = parseJsonBody(req);
        if (!body) return body.problem();
        auto tx = beginTx(ctx, true);
        if (!tx) return tx.problem();
        auto rep = service::applyDocument(**tx, *p, ctx.clock, *body);
        if (!rep) return problem(rep.error());
        if (!rep->errors.empty()) return fieldProblem(rep->errors);  // nothing committed
        if (auto err = commit(**tx)) return *err;
        return Response::json(200, rep->toJson());
      },
      "apply");
  router.get(
      "/api/v1/export",
      [&ctx](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        auto tx = beginTx(ctx, false);
        if (!tx) return tx.problem();
        auto doc = service::exportDocument(**tx, *p, ctx.clock);
        if (!doc) return problem(doc.error());
        return Response::json(200, *doc);
      },
      "export");
}

}  // namespace

void addAccountRoutes(Router& router, ApiContext& ctx) {
  addUsers(router, ctx);
  addKeys(router, ctx);
  addSession(router, ctx);
  addSetup(router, ctx);
}

}  // namespace hk::api
