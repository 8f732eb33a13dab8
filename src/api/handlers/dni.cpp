// The public DNI endpoints the JS tag calls from advertisers' pages: no API key, the pool key
// names the pool. Served from the in-memory registry (no database on the request path).
#include <nlohmann/json.hpp>

#include "api/handlers/tracking_routes.hpp"
#include "api/json_body.hpp"
#include "api/problem.hpp"
#include "service/object_reader.hpp"
#include "tracking/phone_format.hpp"
#include "tracking/tag.hpp"

namespace hk::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxParams = 40;
constexpr size_t kMaxValue = 500;

bool isParamKey(const std::string& k) {
  if (k.empty() || k.size() > 40) return false;
  for (char c : k) {
    const bool good = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      c == '_' || c == '-' || c == '.';
    if (!good) return false;
  }
  return true;
}

std::string clientAddress(const Request& req) {
  auto colon = req.remote.rfind(':');
  return colon == std::string::npos ? req.remote : req.remote.substr(0, colon);
}

std::string queryKey(const Request& req) {
  const std::string* k = req.queryValue("pool_key");
  return k ? *k : std::string();
}

// The issue body onto `out`; every problem in `errs`.
void readIssue(const json& j, const Request& req, tracking::DniRequest& out,
               service::FieldErrors& errs) {
  service::ObjectReader r(j, errs, "");
  if (!r.isObject()) return;
  out.pool_key = queryKey(req);
  r.str("pool_key", out.pool_key, 64);
  r.str("visitor_id", out.visitor_id, 64);
  if (out.pool_key.empty()) errs.push_back({"/pool_key", "is required"});
  if (j.contains("page")) {
    service::ObjectReader page(j["page"], errs, "/page");
    std::string url, referrer, title;
    page.str("url", url, 2000);
    page.str("referrer", referrer, 2000);
    page.str("title", title, 300);
    page.rejectUnknown();
    if (!url.empty()) out.params.emplace_back("page_url", url);
    if (!referrer.empty()) out.params.emplace_back("page_referrer", referrer);
    if (!title.empty()) out.params.emplace_back("page_title", title);
  }
  if (j.contains("params")) {
    const json& p = j["params"];
    if (!p.is_object() || p.size() > kMaxParams) {
      errs.push_back({"/params", "must be an object of up to 40 string values"});
    } else {
      for (const auto& [k, v] : p.items()) {
        const std::string field = service::jsonPointer("/params", k);
        if (!isParamKey(k)) {
          errs.push_back({field, "keys are 1 to 40 letters, digits, '_', '-' or '.'"});
        } else if (!v.is_string() || v.get_ref<const std::string&>().size() > kMaxValue) {
          errs.push_back({field, "must be a string of at most 500 bytes"});
        } else {
          out.params.emplace_back(k, v.get<std::string>());
        }
      }
    }
  }
  r.rejectUnknown({"page", "params"});
}

// CORS: the Origin echoed when the pool allows it (never "*", never for another pool).
void allowOrigin(Response& res, const std::string& origin) {
  res.headers.set("Access-Control-Allow-Origin", origin);
  res.headers.set("Vary", "Origin");
}

Response dniProblem(TrackingApi& t, const Error& e, const std::string& key,
                    const std::string& origin) {
  Response res = problem(e);
  if (!origin.empty() && e.code != Code::Forbidden && t.registry.originAllowed(key, origin)) {
    allowOrigin(res, origin);
  }
  return res;
}

Response tooMany(int retry_after, const std::string& origin) {
  Response res = problem(429, "too many requests: slow down");
  res.headers.set("Retry-After", std::to_string(retry_after));
  if (!origin.empty()) allowOrigin(res, origin);
  return res;
}

json replyJson(const tracking::DniReply& r) {
  json j = {{"number", tracking::formatNational(r.number)},
            {"national", tracking::formatNational(r.number)},
            {"e164", tracking::toE164(r.number)},
            {"digits", r.number},
            {"tel", r.number.empty() ? std::string() : "tel:" + tracking::toE164(r.number)},
            {"lease_id", r.lease_id.empty() ? json(nullptr) : json(r.lease_id)},
            {"visitor_id", r.visitor_id},
            {"expires_in", r.expires_in},
            {"outcome", tracking::outcomeName(r.outcome)},
            {"confidence", r.confidence}};
  json targets = json::array();
  if (!r.default_number.empty()) targets.push_back(r.default_number);
  j["targets"] = targets;
  return j;
}

Response preflight(TrackingApi& t, Request& req) {
  const std::string origin(req.header("Origin"));
  if (origin.empty() || !t.registry.originAllowed(queryKey(req), origin)) {
    return problem(403, "this origin may not use the pool");
  }
  Response res = Response::noContent();
  allowOrigin(res, origin);
  res.headers.set("Access-Control-Allow-Methods", "POST, OPTIONS");
  res.headers.set("Access-Control-Allow-Headers", "Content-Type");
  res.headers.set("Access-Control-Max-Age", "600");
  return res;
}

}  // namespace

void addDniRoutes(Router& router, TrackingApi& t) {
  router.post(
      "/dni/v1/issue",
      [&t](Request& req) -> Response {
        auto body = parseJsonBody(req);
        if (!body) return body.problem();
        tracking::DniRequest in;
        service::FieldErrors errs;
        readIssue(*body, req, in, errs);
        in.origin = std::string(req.header("Origin"));
        if (!errs.empty()) return problem(service::invalidFields(errs));
        in.client = clientAddress(req);
        auto r = t.registry.issue(in);
        if (!r) return dniProblem(t, r.error(), in.pool_key, in.origin);
        if (r->retry_after > 0) return tooMany(r->retry_after, in.origin);
        Response res = Response::json(200, replyJson(*r));
        res.headers.set("Cache-Control", "no-store");
        if (!in.origin.empty()) allowOrigin(res, in.origin);
        return res;
      },
      "dni_issue");
  router.post(
      "/dni/v1/renew",
      [&t](Request& req) -> Response {
        auto body = parseJsonBody(req);
        if (!body) return body.problem();
        service::FieldErrors errs;
        service::ObjectReader r(*body, errs, "");
        std::string lease_id;
        r.str("lease_id", lease_id, 100);
        r.rejectUnknown();
        if (errs.empty() && lease_id.empty()) errs.push_back({"/lease_id", "is required"});
        if (!errs.empty()) return problem(service::invalidFields(errs));
        const std::string origin(req.header("Origin"));
        auto got = t.registry.renew(lease_id, origin, clientAddress(req));
        if (!got) return dniProblem(t, got.error(), queryKey(req), origin);
        if (got->retry_after > 0) return tooMany(got->retry_after, origin);
        Response res = Response::json(200, replyJson(*got));
        res.headers.set("Cache-Control", "no-store");
        if (!origin.empty()) allowOrigin(res, origin);
        return res;
      },
      "dni_renew");
  router.add(
      "OPTIONS", "/dni/v1/issue", [&t](Request& req) { return preflight(t, req); },
      "dni_issue_preflight");
  router.add(
      "OPTIONS", "/dni/v1/renew", [&t](Request& req) { return preflight(t, req); },
      "dni_renew_preflight");
  router.get(
      "/dni/v1/tag.js",
      [](Request&) -> Response {
        Response res = Response::text(200, std::string(tracking::tagScript()),
                                      "application/javascript; charset=utf-8");
        res.headers.set("Cache-Control", "public, max-age=300");
        return res;
      },
      "dni_tag");
}

}  // namespace hk::api
