#include "api/http_server.hpp"

#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <charconv>
#include <vector>

#include "api/detail/connection.hpp"
#include "base/ids.hpp"

namespace hk::api {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

// "127.0.0.1:80", "[::1]:0", "*:8080", ":8080", "localhost:0".
Result<tcp::endpoint> parseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return fail(Code::Invalid, "listen must be host:port", "listen");
  std::string host = listen.substr(0, colon);
  std::string port_s = listen.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_s.data(), port_s.data() + port_s.size(), port);
  if (ec != std::errc() || end != port_s.data() + port_s.size() || port > 65535) {
    return fail(Code::Invalid, "bad port in listen address " + listen, "listen");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host == "*") host = "0.0.0.0";
  if (host == "localhost") host = "127.0.0.1";
  error_code aec;
  auto addr = asio::ip::make_address(host, aec);
  if (aec) return fail(Code::Invalid, "bad host in listen address " + listen, "listen");
  return tcp::endpoint(addr, static_cast<uint16_t>(port));
}

}  // namespace

struct HttpServer::Impl {
  Impl(Options o, const Router& r, metrics::Registry& m)
      : shared{std::move(o), r, detail::ServerStats(m), {}} {}

  void doAccept();
  void onAccept(detail::Worker& target, const error_code& ec, tcp::socket socket);

  detail::ServerShared shared;
  std::vector<std::unique_ptr<detail::Worker>> workers;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::steady_timer> accept_retry;
  size_t next_worker = 0;
  uint16_t port = 0;
  bool running = false;
};

void HttpServer::Impl::doAccept() {
  detail::Worker& target = *workers[next_worker++ % workers.size()];
  acceptor->async_accept(target.ioc, [this, &target](const error_code& ec, tcp::socket s) {
    onAccept(target, ec, std::move(s));
  });
}

void HttpServer::Impl::onAccept(detail::Worker& target, const error_code& ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
  if (ec) {
    // Out of descriptors and the like: back off a little instead of spinning.
    HK_LOG_WARN(&shared.stats.log(), "accept failed: {}", ec.message());
    accept_retry->expires_after(std::chrono::milliseconds(50));
    accept_retry->async_wait([this](const error_code& wec) {
      if (!wec && acceptor->is_open()) doAccept();
    });
    return;
  }
  asio::post(target.ioc, [&target, s = std::move(socket)]() mutable {
    detail::Connection::open(target, std::move(s));
  });
  doAccept();
}

HttpServer::HttpServer(Options options, const Router& router, metrics::Registry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

HttpServer::~HttpServer() { stop(); }

uint16_t HttpServer::port() const { return impl_->port; }

Result<uint16_t> HttpServer::start() {
  Impl& s = *impl_;
  if (s.running || !s.workers.empty()) return fail(Code::Conflict, "HTTP server already started");
  auto ep = parseListen(s.shared.options.listen);
  if (!ep) return ep.error();
  s.shared.id_prefix = randomHex(4) + "-";
  size_t threads = std::max<size_t>(1, s.shared.options.threads);
  for (size_t i = 0; i < threads; ++i) {
    s.workers.push_back(std::make_unique<detail::Worker>(s.shared, static_cast<unsigned>(i)));
  }
  s.acceptor = std::make_unique<tcp::acceptor>(s.workers[0]->ioc);
  s.accept_retry = std::make_unique<asio::steady_timer>(s.workers[0]->ioc);
  error_code ec;
  s.acceptor->open(ep->protocol(), ec);
  if (!ec) s.acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(*ep, ec);
  if (!ec) s.acceptor->listen(tcp::acceptor::max_listen_connections, ec);
  if (ec) {
    s.accept_retry.reset();
    s.acceptor.reset();
    s.workers.clear();
    return fail(Code::Unavailable,
                fmt::format("cannot listen on {}: {}", s.shared.options.listen, ec.message()));
  }
  s.port = s.acceptor->local_endpoint(ec).port();
  s.doAccept();
  for (auto& w : s.workers) {
    w->startSweep();
    w->thread = std::thread([raw = w.get()] { raw->run(); });
  }
  s.running = true;
  HK_LOG_INFO(&s.shared.stats.log(), "http listening on {} port={} threads={}",
              s.shared.options.listen, s.port, threads);
  return s.port;
}

void HttpServer::stop() {
  Impl& s = *impl_;
  if (!s.running) return;
  s.running = false;
  asio::post(s.workers[0]->ioc, [&s] {
    error_code ec;
    s.acceptor->close(ec);
    s.accept_retry->cancel();
  });
  for (auto& w : s.workers) {
    asio::post(w->ioc, [raw = w.get()] { raw->beginDrain(); });
  }
  for (auto& w : s.workers) {
    if (w->thread.joinable()) w->thread.join();
  }
  s.accept_retry.reset();
  s.acceptor.reset();
  s.workers.clear();
  HK_LOG_INFO(&s.shared.stats.log(), "http stopped");
}

}  // namespace hk::api
