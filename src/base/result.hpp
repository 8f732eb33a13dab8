#pragma once
// Result<T>: a value or an Error, with the shape of std::expected (C++23) so it can be
// swapped for it later. Errors always carry a reason.
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace hk {

enum class Code {
  Invalid,  // bad input from outside (API body, SIP message, config)
  NotFound,
  Conflict,      // unique key taken, state does not allow it
  Unauthorized,  // no or bad credentials
  Forbidden,     // credentials fine, scope does not allow it
  Unavailable,   // a dependency (database, trunk) cannot serve now
  Timeout,
  TooLarge,
  Internal,
};

const char* codeName(Code c);

// One bad field of an input: a JSON Pointer ("/destinations/2"), a query parameter or a
// config key, and why.
struct FieldIssue {
  std::string field;
  std::string reason;
  bool operator==(const FieldIssue&) const = default;
};

struct Error {
  Code code = Code::Internal;
  std::string message;
  std::string field;               // the offending field, key or JSON pointer, when there is one
  std::vector<FieldIssue> fields;  // every bad field, when the input had several

  static Error invalid(std::string msg, std::string field = {}) {
    return {Code::Invalid, std::move(msg), std::move(field), {}};
  }
  static Error notFound(std::string msg) { return {Code::NotFound, std::move(msg), {}, {}}; }
  static Error conflict(std::string msg) { return {Code::Conflict, std::move(msg), {}, {}}; }
  static Error unavailable(std::string msg) { return {Code::Unavailable, std::move(msg), {}, {}}; }
  static Error internal(std::string msg) { return {Code::Internal, std::move(msg), {}, {}}; }
};

template <class E>
struct Unexpected {
  E error;
};
inline Unexpected<Error> fail(Error e) { return {std::move(e)}; }
inline Unexpected<Error> fail(Code c, std::string msg, std::string field = {}) {
  return {Error{c, std::move(msg), std::move(field), {}}};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T v) : v_(std::in_place_index<0>, std::move(v)) {}  // NOLINT(implicit)
  Result(Unexpected<Error> u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
  Result(Error e) : v_(std::in_place_index<1>, std::move(e)) {}                    // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error& error() { return std::get<1>(v_); }
  template <class U>
  T value_or(U&& d) const& {
    return has_value() ? value() : T(std::forward<U>(d));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected<Error> u) : e_(std::move(u.error)) {}  // NOLINT
  Result(Error e) : e_(std::move(e)) {}                    // NOLINT
  bool has_value() const { return !e_.has_value(); }
  explicit operator bool() const { return has_value(); }
  const Error& error() const { return *e_; }
  Error& error() { return *e_; }

 private:
  std::optional<Error> e_;
};

using Status = Result<void>;
inline Status ok() { return {}; }

}  // namespace hk
