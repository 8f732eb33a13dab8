// The media thread's Poller: every ready socket is handled, a round serves many sockets, a
// socket taken out in the middle of a round is not called, an idle poller wakes up for the
// next packet. UDP on 127.0.0.1, port 0; no sleeps (the loop is held with a latch).
#include "rtp/detail/poller.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <future>
#include <memory>
#include <vector>

#include "base/executor.hpp"
#include "unit/rtp/media_test_util.hpp"

namespace hk::rtp::detail {
namespace {

using test::UdpPeer;

// A socket in the poller: reads everything waiting, counts the datagrams.
struct Reader {
  UdpPeer sock;
  Watch watch;
  Poller* poller = nullptr;
  std::vector<Reader*>* remove_on_read = nullptr;  // these are taken out when this one reads
  int fd() const { return sock.fd(); }
  size_t got = 0;
};

void onRead(Watch& w) {
  auto* r = static_cast<Reader*>(w.owner);
  uint8_t buf[256];
  while (::recv(r->fd(), buf, sizeof buf, MSG_DONTWAIT) > 0) ++r->got;
  if (r->remove_on_read) {
    for (Reader* o : *r->remove_on_read) o->poller->remove(o->fd(), &o->watch);
  }
}

class PollerTest : public testing::Test {
 protected:
  void SetUp() override { loop.start(); }
  void TearDown() override {
    onLoop([&] { poller.reset(); });
  }

  template <class F>
  void onLoop(F f) {
    std::promise<void> done;
    loop.post([&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }

  void makeReaders(size_t n, std::chrono::microseconds window) {
    onLoop([&] { poller = std::make_unique<Poller>(loop, window); });
    for (size_t i = 0; i < n; ++i) readers.push_back(std::make_unique<Reader>());
    onLoop([&] {
      for (auto& r : readers) {
        r->watch = {&onRead, r.get(), 0};
        r->poller = poller.get();
        ASSERT_TRUE(poller->add(r->fd(), &r->watch));
      }
    });
  }

  // Holds the loop until release(): packets sent meanwhile are all waiting at the next round.
  void hold() {
    latch = std::make_shared<std::promise<void>>();
    held = std::make_shared<std::promise<void>>();
    loop.post([l = latch, h = held] {
      h->set_value();
      l->get_future().wait();
    });
    held->get_future().wait();
  }
  void release() { latch->set_value(); }

  // Until every reader got `n` (the loop runs the rounds; the test only looks).
  bool allGot(size_t n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    for (;;) {
      bool all = true;
      onLoop([&] {
        for (auto& r : readers) all = all && r->got >= n;
      });
      if (all) return true;
      if (std::chrono::steady_clock::now() > deadline) return false;
    }
  }

  EventLoop loop{"poller-test"};
  std::unique_ptr<Poller> poller;
  std::vector<std::unique_ptr<Reader>> readers;
  std::shared_ptr<std::promise<void>> latch, held;
  UdpPeer sender;
};

TEST_F(PollerTest, OneRoundServesEverySocketThatIsReady) {
  makeReaders(40, std::chrono::milliseconds(1));
  uint64_t rounds0 = 0;
  onLoop([&] { rounds0 = poller->rounds(); });
  hold();
  for (auto& r : readers) {
    sender.sendTo(r->sock.port(), {1, 2, 3});
    sender.sendTo(r->sock.port(), {4, 5, 6});
  }
  release();
  ASSERT_TRUE(allGot(2));
  uint64_t rounds = 0, events = 0;
  onLoop([&] {
    rounds = poller->rounds() - rounds0;
    events = poller->events();
  });
  for (auto& r : readers) EXPECT_EQ(r->got, 2u);
  EXPECT_EQ(events, 40u);  // one event per socket: both datagrams read at once
  EXPECT_LE(rounds, 2u);   // the round that took them all, maybe the next that found none
}

TEST_F(PollerTest, EveryPacketIsHandledAcrossRoundsWithoutCoalescing) {
  makeReaders(8, std::chrono::microseconds(0));
  for (size_t k = 1; k <= 20; ++k) {
    for (auto& r : readers) sender.sendTo(r->sock.port(), {static_cast<uint8_t>(k)});
    ASSERT_TRUE(allGot(k));
  }
  for (auto& r : readers) EXPECT_EQ(r->got, 20u);
}

TEST_F(PollerTest, AnIdlePollerWakesUpForTheNextPacket) {
  makeReaders(2, std::chrono::milliseconds(1));
  for (size_t k = 1; k <= 3; ++k) {
    sender.sendTo(readers[0]->sock.port(), {1});
    sender.sendTo(readers[1]->sock.port(), {2});
    ASSERT_TRUE(allGot(k));
    // A round after the window finds nothing: the poller then waits for a packet, no timer.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    bool idle = false;
    while (!idle && std::chrono::steady_clock::now() < deadline) {
      onLoop([&] { idle = poller->idle(); });
    }
    ASSERT_TRUE(idle);
  }
  EXPECT_EQ(readers[0]->got, 3u);
  EXPECT_EQ(readers[1]->got, 3u);
}

TEST_F(PollerTest, ASocketTakenOutDuringARoundIsNotCalled) {
  makeReaders(10, std::chrono::milliseconds(1));
  // Whichever reader the round calls first takes every other one out.
  std::vector<Reader*> all;
  for (auto& r : readers) all.push_back(r.get());
  std::vector<std::vector<Reader*>> others(readers.size());
  for (size_t i = 0; i < readers.size(); ++i) {
    for (Reader* o : all) {
      if (o != readers[i].get()) others[i].push_back(o);
    }
    readers[i]->remove_on_read = &others[i];
  }
  hold();
  for (auto& r : readers) sender.sendTo(r->sock.port(), {9});
  release();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  size_t total = 0;
  while (total == 0 && std::chrono::steady_clock::now() < deadline) {
    onLoop([&] {
      total = 0;
      for (auto& r : readers) total += r->got;
    });
  }
  // One reader ran; the other nine were in the same round's events but were taken out.
  onLoop([&] {
    total = 0;
    for (auto& r : readers) total += r->got;
  });
  EXPECT_EQ(total, 1u);
  // Their packets stay unread: the sockets are no longer watched.
  for (auto& r : readers) {
    if (r->got == 0) {
      uint8_t buf[8];
      EXPECT_EQ(::recv(r->fd(), buf, sizeof buf, MSG_DONTWAIT), 1);
    }
  }
}

}  // namespace
}  // namespace hk::rtp::detail
