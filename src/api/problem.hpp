#pragma once
// THE one place where an hk::Error becomes HTTP: a status code and an RFC 9457
// application/problem+json body
//   {"type","title","status","detail","errors":[{"field","reason"}]}
// Field names in "errors" are JSON Pointers for bodies ("/destinations/2") and plain
// parameter names for query strings ("per_page").
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "api/http_types.hpp"
#include "base/result.hpp"

namespace hk::api {

inline constexpr const char* kProblemContentType = "application/problem+json";

using FieldError = hk::FieldIssue;

// Invalid→400, NotFound→404, Conflict→409, Unauthorized→401, Forbidden→403,
// Unavailable→503, Timeout→504, TooLarge→413, Internal→500.
int httpStatus(Code code);

// A problem response with any status. 401 carries "WWW-Authenticate: Bearer".
Response problem(int status, std::string detail, std::vector<FieldError> errors = {});

// An Error as a problem. Error::field, when set, becomes the one entry of "errors".
// Internal errors are logged (logger "api") and answered with a generic detail.
Response problem(const Error& error);

// Collects every bad field of a request so that one response names them all.
class FieldErrors {
 public:
  void add(std::string field, std::string reason);
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<FieldError>& items() const { return items_; }
  // 400 by default; 422 for well-formed documents that break a rule (flows).
  Response toResponse(int status = 400, std::string detail = {}) const;

 private:
  std::vector<FieldError> items_;
};

// A value, or the problem response to send instead of it.
template <class T>
class HttpResult {
 public:
  HttpResult(T v) : v_(std::in_place_index<0>, std::move(v)) {}                     // NOLINT
  HttpResult(Response problem) : v_(std::in_place_index<1>, std::move(problem)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  Response& problem() { return std::get<1>(v_); }
  const Response& problem() const { return std::get<1>(v_); }

 private:
  std::variant<T, Response> v_;
};

}  // namespace hk::api
