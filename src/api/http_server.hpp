#pragma once
// The HTTP/1.1 server behind the API and the web UI: keep-alive, pipelining, limits on
// header and body size, timeouts, a request id per request, one access-log line per
// request (logger "api") and request metrics. Asio and Beast stay in the .cpp files.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "api/router.hpp"
#include "base/metrics.hpp"
#include "base/result.hpp"

namespace hk::api {

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8080";           // "host:port", "[::1]:port"; port 0 picks one
  size_t threads = 2;                              // one event loop per thread
  size_t max_header_bytes = 16384;                 // beyond: 431
  size_t max_body_bytes = 1024 * 1024;             // beyond: 413
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive wait for the next request
  std::chrono::milliseconds read_timeout{15'000};  // to receive a whole request / send a reply
  std::chrono::milliseconds drain_timeout{5'000};  // stop(): time left to in-flight requests
};

class HttpServer {
 public:
  using Options = HttpServerOptions;

  // `router` and `metrics` must outlive the server; register routes before start().
  HttpServer(Options options, const Router& router, metrics::Registry& metrics);
  ~HttpServer();  // stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the threads. Returns the port actually bound.
  Result<uint16_t> start();
  // Graceful: stops accepting, closes idle connections, lets requests in flight finish
  // (up to drain_timeout), then joins the threads. Idempotent. Never call it from a handler.
  void stop();
  uint16_t port() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hk::api
