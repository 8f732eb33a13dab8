#pragma once
// Helpers of the SIP transport and transaction tests: a loop driven from the test thread
// until a condition holds (never a sleep), raw UDP/TCP peers on 127.0.0.1, a recording
// TransactionUser and a node (transport + transaction layer) to pair with another.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/detail/asio.hpp"
#include "base/executor.hpp"
#include "sip/parser.hpp"
#include "sip/response.hpp"
#include "sip/transaction.hpp"
#include "sip/transport.hpp"

namespace hk::sip::test {

using namespace std::chrono_literals;

// Runs the loop's handlers on this thread until `done` holds or `limit` passes.
inline bool runUntil(EventLoop& loop, const std::function<bool()>& done,
                     std::chrono::milliseconds limit = 5000ms) {
  auto& io = hk::detail::ioContext(loop);
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    io.run_one_for(2ms);
  }
  return true;
}

// Runs the loop for a while (to show that something does NOT happen).
inline void runFor(EventLoop& loop, std::chrono::milliseconds d) {
  auto& io = hk::detail::ioContext(loop);
  auto deadline = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < deadline) io.run_one_for(2ms);
}

// Short RFC timers: T1 4 ms gives 64*T1 = 256 ms.
inline TimerConfig fastTimers() {
  TimerConfig t;
  t.t1 = 4ms;
  t.t2 = 16ms;
  t.t4 = 20ms;
  t.d = 40ms;
  return t;
}

class RawUdp {
 public:
  RawUdp() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~RawUdp() { ::close(fd_); }
  RawUdp(const RawUdp&) = delete;
  RawUdp& operator=(const RawUdp&) = delete;

  uint16_t port() const { return port_; }
  void sendTo(uint16_t port, const std::string& bytes) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  // One datagram if one is waiting (never blocks).
  std::optional<std::string> tryReceive() const {
    char buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0) return std::nullopt;
    return std::string(buf, static_cast<size_t>(n));
  }
  // Runs the loop until a datagram arrives.
  std::optional<Message> receive(EventLoop& loop, std::chrono::milliseconds limit = 3000ms) {
    std::optional<std::string> got;
    runUntil(
        loop, [&] { return (got = tryReceive()).has_value(); }, limit);
    if (!got) return std::nullopt;
    auto m = parseMessage(*got);
    if (!m) return std::nullopt;
    return *m;
  }
  // Every datagram that arrives while the loop runs for `d`.
  std::vector<Message> collect(EventLoop& loop, std::chrono::milliseconds d) {
    std::vector<Message> out;
    auto deadline = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < deadline) {
      runFor(loop, 2ms);
      while (auto got = tryReceive()) {
        if (auto m = parseMessage(*got)) out.push_back(*m);
      }
    }
    return out;
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

class RawTcp {
 public:
  explicit RawTcp(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~RawTcp() { ::close(fd_); }
  RawTcp(const RawTcp&) = delete;
  RawTcp& operator=(const RawTcp&) = delete;

  bool connected() const { return connected_; }
  void send(const std::string& bytes) const { ::send(fd_, bytes.data(), bytes.size(), 0); }
  // Bytes received so far (never blocks).
  std::string& drain() {
    char buf[65536];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0) break;
      in_.append(buf, static_cast<size_t>(n));
    }
    return in_;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string in_;
};

// Records what the layer hands up; `on_request` may answer.
class RecordingTu : public TransactionUser {
 public:
  struct Request {
    ServerTransaction txn;
    Message msg;
  };
  void onRequest(ServerTransaction& txn, const Message& request) override {
    requests.push_back({txn, request});
    if (on_request) on_request(txn, request);
  }
  void onAck(const Message& ack, const Source&) override {
    acks.push_back(ack);
    if (on_ack) on_ack(ack);
  }
  void onStrayResponse(const Message& response, const Source&) override {
    strays.push_back(response);
  }
  void onCancel(ServerTransaction& invite, const Message& cancel) override {
    cancels.push_back({invite, cancel});
  }
  void onServerFailure(ServerTransaction&, const hk::Error& error) override {
    failures.push_back(error.message);
  }

  std::function<void(ServerTransaction&, const Message&)> on_request;
  std::function<void(const Message&)> on_ack;
  std::vector<Request> requests;
  std::vector<Message> acks;
  std::vector<Message> strays;
  std::vector<Request> cancels;
  std::vector<std::string> failures;
};

// A transport with a UDP and a TCP listener on 127.0.0.1 (or `address`), a transaction
// layer and a recording TU.
struct Node {
  explicit Node(EventLoop& loop, TimerConfig timers = fastTimers(),
                std::string address = "127.0.0.1", TransportConfig config = {})
      : transport(loop, config) {
    udp = transport.listen({TransportKind::Udp, address, 0, {}, 0}).value();
    tcp = transport.listen({TransportKind::Tcp, address, 0, {}, 0}).value();
    layer = std::make_unique<TransactionLayer>(loop, transport, tu, timers);
  }
  Target udpTarget() const { return {TransportKind::Udp, udp.address, udp.port, {}}; }
  Target tcpTarget() const { return {TransportKind::Tcp, tcp.address, tcp.port, {}}; }

  Transport transport;
  ListenerInfo udp;
  ListenerInfo tcp;
  RecordingTu tu;
  std::unique_ptr<TransactionLayer> layer;
};

// A request from alice to bob (no Via: the layer adds it).
inline Message makeRequest(std::string_view method, const std::string& host_port, uint32_t cseq = 1,
                           std::string_view call_id = "call-1@test") {
  Message m = Message::request(method, "sip:bob@" + host_port);
  m.addHeader("From", "<sip:alice@test>;tag=a1");
  m.addHeader("To", "<sip:bob@test>");
  m.addHeader("Call-ID", call_id);
  m.addHeader("CSeq", std::to_string(cseq) + " " + std::string(method));
  m.addHeader("Contact", "<sip:alice@127.0.0.1>");
  m.setBody({});
  return m;
}

// Raw request text as a peer would send it.
inline std::string rawRequest(std::string_view method, std::string_view via,
                              std::string_view extra = {}, std::string_view call_id = "raw-1") {
  std::string s;
  s.append(method).append(" sip:bob@127.0.0.1 SIP/2.0\r\n");
  s.append("Via: ").append(via).append("\r\n");
  s.append("From: <sip:carol@test>;tag=c1\r\nTo: <sip:bob@test>\r\n");
  s.append("Call-ID: ").append(call_id).append("\r\n");
  s.append("CSeq: 1 ").append(method).append("\r\nMax-Forwards: 70\r\n");
  s.append(extra);
  s.append("Content-Length: 0\r\n\r\n");
  return s;
}

}  // namespace hk::sip::test
