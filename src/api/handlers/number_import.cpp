// POST /api/v1/numbers/import (CSV, all or nothing, a report per row; ?dry_run=true checks
// without writing), GET /api/v1/numbers/export (the same columns) and
// GET /api/v1/numbers/{id}/transitions (the number's lifecycle history).
#include "service/number_import.hpp"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "api/handlers/common.hpp"
#include "domain/enum_names.hpp"
#include "service/shapes.hpp"

namespace hk::api {

using nlohmann::json;

namespace {

json rowJson(const service::ImportRow& r, bool dry_run) {
  json j = {{"row", r.row}, {"line", r.line}};
  if (!r.errors.empty()) {
    json errs = json::array();
    for (const auto& e : r.errors) errs.push_back({{"field", e.field}, {"reason", e.reason}});
    j["errors"] = errs;
  } else {
    if (!dry_run) j["id"] = r.number.id;  // a dry run stores nothing
    j["number"] = r.number.number;
    j["type"] = domain::name(r.number.type);
    j["state"] = domain::name(r.number.state);
  }
  return j;
}

HttpResult<bool> dryRunParam(const Request& req) {
  const std::string* v = req.queryValue("dry_run");
  if (!v || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1" || v->empty()) return true;
  return problem(400, "dry_run must be true or false", {{"dry_run", "must be true or false"}});
}

bool csvContentType(std::string_view ct) {
  const std::string_view media = ct.substr(0, ct.find(';'));
  return media.empty() || equalsIgnoreCase(media, "text/csv") ||
         equalsIgnoreCase(media, "application/csv") || equalsIgnoreCase(media, "text/plain");
}

}  // namespace

void addNumberImportRoutes(Router& router, ApiContext& ctx) {
  auto svc = std::make_shared<service::NumberImport>(ctx.numbers, ctx.clock);

  router.post(
      "/api/v1/numbers/import",
      [&ctx, svc](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        if (!csvContentType(req.header("Content-Type"))) {
          return problem(415, "send the file as text/csv (UTF-8)");
        }
        auto dry = dryRunParam(req);
        if (!dry) return dry.problem();
        auto tx = beginTx(ctx, true);
        if (!tx) return tx.problem();
        auto rep = svc->run(**tx, *p, req.body, *dry);
        if (!rep) return problem(rep.error());
        const size_t failed = rep->failed();
        json rows = json::array();
        for (const auto& r : rep->rows) {
          if (failed == 0 || !r.errors.empty()) rows.push_back(rowJson(r, rep->dry_run));
        }
        json body = {{"dry_run", rep->dry_run},
                     {"imported", rep->imported},
                     {"checked", rep->checked},
                     {"failed", failed},
                     {"rows", rows}};
        if (failed > 0) {
          // Nothing was written: the transaction rolls back when `tx` goes.
          body["type"] = "about:blank";
          body["title"] = statusReason(422);
          body["status"] = 422;
          body["detail"] = std::to_string(failed) + " of " + std::to_string(rep->checked) +
                           " rows are invalid; nothing was imported";
          // The usual problem "errors" too (the first 100), for clients that read only those.
          json flat = json::array();
          for (const auto& r : rep->rows) {
            for (const auto& e : r.errors) {
              if (flat.size() >= 100) break;
              flat.push_back(
                  {{"field", fmt::format("row {}: {}", r.row, e.field)}, {"reason", e.reason}});
            }
          }
          body["errors"] = flat;
          Response r = Response::json(422, body);
          r.content_type = kProblemContentType;
          return r;
        }
        if (!*dry) {
          if (auto bad = commit(**tx)) return *bad;
        }
        return Response::json(200, body);
      },
      "import_numbers");

  router.get(
      "/api/v1/numbers/export",
      [&ctx, svc](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        store::NumberFilter f;
        if (const std::string* a = req.queryValue("advertiser_id")) {
          domain::Id id = 0;
          auto [ptr, ec] = std::from_chars(a->data(), a->data() + a->size(), id);
          if (ec != std::errc() || ptr != a->data() + a->size() || id <= 0) {
            return problem(400, "advertiser_id must be an id", {{"advertiser_id", "not an id"}});
          }
          f.advertiser_id = id;
        }
        auto tx = beginTx(ctx, false);
        if (!tx) return tx.problem();
        auto csv = svc->exportCsv(**tx, *p, f);
        if (!csv) return problem(csv.error());
        Response r = Response::text(200, std::move(*csv), "text/csv; charset=utf-8");
        r.headers.set("Content-Disposition", "attachment; filename=\"numbers.csv\"");
        return r;
      },
      "export_numbers");

  router.get(
      "/api/v1/numbers/{id}/transitions",
      [&ctx, svc](Request& req) -> Response {
        auto call = openItem(ctx, req, false);
        if (!call) return call.problem();
        auto rows = svc->history(*call->tx, call->principal, call->id);
        if (!rows) return problem(rows.error());
        json items = json::array();
        for (const auto& t : *rows) {
          items.push_back({{"from", t.from_state.empty() ? json(nullptr) : json(t.from_state)},
                           {"to", t.to_state},
                           {"cause", t.cause},
                           {"at", formatUtc(t.at)}});
        }
        return Response::json(200, {{"items", items}});
      },
      "number_transitions");
}

}  // namespace hk::api
