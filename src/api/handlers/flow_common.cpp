#include "api/handlers/flow_common.hpp"

#include <charconv>

#include "service/flows.hpp"

namespace hk::api {

HttpResult<std::optional<nlohmann::json>> optionalJsonBody(const Request& req) {
  if (req.body.empty() && req.headers.get("Content-Type").empty()) {
    return std::optional<nlohmann::json>();
  }
  auto body = parseJsonBody(req);
  if (!body) return body.problem();
  return std::optional<nlohmann::json>(std::move(*body));
}

Response bodyRequired() { return problem(400, "request body is empty; a JSON object is required"); }

Response flowProblem(const Error& e) {
  if (e.code != Code::Invalid || e.fields.empty()) return problem(e);
  const std::string doc = service::kDocumentPointer;
  for (const auto& f : e.fields) {
    bool inside = f.field == doc || f.field.starts_with(doc + "/");
    if (!inside) return problem(e);
  }
  std::string detail = e.fields.size() == 1 ? "the flow document breaks 1 rule"
                                            : "the flow document breaks " +
                                                  std::to_string(e.fields.size()) + " rules";
  return problem(422, std::move(detail), e.fields);
}

void idQuery(const Request& req, const char* key, std::optional<domain::Id>& out, FieldErrors& errs,
             bool allow_zero) {
  const std::string* v = req.queryValue(key);
  if (!v) return;
  domain::Id id = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
  if (ec != std::errc() || ptr != v->data() + v->size() || id < (allow_zero ? 0 : 1)) {
    errs.add(key, allow_zero ? "must be an integer id, or 0" : "must be a positive integer id");
    return;
  }
  out = id;
}

}  // namespace hk::api
