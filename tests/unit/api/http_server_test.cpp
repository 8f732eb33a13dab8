#include "api/http_server.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>

#include <atomic>
#include <mutex>
#include <stdexcept>

#include "api/health.hpp"
#include "base/log.hpp"
#include "test_http_client.hpp"

namespace hk::api {
namespace {

using test::HttpClient;
using test::Reply;

// Collects the "api" logger's lines.
class CaptureSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> lines() {
    std::lock_guard lk(mutex_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    lines_.emplace_back(msg.payload.data(), msg.payload.size());
  }
  void flush_() override {}

 private:
  std::vector<std::string> lines_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.get("/hello", [](Request&) { return Response::text(200, "hello"); });
    router_.post("/echo", [](Request& r) {
      return Response::text(200, r.body, std::string(r.header("Content-Type")));
    });
    router_.get("/boom", [](Request&) -> Response { throw std::runtime_error("kaboom"); });
    router_.get("/who", [](Request& r) {
      r.attrs[kAttrPrincipal] = "user:7";
      return Response::text(200, r.remote);
    });
    router_.get("/items/{id}", [](Request& r) {
      return Response::json(200, {{"id", r.param("id")}, {"q", r.queryValues("q")}});
    });
    addHealthRoutes(router_, metrics_, [this] { return ready_.load(); });
    sink_ = std::make_shared<CaptureSink>();
    log::get("api")->sinks().push_back(sink_);
  }

  void TearDown() override {
    server_.reset();
    auto& sinks = log::get("api")->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
  }

  uint16_t start(HttpServerOptions o = {}) {
    o.listen = "127.0.0.1:0";
    if (o.max_header_bytes == HttpServerOptions{}.max_header_bytes) o.max_header_bytes = 1024;
    if (o.max_body_bytes == HttpServerOptions{}.max_body_bytes) o.max_body_bytes = 1024;
    server_ = std::make_unique<HttpServer>(o, router_, metrics_);
    auto port = server_->start();
    EXPECT_TRUE(port) << port.error().message;
    EXPECT_NE(*port, 0);
    return *port;
  }

  uint64_t served(int status) {
    return metrics_
        .counter("hankyo_http_requests_total", "HTTP requests served, by status",
                 "status=\"" + std::to_string(status) + "\"")
        .value();
  }

  Router router_;
  metrics::Registry metrics_;
  std::atomic<bool> ready_{true};
  std::shared_ptr<CaptureSink> sink_;
  std::unique_ptr<HttpServer> server_;
};

void expectProblem(const Reply& r, int status) {
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  auto j = r.json();
  EXPECT_EQ(j["status"], status);
  EXPECT_FALSE(j["detail"].get<std::string>().empty());
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  HttpClient c(start());
  std::set<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    Reply r = c.request("GET", "/hello");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "hello");
    EXPECT_EQ(r.header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_FALSE(r.hasHeader("Connection"));
    EXPECT_TRUE(r.hasHeader("Date"));
    ids.insert(r.header("X-Request-Id"));
  }
  EXPECT_EQ(ids.size(), 3u);  // one fresh id per request
  Reply who = c.request("GET", "/who");
  EXPECT_EQ(who.body, "127.0.0.1:" + std::to_string(c.localPort()));
  EXPECT_EQ(served(200), 4u);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  HttpClient c(start());
  c.sendRaw(
      "GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\n"
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/x\r\nContent-Length: 5\r\n\r\nabcde"
      "GET /items/3?q=a+b&q=%41 HTTP/1.1\r\nHost: t\r\n\r\n");
  Reply a = c.read();
  Reply b = c.read();
  Reply d = c.read();
  EXPECT_EQ(a.json()["id"], "1");
  EXPECT_EQ(b.body, "abcde");
  EXPECT_EQ(b.header("content-type"), "text/x");
  EXPECT_EQ(d.json(), nlohmann::json::parse(R"({"id":"3","q":["a b","A"]})"));
}

TEST_F(HttpServerTest, ClientRequestIdIsKeptOnlyWhenSane) {
  HttpClient c(start());
  EXPECT_EQ(
      c.request("GET", "/hello", {}, {{"X-Request-Id", "abc-123.X_y"}}).header("X-Request-Id"),
      "abc-123.X_y");
  std::string made =
      c.request("GET", "/hello", {}, {{"X-Request-Id", "bad id\"<>"}}).header("X-Request-Id");
  EXPECT_FALSE(made.empty());
  EXPECT_EQ(made.find(' '), std::string::npos);
  std::string too_long(65, 'a');
  EXPECT_NE(c.request("GET", "/hello", {}, {{"X-Request-Id", too_long}}).header("X-Request-Id"),
            too_long);
}

TEST_F(HttpServerTest, OversizedHeaderIs431AndCloses) {
  HttpClient c(start());
  Reply r = c.request("GET", "/hello", {}, {{"X-Big", std::string(2000, 'a')}});
  expectProblem(r, 431);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(c.waitClosed());
  EXPECT_EQ(served(431), 1u);
}

TEST_F(HttpServerTest, OversizedBodyIs413AndCloses) {
  uint16_t port = start();
  {
    HttpClient c(port);  // declared length over the limit: refused before the body
    c.sendRaw("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n");
    Reply r = c.read();
    expectProblem(r, 413);
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_TRUE(c.waitClosed());
  }
  {
    HttpClient c(port);  // chunked: refused once the chunks pass the limit
    c.sendRaw("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
              std::string(0x800, 'x') + "\r\n0\r\n\r\n");
    expectProblem(c.read(), 413);
    EXPECT_TRUE(c.waitClosed());
  }
  {
    HttpClient c(port);  // exactly at the limit is fine
    Reply r = c.request("POST", "/echo", std::string(1024, 'y'));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.size(), 1024u);
  }
}

TEST_F(HttpServerTest, ChunkedBodyIsAssembled) {
  HttpClient c(start());
  c.sendRaw(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  EXPECT_EQ(c.read().body, "abcde");
}

TEST_F(HttpServerTest, MalformedRequestIs400AndCloses) {
  uint16_t port = start();
  for (const char* raw : {"GARBAGE\r\n\r\n", "GET /hello HTTP/1.1\r\nNo colon here\r\n\r\n",
                          "GET /hello HTTP/1.1\r\nContent-Length: x\r\n\r\n"}) {
    HttpClient c(port);
    c.sendRaw(raw);
    Reply r = c.read();
    expectProblem(r, 400);
    EXPECT_TRUE(c.waitClosed()) << raw;
  }
  HttpClient c(port);  // a bad target is answered and the connection stays usable
  c.sendRaw("GET http://elsewhere/ HTTP/1.1\r\nHost: t\r\n\r\n");
  expectProblem(c.read(), 400);
  EXPECT_EQ(c.request("GET", "/hello").status, 200);
}

TEST_F(HttpServerTest, UnknownPathAndWrongMethodAreProblems) {
  HttpClient c(start());
  expectProblem(c.request("GET", "/nope"), 404);
  Reply r = c.request("DELETE", "/hello");
  expectProblem(r, 405);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD");
  EXPECT_EQ(c.request("GET", "/hello").status, 200);
}

TEST_F(HttpServerTest, ThrowingHandlerIs500AndTheServerKeepsServing) {
  uint16_t port = start();
  HttpClient c(port);
  Reply r = c.request("GET", "/boom");
  expectProblem(r, 500);
  EXPECT_EQ(r.body.find("kaboom"), std::string::npos);
  EXPECT_EQ(c.request("GET", "/hello").status, 200);
  HttpClient other(port);
  EXPECT_EQ(other.request("GET", "/hello").status, 200);
  bool logged = false;
  for (const auto& l : sink_->lines()) logged |= l.find("kaboom") != std::string::npos;
  EXPECT_TRUE(logged);
}

TEST_F(HttpServerTest, HeadSendsHeadersOnly) {
  HttpClient c(start());
  Reply r = c.request("HEAD", "/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Length"), "5");
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(c.request("GET", "/hello").body, "hello");  // no stray body bytes in between
}

TEST_F(HttpServerTest, ExpectContinueGetsAnInterimReply) {
  HttpClient c(start());
  c.sendRaw("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  EXPECT_EQ(c.read().status, 100);
  c.sendRaw("xyz");
  Reply r = c.read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "xyz");
}

TEST_F(HttpServerTest, ConnectionCloseAndHttp10) {
  uint16_t port = start();
  {
    HttpClient c(port);
    Reply r = c.request("GET", "/hello", {}, {{"Connection", "close"}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_TRUE(c.waitClosed());
  }
  {
    HttpClient c(port);
    c.sendRaw("GET /hello HTTP/1.0\r\n\r\n");
    EXPECT_EQ(c.read().body, "hello");
    EXPECT_TRUE(c.waitClosed());
  }
  {
    HttpClient c(port);
    c.sendRaw("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    Reply r = c.read();
    EXPECT_EQ(r.header("Connection"), "keep-alive");
    EXPECT_EQ(c.request("GET", "/hello").status, 200);
  }
}

TEST_F(HttpServerTest, HealthzFollowsReadiness) {
  HttpClient c(start());
  Reply up = c.request("GET", "/healthz");
  EXPECT_EQ(up.status, 200);
  EXPECT_EQ(up.json(), nlohmann::json::parse(R"({"status":"ok"})"));
  ready_ = false;
  EXPECT_EQ(c.request("GET", "/healthz").status, 503);
}

TEST_F(HttpServerTest, MetricsCountRequestsByStatus) {
  HttpClient c(start());
  c.request("GET", "/hello");
  c.request("GET", "/nope");
  Reply m = c.request("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.header("Content-Type"), "text/plain; version=0.0.4");
  EXPECT_NE(m.body.find("hankyo_http_requests_total{status=\"200\"} 1\n"), std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("hankyo_http_requests_total{status=\"404\"} 1\n"), std::string::npos);
  EXPECT_NE(m.body.find("# TYPE hankyo_http_request_duration_microseconds_total counter"),
            std::string::npos);
  EXPECT_NE(m.body.find("hankyo_http_connections_active 1\n"), std::string::npos);
}

TEST_F(HttpServerTest, OneAccessLogLinePerRequest) {
  HttpClient c(start());
  Reply r = c.request("GET", "/who?secret=1", {}, {{"X-Request-Id", "trace-42"}});
  c.request("GET", "/nope");
  std::vector<std::string> access;
  for (const auto& l : sink_->lines()) {
    if (l.rfind("access ", 0) == 0) access.push_back(l);
  }
  ASSERT_EQ(access.size(), 2u);
  EXPECT_NE(access[0].find("method=GET path=/who status=200 bytes=" +
                           std::to_string(r.body.size()) + " dur_us="),
            std::string::npos)
      << access[0];
  EXPECT_NE(access[0].find("req_id=trace-42 principal=user:7"), std::string::npos) << access[0];
  EXPECT_EQ(access[0].find("secret"), std::string::npos);  // no query string in the log
  EXPECT_NE(access[1].find("path=/nope status=404"), std::string::npos);
  EXPECT_NE(access[1].find("principal=-"), std::string::npos);
}

TEST_F(HttpServerTest, IdleAndSlowConnectionsAreClosed) {
  HttpServerOptions o;
  o.idle_timeout = std::chrono::milliseconds(50);
  o.read_timeout = std::chrono::milliseconds(50);
  uint16_t port = start(o);
  HttpClient idle(port);
  EXPECT_TRUE(idle.waitClosed());
  HttpClient slow(port);
  slow.sendRaw("GET /hello HTTP/1.1\r\nHost: t\r\n");  // never finishes its header
  EXPECT_TRUE(slow.waitClosed());
  HttpClient after(port);
  EXPECT_EQ(after.request("GET", "/hello").status, 200);
}

TEST_F(HttpServerTest, StopClosesIdleConnectionsAndJoins) {
  uint16_t port = start();
  HttpClient c(port);
  EXPECT_EQ(c.request("GET", "/hello").status, 200);
  server_->stop();
  EXPECT_TRUE(c.waitClosed());
  EXPECT_THROW(HttpClient{port}, std::runtime_error);  // no longer listening
  server_->stop();                                     // idempotent
}

TEST_F(HttpServerTest, ManyClientsAcrossThreads) {
  uint16_t port = start();
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < 8; ++i) clients.push_back(std::make_unique<HttpClient>(port));
  for (int round = 0; round < 5; ++round) {
    for (auto& c : clients) {
      c->sendRaw("GET /items/" + std::to_string(round) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    }
    for (auto& c : clients) EXPECT_EQ(c->read().json()["id"], std::to_string(round));
  }
  EXPECT_EQ(served(200), 40u);
}

TEST(HttpServer, StartReportsBadOrBusyListenAddresses) {
  Router router;
  metrics::Registry metrics;
  HttpServerOptions o;
  o.listen = "not-an-address";
  HttpServer bad(o, router, metrics);
  auto r = bad.start();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Invalid);

  o.listen = "127.0.0.1:0";
  HttpServer first(o, router, metrics);
  auto port = first.start();
  ASSERT_TRUE(port);
  o.listen = "127.0.0.1:" + std::to_string(*port);
  HttpServer second(o, router, metrics);
  auto busy = second.start();
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, Code::Unavailable);
  EXPECT_FALSE(first.start());  // already running
}

}  // namespace
}  // namespace hk::api
