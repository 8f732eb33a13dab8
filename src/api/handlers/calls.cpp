// The call log: GET /api/v1/calls (search, sort, page) and GET /api/v1/calls/{trn_id}.
#include "service/calls.hpp"

#include "api/handlers/common.hpp"
#include "domain/enum_names.hpp"

namespace hk::api {

namespace {

// SPEC §5 search fields: time range, tracking number, forward number, advertiser, who hung
// up, status.
void readCallQuery(const Request& req, store::CallQuery& q, FieldErrors& errs) {
  auto time = [&](const char* key, std::optional<WallTime>& out) {
    if (auto v = req.queryValue(key)) {
      WallTime t;
      if (parseUtc(*v, t)) {
        out = t;
      } else {
        errs.add(key, "must be an ISO-8601 time like 2026-11-23T00:00:00Z or +09:00");
      }
    }
  };
  auto id = [&](const char* key, std::optional<domain::Id>& out) {
    if (auto v = req.queryValue(key)) {
      try {
        size_t pos = 0;
        out = std::stoll(*v, &pos);
        if (pos != v->size() || *out <= 0) throw std::invalid_argument(key);
      } catch (...) {
        errs.add(key, "must be a positive integer");
      }
    }
  };
  time("from", q.from);
  time("to", q.to);
  id("client_id", q.client_id);
  id("dialin_id", q.dialin_id);
  if (auto v = req.queryValue("din_id")) q.din_id = v->substr(0, 40);
  if (auto v = req.queryValue("fwd_id")) q.fwd_id = v->substr(0, 255);
  if (auto v = req.queryValue("dial_stat")) {
    domain::DialStat s;
    domain::parse(*v, s) ? void(q.dial_stat = s) : errs.add("dial_stat", "is not a call status");
  }
  if (auto v = req.queryValue("hup_usr")) {
    domain::HupUsr h;
    domain::parse(*v, h) ? void(q.hup_usr = h) : errs.add("hup_usr", "is caller, callee or system");
  }
  if (auto v = req.queryValue("state")) {
    domain::CallState s;
    domain::parse(*v, s) ? void(q.state = s) : errs.add("state", "is in_progress or finished");
  }
}

}  // namespace

void addCallRoutes(Router& router, ApiContext& ctx) {
  router.get(
      "/api/v1/calls",
      [&ctx](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        FieldErrors errs;
        PagingRules rules;
        rules.sortable = {"seq_num",     "din_tms",   "eoc_tms",     "din_id",    "fwd_id",
                          "client_id",   "dialin_id", "dial_stat",   "hup_usr",   "calling_sec",
                          "talking_sec", "conn_sec",  "call_charge", "valid_res", "clr_type"};
        rules.default_sort = "-din_tms";
        auto page = parsePaging(req, rules, errs);
        store::CallQuery q;
        readCallQuery(req, q, errs);
        if (!errs.empty()) return errs.toResponse();
        auto tx = beginTx(ctx, false);
        if (!tx) return tx.problem();
        auto rows = ctx.calls.list(**tx, *p, q, toStore(page));
        if (!rows) return problem(rows.error());
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : rows->items) items.push_back(ctx.calls.toJson(r, *p));
        return Response::json(200, pageEnvelope(std::move(items), page, rows->total));
      },
      "list_calls");
  router.get(
      "/api/v1/calls/{trn_id}",
      [&ctx](Request& req) -> Response {
        auto p = authenticate(ctx, req);
        if (!p) return p.problem();
        std::string trn(req.param("trn_id"));
        auto tx = beginTx(ctx, false);
        if (!tx) return tx.problem();
        auto r = ctx.calls.get(**tx, *p, trn);
        if (!r) return problem(r.error());
        return Response::json(200, ctx.calls.toJson(*r, *p));
      },
      "get_call");
}

}  // namespace hk::api
