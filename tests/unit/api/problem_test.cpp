#include "api/problem.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hk::api {
namespace {

TEST(Problem, MapsEveryErrorCode) {
  EXPECT_EQ(httpStatus(Code::Invalid), 400);
  EXPECT_EQ(httpStatus(Code::NotFound), 404);
  EXPECT_EQ(httpStatus(Code::Conflict), 409);
  EXPECT_EQ(httpStatus(Code::Unauthorized), 401);
  EXPECT_EQ(httpStatus(Code::Forbidden), 403);
  EXPECT_EQ(httpStatus(Code::Unavailable), 503);
  EXPECT_EQ(httpStatus(Code::Timeout), 504);
  EXPECT_EQ(httpStatus(Code::TooLarge), 413);
  EXPECT_EQ(httpStatus(Code::Internal), 500);
}

TEST(Problem, BodyIsProblemJson) {
  Response r = problem(Error::notFound("number 42 does not exist"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["type"], "about:blank");
  EXPECT_EQ(j["title"], "Not Found");
  EXPECT_EQ(j["status"], 404);
  EXPECT_EQ(j["detail"], "number 42 does not exist");
  EXPECT_TRUE(j["errors"].is_array());
  EXPECT_TRUE(j["errors"].empty());
}

TEST(Problem, ErrorFieldBecomesAnErrorsEntry) {
  Response r = problem(Error::invalid("must be E.164", "/forward_to"));
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["field"], "/forward_to");
  EXPECT_EQ(j["errors"][0]["reason"], "must be E.164");
}

TEST(Problem, UnauthorizedAsksForBearer) {
  Response r = problem(Error{Code::Unauthorized, "missing token", {}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers.get("WWW-Authenticate"), "Bearer");
  EXPECT_FALSE(problem(Error{Code::Forbidden, "scope", {}}).headers.has("WWW-Authenticate"));
}

TEST(Problem, InternalErrorDoesNotLeakItsMessage) {
  Response r = problem(Error::internal("sqlite: disk I/O error at /var/lib/secret.db"));
  EXPECT_EQ(r.status, 500);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["detail"], "internal error");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST(Problem, FieldErrorsCollectIntoOneResponse) {
  FieldErrors errors;
  EXPECT_TRUE(errors.empty());
  errors.add("/name", "is required");
  errors.add("/destinations/2", "must be a string");
  Response r = errors.toResponse();
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["detail"], "2 fields are invalid");
  ASSERT_EQ(j["errors"].size(), 2u);
  EXPECT_EQ(j["errors"][1]["field"], "/destinations/2");

  Response r422 = errors.toResponse(422, "flow is invalid");
  EXPECT_EQ(r422.status, 422);
  EXPECT_EQ(nlohmann::json::parse(r422.body)["title"], "Unprocessable Content");
  EXPECT_EQ(nlohmann::json::parse(r422.body)["detail"], "flow is invalid");
}

}  // namespace
}  // namespace hk::api
