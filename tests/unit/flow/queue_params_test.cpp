// The queue step's retry_sec (flow/verbs/queue.cpp): accepted from 1 to 600 seconds, refused
// out of range or not an integer, with the step's JSON Pointer and the reason.
#include <gtest/gtest.h>

#include "flow/flow_doc.hpp"

namespace hk::flow {
namespace {

Json queueDoc(const Json& retry) {
  return {{"name", "t"},
          {"start", "try"},
          {"steps",
           {{"try", {{"verb", "forward"}, {"targets", {"0311110001"}}, {"on_busy", "q"}}},
            {"q", {{"verb", "queue"}, {"retry_sec", retry}, {"next", "try"}}}}}};
}

struct Case {
  Json retry;
  const char* reason;  // nullptr: accepted
};

TEST(QueueParams, RetrySecTable) {
  const Case cases[] = {
      {1, nullptr},
      {30, nullptr},
      {600, nullptr},
      {0, "must be between 1 and 600"},
      {601, "must be between 1 and 600"},
      {-5, "must be between 1 and 600"},
      {1.5, "must be an integer"},
      {"30", "must be an integer"},
      {true, "must be an integer"},
      {nullptr, "must be an integer"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.retry.dump());
    auto check = checkFlow(queueDoc(c.retry), VerbRegistry::builtin(), "/document");
    if (!c.reason) {
      EXPECT_TRUE(check.ok());
      EXPECT_TRUE(check.warnings.empty());
      continue;
    }
    ASSERT_EQ(check.errors.size(), 1u);
    EXPECT_EQ(check.errors[0].field, "/document/steps/q/retry_sec");
    EXPECT_EQ(check.errors[0].reason, c.reason);
  }
}

TEST(QueueParams, RetrySecIsOptional) {
  Json doc = queueDoc(30);
  doc["steps"]["q"].erase("retry_sec");
  EXPECT_TRUE(checkFlow(doc).ok());
}

}  // namespace
}  // namespace hk::flow
