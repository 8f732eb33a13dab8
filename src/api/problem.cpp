#include "api/problem.hpp"

#include <nlohmann/json.hpp>

#include "base/log.hpp"

namespace hk::api {

int httpStatus(Code code) {
  switch (code) {
    case Code::Invalid: return 400;
    case Code::NotFound: return 404;
    case Code::Conflict: return 409;
    case Code::Unauthorized: return 401;
    case Code::Forbidden: return 403;
    case Code::Unavailable: return 503;
    case Code::Timeout: return 504;
    case Code::TooLarge: return 413;
    case Code::Internal: return 500;
  }
  return 500;
}

Response problem(int status, std::string detail, std::vector<FieldError> errors) {
  nlohmann::json errs = nlohmann::json::array();
  for (auto& e : errors) {
    errs.push_back({{"field", std::move(e.field)}, {"reason", std::move(e.reason)}});
  }
  nlohmann::json body = {{"type", "about:blank"},
                         {"title", statusReason(status)},
                         {"status", status},
                         {"detail", std::move(detail)},
                         {"errors", std::move(errs)}};
  Response r = Response::json(status, body);
  r.content_type = kProblemContentType;
  if (status == 401) r.headers.set("WWW-Authenticate", "Bearer");
  return r;
}

Response problem(const Error& error) {
  int status = httpStatus(error.code);
  if (error.code == Code::Internal) {
    static auto lg = log::get("api");
    HK_LOG_ERROR(lg, "internal error: {}", error.message);
    return problem(status, "internal error");
  }
  if (!error.fields.empty()) {
    std::string detail = error.fields.size() == 1
                             ? "1 field is invalid"
                             : std::to_string(error.fields.size()) + " fields are invalid";
    return problem(status, std::move(detail), error.fields);
  }
  std::vector<FieldError> errors;
  if (!error.field.empty()) errors.push_back({error.field, error.message});
  return problem(status, error.message, std::move(errors));
}

void FieldErrors::add(std::string field, std::string reason) {
  items_.push_back({std::move(field), std::move(reason)});
}

Response FieldErrors::toResponse(int status, std::string detail) const {
  if (detail.empty()) {
    detail = items_.size() == 1 ? "1 field is invalid"
                                : std::to_string(items_.size()) + " fields are invalid";
  }
  return problem(status, std::move(detail), items_);
}

}  // namespace hk::api
