#pragma once
// Beast's HTTP/1.1 request parser writing straight into a reused hk::api::Request, so a
// keep-alive connection parses request after request without allocating.
#include <algorithm>
#include <boost/beast/http/basic_parser.hpp>
#include <cstdint>

#include "api/http_types.hpp"

namespace hk::api::detail {

class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;
  using field = boost::beast::http::field;
  using verb = boost::beast::http::verb;

  RequestParser(Request& req, uint32_t max_header, uint64_t max_body) : req_(req) {
    header_limit(max_header);
    body_limit(max_body);
    eager(true);
    max_body_ = max_body;
  }

  int version() const { return version_; }
  bool expectContinue() const { return expect_continue_; }

 private:
  void on_request_impl(verb, string_view method, string_view target, int version,
                       error_code&) override {
    req_.method.assign(method.data(), method.size());
    for (char& c : req_.method) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    req_.target.assign(target.data(), target.size());
    version_ = version;
  }
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(field f, string_view name, string_view value, error_code&) override {
    req_.headers.add({name.data(), name.size()}, {value.data(), value.size()});
    if (f == field::expect && equalsIgnoreCase({value.data(), value.size()}, "100-continue")) {
      expect_continue_ = true;
    }
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    if (length) req_.body.reserve(static_cast<size_t>(std::min(*length, max_body_)));
  }
  std::size_t on_body_impl(string_view body, error_code&) override {
    req_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
    req_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  Request& req_;
  uint64_t max_body_ = 0;
  int version_ = 11;
  bool expect_continue_ = false;
};

}  // namespace hk::api::detail
