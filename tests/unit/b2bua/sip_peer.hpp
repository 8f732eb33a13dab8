#pragma once
// Test-only SIP and RTP peers over loopback UDP for the B2BUA's end-to-end media tests: a
// SIP user agent that sends hand-written requests and keeps what it receives, and an RTP
// endpoint that sends PCMU frames / RFC 4733 events and keeps the audio it hears (decoded)
// on a background thread. Ports are chosen by the kernel (bind to port 0).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "rtp/g711.hpp"
#include "sip/parser.hpp"

namespace hk::test {

class Udp {
 public:
  Udp() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Udp() { ::close(fd_); }
  Udp(const Udp&) = delete;
  Udp& operator=(const Udp&) = delete;

  uint16_t port() const { return port_; }
  void sendTo(uint16_t port, const void* data, size_t n) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    (void)::sendto(fd_, data, n, 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  // One datagram, waiting up to `wait`.
  std::optional<std::string> recv(std::chrono::milliseconds wait) const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return std::nullopt;
    char buf[65536];
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    return std::string(buf, static_cast<size_t>(n));
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// A party's RTP: sends PCMU (payload type 0) and telephone-event (101) to `remote`; keeps
// what it receives.
class RtpPeer {
 public:
  RtpPeer() : thread_([this] { run(); }) {}
  ~RtpPeer() {
    stop_ = true;
    thread_.join();
  }
  uint16_t port() const { return sock_.port(); }
  void setRemote(uint16_t port) { remote_ = port; }

  // 20 ms of a tone (or of two tones: in-band DTMF) at `level` peak.
  void sendTone(double f1, double f2 = 0, double level = 6000) {
    uint8_t pkt[12 + 160];
    header(pkt, 0, false);
    for (int i = 0; i < 160; ++i) {
      double t = static_cast<double>(n_ + static_cast<uint64_t>(i)) / 8000.0;
      double v = std::sin(2 * M_PI * f1 * t) + (f2 > 0 ? std::sin(2 * M_PI * f2 * t) : 0.0);
      pkt[12 + i] = rtp::g711::linearToUlaw(static_cast<int16_t>(v * (f2 > 0 ? level / 2 : level)));
    }
    sock_.sendTo(remote_, pkt, sizeof pkt);
    n_ += 160;
    ts_ += 160;
  }
  // One RFC 4733 press of `code` (0-9, 10 = *, 11 = #), `frames` * 20 ms long, sent at
  // once (updates, then three end packets), then the timestamp moves on.
  void sendEvent(uint8_t code, int frames) {
    for (int k = 1; k <= frames + 3; ++k) {
      uint8_t pkt[16];
      header(pkt, 101, k == 1, false);
      bool end = k > frames;
      uint16_t dur = static_cast<uint16_t>(160 * std::min(k, frames));
      pkt[12] = code;
      pkt[13] = static_cast<uint8_t>((end ? 0x80 : 0) | 10);
      pkt[14] = static_cast<uint8_t>(dur >> 8);
      pkt[15] = static_cast<uint8_t>(dur & 0xff);
      sock_.sendTo(remote_, pkt, sizeof pkt);
    }
    n_ += 160u * static_cast<unsigned>(frames);
    ts_ += 160u * static_cast<unsigned>(frames);
  }

  std::vector<int16_t> heard() const {
    std::lock_guard<std::mutex> l(mu_);
    return pcm_;
  }
  size_t heardSamples() const {
    std::lock_guard<std::mutex> l(mu_);
    return pcm_.size();
  }

 private:
  void header(uint8_t* p, uint8_t pt, bool marker, bool advance_seq = true) {
    (void)advance_seq;
    p[0] = 0x80;
    p[1] = static_cast<uint8_t>((marker ? 0x80 : 0) | pt);
    p[2] = static_cast<uint8_t>(seq_ >> 8);
    p[3] = static_cast<uint8_t>(seq_ & 0xff);
    ++seq_;
    for (int i = 0; i < 4; ++i) p[4 + i] = static_cast<uint8_t>(ts_ >> (24 - 8 * i));
    for (int i = 0; i < 4; ++i) p[8 + i] = static_cast<uint8_t>(0x11223344u >> (24 - 8 * i));
  }
  void run() {
    while (!stop_) {
      auto d = sock_.recv(std::chrono::milliseconds(50));
      if (!d || d->size() < 12) continue;
      auto pt = static_cast<uint8_t>((*d)[1]) & 0x7f;
      if (pt != 0) continue;
      std::lock_guard<std::mutex> l(mu_);
      for (size_t i = 12; i < d->size(); ++i) {
        pcm_.push_back(rtp::g711::ulawToLinear(static_cast<uint8_t>((*d)[i])));
      }
    }
  }

  Udp sock_;
  uint16_t remote_ = 0;
  uint16_t seq_ = 100;
  uint32_t ts_ = 8000;
  uint64_t n_ = 0;
  mutable std::mutex mu_;
  std::vector<int16_t> pcm_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Power of `hz` in `pcm` relative to the block's total power (0..1).
inline double toneShare(const std::vector<int16_t>& pcm, double hz) {
  if (pcm.empty()) return 0;
  double w = 2 * M_PI * hz / 8000.0, c = 2 * std::cos(w), s1 = 0, s2 = 0, total = 0;
  for (auto x : pcm) {
    double s0 = x + c * s1 - s2;
    s2 = s1;
    s1 = s0;
    total += static_cast<double>(x) * x;
  }
  double p = s1 * s1 + s2 * s2 - c * s1 * s2;
  return total > 0 ? 2 * p / (static_cast<double>(pcm.size()) * total) : 0;
}

// The SDP port of a message body ("m=audio PORT ...").
inline uint16_t sdpPort(std::string_view body) {
  auto at = body.find("m=audio ");
  if (at == std::string_view::npos) return 0;
  return static_cast<uint16_t>(std::stoi(std::string(body.substr(at + 8, 6))));
}

// The header lines named `name` of a raw message, as written (for echoing in responses).
inline std::string headerLines(const std::string& raw, std::string_view name) {
  std::string out;
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t end = raw.find("\r\n", pos);
    if (end == std::string::npos || end == pos) break;
    std::string_view line(raw.data() + pos, end - pos);
    if (line.size() > name.size() && line.substr(0, name.size()) == name &&
        line[name.size()] == ':') {
      out += std::string(line) + "\r\n";
    }
    pos = end + 2;
  }
  return out;
}

}  // namespace hk::test
