#include "b2bua/transport.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>

#include "sip/response.hpp"

namespace hk::b2bua {
namespace {

using namespace std::chrono_literals;

constexpr const char* kOptions =
    "OPTIONS sip:hankyo@127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK1\r\n"
    "From: <sip:carrier@127.0.0.1>;tag=1\r\nTo: <sip:hankyo@127.0.0.1>\r\n"
    "Call-ID: t1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

// A peer's socket, with a receive timeout so that a missing answer fails instead of hanging.
class Sock {
 public:
  explicit Sock(int type) : fd_(socket(AF_INET, type, 0)) {
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Sock() { close(fd_); }
  static sockaddr_in addr(uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    return a;
  }
  void sendTo(const std::string& s, uint16_t port) {
    auto a = addr(port);
    ASSERT_GT(sendto(fd_, s.data(), s.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  }
  bool connectTo(uint16_t port) {
    auto a = addr(port);
    return connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  void write(const std::string& s) { ASSERT_GT(::send(fd_, s.data(), s.size(), 0), 0); }
  std::string read() {
    char buf[4096];
    auto n = recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }

 private:
  int fd_;
};

struct Received {
  sip::Message msg;
  Peer from;
};

class TransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loop_.start();
    auto t =
        Transport::open(loop_, "127.0.0.1:0", "127.0.0.1:0", [this](sip::Message m, const Peer& p) {
          if (!got_set_) {
            got_set_ = true;
            got_.set_value(Received{std::move(m), p});
          }
        });
    ASSERT_TRUE(t) << t.error().message;
    transport_ = std::move(*t);
  }
  void TearDown() override {
    std::promise<void> closed;
    loop_.post([&] {
      transport_->close();
      closed.set_value();
    });
    closed.get_future().wait();
    loop_.stop();
  }
  Received waitMessage() {
    auto f = got_.get_future();
    EXPECT_EQ(f.wait_for(5s), std::future_status::ready);
    return f.get();
  }
  void reply(const Received& r, int code) {
    loop_.post([this, r, code] { transport_->send(sip::makeResponse(r.msg, code), r.from); });
  }

  EventLoop loop_{"test-sip"};
  std::unique_ptr<Transport> transport_;
  std::promise<Received> got_;
  std::atomic<bool> got_set_{false};
};

TEST_F(TransportTest, UdpRequestInAndResponseBackToItsSource) {
  ASSERT_NE(transport_->udpPort(), 0);
  Sock peer(SOCK_DGRAM);
  peer.sendTo(kOptions, transport_->udpPort());
  auto r = waitMessage();
  EXPECT_EQ(r.msg.method(), "OPTIONS");
  EXPECT_EQ(r.from.proto, Proto::Udp);
  EXPECT_EQ(r.from.ip, "127.0.0.1");
  reply(r, 200);
  auto answer = peer.read();
  EXPECT_EQ(answer.rfind("SIP/2.0 200 OK\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("Call-ID: t1"), std::string::npos);
}

TEST_F(TransportTest, AMalformedRequestGets400AndNeverReachesTheCalls) {
  Sock peer(SOCK_DGRAM);
  std::string bad(kOptions);
  bad.replace(bad.find("Max-Forwards: 70"), 16, "Max-Forwards: xx");
  peer.sendTo(bad, transport_->udpPort());
  auto answer = peer.read();
  EXPECT_EQ(answer.rfind("SIP/2.0 400", 0), 0u) << answer;
  EXPECT_FALSE(got_set_);
}

TEST_F(TransportTest, TcpRequestsAreFramedAndAnsweredOnTheSameConnection) {
  ASSERT_NE(transport_->tcpPort(), 0);
  Sock peer(SOCK_STREAM);
  ASSERT_TRUE(peer.connectTo(transport_->tcpPort()));
  std::string msg(kOptions);
  msg.replace(msg.find("SIP/2.0/UDP"), 11, "SIP/2.0/TCP");
  peer.write(msg.substr(0, 40));  // in two pieces: the framer waits for the rest
  peer.write(msg.substr(40));
  auto r = waitMessage();
  EXPECT_EQ(r.from.proto, Proto::Tcp);
  reply(r, 200);
  auto answer = peer.read();
  EXPECT_EQ(answer.rfind("SIP/2.0 200 OK\r\n", 0), 0u) << answer;
}

TEST(TransportOpen, ABadListenAddressIsAnError) {
  EventLoop loop("test-sip-bad");
  auto t = Transport::open(loop, "not-an-ip:5060", "", [](sip::Message, const Peer&) {});
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, Code::Invalid);
}

}  // namespace
}  // namespace hk::b2bua
