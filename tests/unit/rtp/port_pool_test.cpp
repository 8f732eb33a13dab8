#include "rtp/port_pool.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <vector>

namespace hk::rtp {
namespace {

// A free range of `pairs` pairs: ask the kernel for a free port and use the range above it.
// Other processes may take one of them meanwhile; the pool skips such pairs.
PortPool::Config range(uint16_t pairs) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  uint16_t base = ntohs(a.sin_port);
  if (base > 60000) base = 40000;
  PortPool::Config c;
  c.min_port = static_cast<uint16_t>(base & ~1u);
  c.max_port = static_cast<uint16_t>(c.min_port + 2 * pairs - 1);
  return c;
}

uint16_t boundPort(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

TEST(PortPool, RefusesEmptyRange) {
  PortPool::Config c;
  c.min_port = 30001;
  c.max_port = 30002;  // 30002 even, 30003 outside
  auto p = PortPool::create(c);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, Code::Invalid);
  c.min_port = 30010;
  c.max_port = 30000;
  EXPECT_FALSE(PortPool::create(c));
}

TEST(PortPool, EvenRtpPortsWithRtcpNextAndALeakCount) {
  auto pool = PortPool::create(range(4));
  ASSERT_TRUE(pool) << pool.error().message;
  EXPECT_EQ((*pool)->capacity(), 4u);
  std::vector<PortPair> pairs;
  std::set<uint16_t> ports;
  for (int i = 0; i < 3; ++i) {
    auto p = (*pool)->allocate("127.0.0.1");
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->port() % 2, 0);
    EXPECT_EQ(boundPort(p->rtpFd()), p->port());
    EXPECT_EQ(boundPort(p->rtcpFd()), p->port() + 1);
    EXPECT_FALSE(p->ipv6());
    ports.insert(p->port());
    pairs.push_back(std::move(*p));
  }
  EXPECT_EQ(ports.size(), 3u);
  EXPECT_EQ((*pool)->inUse(), 3u);
  pairs.erase(pairs.begin());
  EXPECT_EQ((*pool)->inUse(), 2u);
  pairs.clear();
  EXPECT_EQ((*pool)->inUse(), 0u);
}

TEST(PortPool, ExhaustionAndNoImmediateReuse) {
  auto pool = PortPool::create(range(2));
  ASSERT_TRUE(pool);
  auto a = (*pool)->allocate("127.0.0.1");
  auto b = (*pool)->allocate("127.0.0.1");
  ASSERT_TRUE(a && b);
  auto c = (*pool)->allocate("127.0.0.1");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Code::Unavailable);
  uint16_t freed = a->port();
  a->reset();
  EXPECT_EQ((*pool)->inUse(), 1u);
  // The freed pair is the only one left, so it comes back; with more room the next pair
  // would have come first.
  auto d = (*pool)->allocate("127.0.0.1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port(), freed);
}

TEST(PortPool, RotatesThroughTheRange) {
  auto pool = PortPool::create(range(3));
  ASSERT_TRUE(pool);
  uint16_t first;
  {
    auto a = (*pool)->allocate("127.0.0.1");
    ASSERT_TRUE(a);
    first = a->port();
  }
  auto b = (*pool)->allocate("127.0.0.1");
  ASSERT_TRUE(b);
  EXPECT_NE(b->port(), first);
}

TEST(PortPool, Ipv6AndBadAddresses) {
  auto pool = PortPool::create(range(2));
  ASSERT_TRUE(pool);
  auto bad = (*pool)->allocate("localhost");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::Invalid);
  auto not_local = (*pool)->allocate("192.0.2.1");  // TEST-NET: not an address of this host
  ASSERT_FALSE(not_local);
  EXPECT_EQ(not_local.error().code, Code::Invalid);
  EXPECT_EQ((*pool)->inUse(), 0u);
  auto v6 = (*pool)->allocate("::1");
  if (!v6) GTEST_SKIP() << "no IPv6 loopback here: " << v6.error().message;
  EXPECT_TRUE(v6->ipv6());
  EXPECT_EQ((*pool)->inUse(), 1u);
}

TEST(PortPool, PairOutlivingThePoolIsSafe) {
  PortPair kept;
  {
    auto pool = PortPool::create(range(1));
    ASSERT_TRUE(pool);
    auto p = (*pool)->allocate("127.0.0.1");
    ASSERT_TRUE(p);
    kept = std::move(*p);
  }
  EXPECT_TRUE(kept);
  kept.reset();
  EXPECT_FALSE(kept);
}

}  // namespace
}  // namespace hk::rtp
