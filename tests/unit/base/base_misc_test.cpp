#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <future>
#include <set>

#include "base/clock.hpp"
#include "base/executor.hpp"
#include "base/ids.hpp"
#include "base/log.hpp"
#include "base/metrics.hpp"

namespace hk {
namespace {

TEST(Ids, TrnIdIs24AlphanumericsAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = newTrnId();
    ASSERT_TRUE(isTrnId(id)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_FALSE(isTrnId("short"));
  EXPECT_FALSE(isTrnId("ABCDEFGHIJKLMNOPQRSTUVW-"));
}

TEST(Ids, RandomHex) {
  auto h = randomHex(16);
  EXPECT_EQ(h.size(), 32u);
  EXPECT_NE(h, randomHex(16));
}

TEST(Clock, FormatAndParseUtcRoundTrip) {
  WallTime t = fromMillis(1'795'460'279'123);
  std::string s = formatUtc(t);
  EXPECT_EQ(s, "2026-11-23T18:57:59.123Z");
  WallTime back;
  ASSERT_TRUE(parseUtc(s, back));
  EXPECT_EQ(back, t);
  ASSERT_TRUE(parseUtc("2026-11-24T03:57:59+09:00", back));
  EXPECT_EQ(toMillis(back), 1'795'460'279'000);
  EXPECT_FALSE(parseUtc("2026-13-01T00:00:00Z", back));
  EXPECT_FALSE(parseUtc("yesterday", back));
  EXPECT_FALSE(parseUtc("2026-11-23T18:57:59", back));
}

TEST(Log, MaskNumberHidesTheMiddle) {
  EXPECT_EQ(log::maskNumber("09012345678"), "090****5678");
  EXPECT_EQ(log::maskNumber("+81-90-1234-5678"), "+81-9*-****-5678");
  EXPECT_EQ(log::maskNumber("1234"), "****");
  EXPECT_EQ(log::maskNumber("anonymous"), "anonymous");
}

TEST(Metrics, RendersPrometheusText) {
  metrics::Registry r;
  r.counter("hankyo_http_requests_total", "HTTP requests", "status=\"200\"").inc(3);
  r.gauge("hankyo_calls_active", "Calls in progress").set(7);
  auto text = r.render();
  EXPECT_NE(text.find("# TYPE hankyo_http_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find("hankyo_http_requests_total{status=\"200\"} 3"), std::string::npos);
  EXPECT_NE(text.find("hankyo_calls_active 7"), std::string::npos);
  EXPECT_EQ(&r.gauge("hankyo_calls_active", "x"), &r.gauge("hankyo_calls_active", "x"));
}

TEST(EventLoop, PostAndTimersRunOnTheLoopThread) {
  EventLoop loop("test");
  std::promise<std::vector<int>> done;
  auto order = std::make_shared<std::vector<int>>();
  loop.post([&, order] {
    EXPECT_TRUE(loop.inLoopThread());
    loop.runAfter(std::chrono::milliseconds(2), [&, order] {
      order->push_back(2);
      done.set_value(*order);
    });
    auto id = loop.runAfter(std::chrono::milliseconds(1), [order] { order->push_back(99); });
    loop.cancelTimer(id);
    order->push_back(1);
  });
  loop.start();
  auto result = done.get_future().get();
  EXPECT_EQ(result, (std::vector<int>{1, 2}));
  loop.stop();
}

TEST(EventLoop, ItsThreadCarriesItsName) {
  EventLoop loop("media-12345678901");  // cut to the kernel's 15 characters
  std::promise<std::string> name;
  loop.post([&] {
    char buf[16] = {};
    pthread_getname_np(pthread_self(), buf, sizeof buf);
    name.set_value(buf);
  });
  loop.start();
  EXPECT_EQ(name.get_future().get(), "media-123456789");
  loop.stop();
}

TEST(WorkerPool, RunsPostedWork) {
  std::atomic<int> n{0};
  {
    WorkerPool pool("w", 2);
    for (int i = 0; i < 100; ++i) pool.post([&] { n++; });
  }
  EXPECT_EQ(n.load(), 100);
}

}  // namespace
}  // namespace hk
