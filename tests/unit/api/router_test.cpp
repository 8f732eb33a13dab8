#include "api/router.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace hk::api {
namespace {

Request make(std::string method, std::string target) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.path = r.target.substr(0, r.target.find('?'));
  return r;
}

Response echo(const std::string& tag) { return Response::text(200, tag); }

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.get(
        "/api/v1/numbers", [](Request&) { return echo("list"); }, "numbers.list");
    router_.post(
        "/api/v1/numbers", [](Request&) { return echo("create"); }, "numbers.create");
    router_.get("/api/v1/numbers/{id}",
                [](Request& r) { return echo("get " + std::string(r.param("id"))); });
    router_.del("/api/v1/numbers/{id}", [](Request&) { return echo("delete"); });
    router_.get("/api/v1/numbers/search", [](Request&) { return echo("search"); });
    router_.get("/api/v1/advertisers/{adv}/numbers/{id}", [](Request& r) {
      return echo(std::string(r.param("adv")) + "/" + std::string(r.param("id")));
    });
  }
  Router router_;
};

TEST_F(RouterTest, MatchesExactPaths) {
  auto req = make("GET", "/api/v1/numbers?page=2");
  EXPECT_EQ(router_.handle(req).body, "list");
  req = make("POST", "/api/v1/numbers");
  EXPECT_EQ(router_.handle(req).body, "create");
}

TEST_F(RouterTest, ExtractsDecodedPathParameters) {
  auto req = make("GET", "/api/v1/numbers/0312345678");
  EXPECT_EQ(router_.handle(req).body, "get 0312345678");
  req = make("GET", "/api/v1/numbers/a%2Fb%20c");
  EXPECT_EQ(router_.handle(req).body, "get a/b c");
  req = make("GET", "/api/v1/advertisers/7/numbers/42");
  EXPECT_EQ(router_.handle(req).body, "7/42");
  EXPECT_EQ(req.param("adv"), "7");
  EXPECT_EQ(req.param("missing"), "");
}

TEST_F(RouterTest, LiteralSegmentWinsOverParameter) {
  auto req = make("GET", "/api/v1/numbers/search");
  EXPECT_EQ(router_.handle(req).body, "search");
}

TEST_F(RouterTest, UnknownPathIs404Problem) {
  for (const char* target : {"/api/v1/nothing", "/api/v1/numbers/1/extra", "/api/v1/numbers/",
                             "/api/v1/numbers//", "/"}) {
    auto req = make("GET", target);
    Response res = router_.handle(req);
    EXPECT_EQ(res.status, 404) << target;
    EXPECT_EQ(res.content_type, "application/problem+json");
    EXPECT_EQ(nlohmann::json::parse(res.body)["status"], 404);
  }
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto req = make("PUT", "/api/v1/numbers/9");
  Response res = router_.handle(req);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.headers.get("allow"), "GET, HEAD, DELETE");
  EXPECT_EQ(res.content_type, "application/problem+json");

  req = make("DELETE", "/api/v1/numbers");
  res = router_.handle(req);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.headers.get("Allow"), "GET, HEAD, POST");
}

TEST_F(RouterTest, HeadRunsGetWithoutBody) {
  auto req = make("HEAD", "/api/v1/numbers/5");
  Response res = router_.handle(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "get 5");  // kept so Content-Length matches GET
  EXPECT_FALSE(res.send_body);
}

TEST_F(RouterTest, RoutesListsEveryRegistration) {
  auto routes = router_.routes();
  ASSERT_EQ(routes.size(), 6u);
  EXPECT_EQ(routes[0].method, "GET");
  EXPECT_EQ(routes[0].pattern, "/api/v1/numbers");
  EXPECT_EQ(routes[0].name, "numbers.list");
  EXPECT_EQ(routes[3].method, "DELETE");
  EXPECT_EQ(routes[3].pattern, "/api/v1/numbers/{id}");
}

TEST(Router, RejectsBadPatternsAtRegistration) {
  Router r;
  auto h = [](Request&) { return Response::noContent(); };
  EXPECT_THROW(r.get("no-slash", h), std::invalid_argument);
  EXPECT_THROW(r.get("/a/{}", h), std::invalid_argument);
  EXPECT_THROW(r.get("/a/{x}/{x}", h), std::invalid_argument);
  EXPECT_THROW(r.get("/a/b{x}", h), std::invalid_argument);
  r.get("/a/{x}", h);
  EXPECT_THROW(r.get("/a/{x}", h), std::invalid_argument);
  EXPECT_NO_THROW(r.post("/a/{x}", h));
}

TEST(Router, BadEscapeInParameterIs400) {
  Router r;
  r.get("/n/{id}", [](Request&) { return Response::noContent(); });
  Request req = make("GET", "/n/%zz");
  EXPECT_EQ(r.handle(req).status, 400);
}

}  // namespace
}  // namespace hk::api
