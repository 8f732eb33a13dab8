// Media relay micro-benchmark: N bridged calls with G.711 20 ms streams both ways through
// rtp::MediaEngine on loopback. Two processes: the relay (the MediaEngine, as in hankyod)
// and the traffic generator (the callers and callees), so that getrusage() of the relay
// counts only the relay. Reports the relay's CPU time per relayed packet and the loss,
// split into "inside Hankyo" (received but not sent on) and on the way.
//
// hk_media_bench [--calls 300] [--seconds 20] [--threads 1] [--coalesce-us 1000]
//                [--transcode] [--sinks] [--ports 20000-29999]
// --sinks: an audio sink on both legs of every call (each packet decoded, as for a
// recorder or an in-band DTMF detector), to price the audio hooks against the plain relay.
// --record DIR: a stereo media::CallRecorder on every call (WAV files in DIR, as hankyod's
// media.recording=stereo), to price recording against the plain relay.
// --null: instead of the MediaEngine, the floor of any user-space relay on this kernel: one
// thread, one edge-triggered epoll set with the same --coalesce-us batching, one recvmmsg
// and one sendmmsg per packet to the other leg's peer, nothing else (no parsing, no
// sequence or timestamp rewriting; the SSRC is overwritten so the counts stay apart).
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "base/executor.hpp"
#include "base/log.hpp"
#include "media/recorder.hpp"
#include "rtp/audio_hooks.hpp"
#include "rtp/g711.hpp"
#include "rtp/media_engine.hpp"
#include "rtp/packet.hpp"

namespace {

using namespace hk;

struct Options {
  int calls = 300;
  int seconds = 20;
  int threads = 1;
  int coalesce_us = 1000;  // MediaEngine::Config::coalesce
  bool transcode = false;
  bool sinks = false;
  bool null_relay = false;
  std::string record_dir;
  uint16_t port_min = 20000;
  uint16_t port_max = 29999;
};

struct Outcome {  // relay -> generator, at the end
  double cpu_us = 0;
  uint64_t relayed = 0;   // packets the relay sent on (both directions)
  uint64_t received = 0;  // packets the relay took in
  uint64_t dropped = 0;   // taken in, not sent on
  uint64_t send_errors = 0;
};

bool parseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--calls") {
      o.calls = std::atoi(next());
    } else if (a == "--seconds") {
      o.seconds = std::atoi(next());
    } else if (a == "--threads") {
      o.threads = std::atoi(next());
    } else if (a == "--coalesce-us") {
      o.coalesce_us = std::atoi(next());
    } else if (a == "--transcode") {
      o.transcode = true;
    } else if (a == "--sinks") {
      o.sinks = true;
    } else if (a == "--record") {
      o.record_dir = next();
    } else if (a == "--null") {
      o.null_relay = true;
    } else if (a == "--ports") {
      unsigned lo = 0, hi = 0;
      if (std::sscanf(next(), "%u-%u", &lo, &hi) != 2) return false;
      o.port_min = static_cast<uint16_t>(lo);
      o.port_max = static_cast<uint16_t>(hi);
    } else {
      return false;
    }
  }
  return o.calls > 0 && o.seconds > 0 && o.threads > 0 && o.coalesce_us >= 0;
}

int udpSocket(uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return -1;
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port = ntohs(a.sin_port);
  return fd;
}

bool readAll(int fd, void* buf, size_t n) {
  auto* p = static_cast<char*>(buf);
  while (n > 0) {
    ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool writeAll(int fd, const void* buf, size_t n) {
  const auto* p = static_cast<const char*>(buf);
  while (n > 0) {
    ssize_t r = ::write(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

double cpuMicros() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

// A sink that only looks at what it is given (the cost measured is the relay's).
class CountingSink final : public rtp::AudioSink {
 public:
  void onAudio(const rtp::AudioChunk& c) override {
    samples_.fetch_add(c.pcm.size(), std::memory_order_relaxed);
  }

 private:
  std::atomic<uint64_t> samples_{0};
};

// The --null relay process: the system calls of a relay and nothing else.
int nullRelay(const Options& o, const std::vector<uint16_t>& caller_ports,
              const std::vector<uint16_t>& callee_ports, int cmd_fd, int out_fd) {
  const size_t n = caller_ports.size() * 2;
  std::vector<int> fds(n);
  std::vector<uint16_t> ports(n);
  std::vector<sockaddr_in> peers(n);
  for (size_t k = 0; k < n; ++k) {
    fds[k] = udpSocket(ports[k]);
    if (fds[k] < 0) return std::fprintf(stderr, "null relay: no socket\n"), 1;
    peers[k].sin_family = AF_INET;
    peers[k].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    peers[k].sin_port = htons(k % 2 == 0 ? caller_ports[k / 2] : callee_ports[k / 2]);
  }
  int ep = ::epoll_create1(EPOLL_CLOEXEC);
  for (size_t k = 0; k < n; ++k) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = k;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fds[k], &ev);
  }
  writeAll(out_fd, ports.data(), ports.size() * sizeof(uint16_t));
  std::atomic<bool> stop{false};
  Outcome r;
  std::thread worker([&] {
    constexpr size_t kBatch = 32;
    std::vector<std::array<uint8_t, 2048>> bufs(kBatch);
    std::array<mmsghdr, kBatch> in{}, out{};
    std::array<iovec, kBatch> iov_in{}, iov_out{};
    epoll_event evs[128];
    while (!stop.load(std::memory_order_relaxed)) {
      auto start = std::chrono::steady_clock::now();
      int ready = ::epoll_wait(ep, evs, 128, 50);
      for (int e = 0; e < ready; ++e) {
        const size_t k = evs[e].data.u64;
        const size_t to = k ^ 1;  // the other leg of the call
        for (;;) {
          for (size_t i = 0; i < kBatch; ++i) {
            iov_in[i] = {bufs[i].data(), bufs[i].size()};
            in[i].msg_hdr = msghdr{};
            in[i].msg_hdr.msg_iov = &iov_in[i];
            in[i].msg_hdr.msg_iovlen = 1;
          }
          int got = ::recvmmsg(fds[k], in.data(), kBatch, MSG_DONTWAIT, nullptr);
          if (got <= 0) break;
          for (int i = 0; i < got; ++i) {
            if (in[i].msg_len >= 12) std::memset(bufs[i].data() + 8, 0x5a, 4);
            iov_out[i] = {bufs[i].data(), in[i].msg_len};
            out[i].msg_hdr = msghdr{};
            out[i].msg_hdr.msg_name = &peers[to];
            out[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
            out[i].msg_hdr.msg_iov = &iov_out[i];
            out[i].msg_hdr.msg_iovlen = 1;
          }
          r.received += static_cast<uint64_t>(got);
          int sent = ::sendmmsg(fds[to], out.data(), static_cast<unsigned>(got), MSG_DONTWAIT);
          r.relayed += sent > 0 ? static_cast<uint64_t>(sent) : 0;
          r.send_errors += static_cast<uint64_t>(got - std::max(sent, 0));
          if (static_cast<size_t>(got) < kBatch) break;
        }
      }
      if (ready > 0 && o.coalesce_us > 0) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(o.coalesce_us));
      }
    }
  });
  char c;
  bool ok = readAll(cmd_fd, &c, 1);  // start
  double cpu0 = cpuMicros();
  ok = ok && readAll(cmd_fd, &c, 1);  // stop
  double cpu1 = cpuMicros();
  stop = true;
  worker.join();
  if (!ok) return 1;
  r.cpu_us = cpu1 - cpu0;
  writeAll(out_fd, &r, sizeof r);
  return 0;
}

// The relay process: sessions for every call, then measures between "start" and "stop".
int relay(const Options& o, const std::vector<uint16_t>& caller_ports,
          const std::vector<uint16_t>& callee_ports, int cmd_fd, int out_fd) {
  rtp::PortPool::Config pc;
  pc.min_port = o.port_min;
  pc.max_port = o.port_max;
  auto pool = rtp::PortPool::create(pc);
  if (!pool) return std::fprintf(stderr, "relay: %s\n", pool.error().message.c_str()), 1;
  rtp::MediaEngine::Config ec;
  ec.threads = static_cast<size_t>(o.threads);
  ec.coalesce = std::chrono::microseconds(o.coalesce_us);
  ec.max_sessions = static_cast<size_t>(o.calls) + 16;
  rtp::MediaEngine engine(ec, **pool, SystemClock::instance());
  EventLoop owner("owner");
  owner.start();
  std::vector<rtp::SessionId> ids;
  std::vector<uint16_t> ports;
  std::vector<std::shared_ptr<media::CallRecorder>> recorders;
  for (int i = 0; i < o.calls; ++i) {
    rtp::SessionParams sp;
    sp.local_ip_a = sp.local_ip_b = "127.0.0.1";
    sp.a.remote = rtp::Endpoint{"127.0.0.1", caller_ports[i]};
    sp.b.remote = rtp::Endpoint{"127.0.0.1", callee_ports[i]};
    if (o.transcode) {
      sp.b.codec = rtp::Codec::Pcma;
      sp.b.payload_type = 8;
    }
    auto s = engine.createSession(sp, owner, {});
    if (!s) return std::fprintf(stderr, "relay: %s\n", s.error().message.c_str()), 1;
    ids.push_back(s->id);
    if (!o.record_dir.empty()) {
      auto rec = std::make_shared<media::CallRecorder>(
          o.record_dir + "/call-" + std::to_string(i) + ".wav", SystemClock::instance());
      if (!rec->start() || !engine.addSink(s->id, rtp::LegSide::A, rec) ||
          !engine.addSink(s->id, rtp::LegSide::B, rec)) {
        return std::fprintf(stderr, "relay: cannot record\n"), 1;
      }
      recorders.push_back(rec);
    }
    if (o.sinks) {
      auto sink = std::make_shared<CountingSink>();
      if (!engine.addSink(s->id, rtp::LegSide::A, sink) ||
          !engine.addSink(s->id, rtp::LegSide::B, sink)) {
        return std::fprintf(stderr, "relay: cannot add sinks\n"), 1;
      }
    }
    ports.push_back(s->port_a);
    ports.push_back(s->port_b);
  }
  writeAll(out_fd, ports.data(), ports.size() * sizeof(uint16_t));
  char c;
  if (!readAll(cmd_fd, &c, 1)) return 1;  // start
  double cpu0 = cpuMicros();
  if (!readAll(cmd_fd, &c, 1)) return 1;  // stop
  double cpu1 = cpuMicros();
  Outcome r;
  r.cpu_us = cpu1 - cpu0;
  std::mutex mu;
  std::condition_variable cv;
  int pending = o.calls;
  for (auto id : ids) {
    engine.requestStats(id, owner, [&](std::optional<rtp::SessionStats> st) {
      std::lock_guard lock(mu);
      if (st) {
        r.relayed += st->a.packets_out + st->b.packets_out;
        r.received += st->a.packets_in + st->b.packets_in;
        r.dropped += st->a.packets_dropped + st->b.packets_dropped;
        r.send_errors += st->a.send_errors + st->b.send_errors;
      }
      --pending;
      cv.notify_all();
    });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return pending == 0; });
  writeAll(out_fd, &r, sizeof r);
  return 0;
}

struct Generator {
  std::vector<int> fds;  // caller i at 2i, callee i at 2i + 1
  std::vector<uint16_t> relay_ports;
  std::vector<uint16_t> seq;
  std::vector<uint32_t> ts;
  uint64_t sent = 0;
  uint64_t received = 0;
  uint64_t foreign_ssrc = 0;  // packets that kept the source's SSRC (must be 0)
  uint64_t rtcp = 0;          // the relay's RTCP reports (not counted as media)

  // Callers send PCMU; callees send PCMA when the call is transcoded.
  void sendAll(const std::vector<uint8_t>& ulaw, const std::vector<uint8_t>& alaw, bool transcode) {
    for (size_t k = 0; k < fds.size(); ++k) {
      bool pcma = transcode && k % 2 == 1;
      rtp::RtpHeader h;
      h.ssrc = 0x10000 + static_cast<uint32_t>(k);
      h.sequence = seq[k]++;
      h.timestamp = ts[k];
      ts[k] += 160;
      h.payload_type = pcma ? 8 : 0;
      auto bytes = rtp::buildRtp(h, pcma ? alaw : ulaw);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      a.sin_port = htons(relay_ports[k]);
      if (::sendto(fds[k], bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&a),
                   sizeof a) > 0) {
        ++sent;
      }
    }
  }

  void drain(int epfd, int timeout_ms) {
    epoll_event evs[256];
    int n = ::epoll_wait(epfd, evs, 256, timeout_ms);
    uint8_t buf[2048];
    for (int i = 0; i < n; ++i) {
      int fd = evs[i].data.fd;
      for (;;) {
        ssize_t r = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (r <= 0) break;
        if (r >= 2 && buf[1] >= 200 && buf[1] <= 204) {
          ++rtcp;
          continue;
        }
        ++received;
        auto v = rtp::parseRtp(std::span<const uint8_t>(buf, static_cast<size_t>(r)));
        if (!v || v->header.ssrc - 0x10000 < fds.size()) ++foreign_ssrc;
      }
    }
  }
};

double generatorCpu() { return cpuMicros(); }

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parseArgs(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: %s [--calls N] [--seconds S] [--threads T] [--coalesce-us U] "
                 "[--transcode] [--sinks] [--record DIR] [--null] "
                 "[--ports MIN-MAX]\n",
                 argv[0]);
    return 2;
  }
  hk::log::setup("warn", hk::log::Format::Text);
  Generator g;
  std::vector<uint16_t> caller_ports, callee_ports;
  for (int i = 0; i < o.calls; ++i) {
    uint16_t p1 = 0, p2 = 0;
    int a = udpSocket(p1), b = udpSocket(p2);
    if (a < 0 || b < 0) return std::fprintf(stderr, "cannot open sockets\n"), 1;
    g.fds.push_back(a);
    g.fds.push_back(b);
    caller_ports.push_back(p1);
    callee_ports.push_back(p2);
  }
  int cmd[2], out[2];
  if (::pipe(cmd) != 0 || ::pipe(out) != 0) return 1;
  pid_t pid = ::fork();
  if (pid == 0) {
    for (int fd : g.fds) ::close(fd);
    ::close(cmd[1]);
    ::close(out[0]);
    std::_Exit(o.null_relay ? nullRelay(o, caller_ports, callee_ports, cmd[0], out[1])
                            : relay(o, caller_ports, callee_ports, cmd[0], out[1]));
  }
  ::close(cmd[0]);
  ::close(out[1]);
  g.relay_ports.resize(g.fds.size());
  if (!readAll(out[0], g.relay_ports.data(), g.relay_ports.size() * sizeof(uint16_t))) {
    std::fprintf(stderr, "relay did not start\n");
    return 1;
  }
  g.seq.assign(g.fds.size(), 1);
  g.ts.assign(g.fds.size(), 0);
  int epfd = ::epoll_create1(EPOLL_CLOEXEC);
  for (int fd : g.fds) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
  }
  std::vector<uint8_t> ulaw(160), alaw(160);
  for (size_t i = 0; i < ulaw.size(); ++i) {
    auto pcm = static_cast<int16_t>(800 * (static_cast<int>(i % 20) - 10));
    ulaw[i] = rtp::g711::linearToUlaw(pcm);
    alaw[i] = rtp::g711::linearToAlaw(pcm);
  }

  writeAll(cmd[1], "s", 1);
  double gen_cpu0 = generatorCpu();
  auto t0 = std::chrono::steady_clock::now();
  auto next = t0;
  const int ticks = o.seconds * 50;
  for (int t = 0; t < ticks; ++t) {
    g.sendAll(ulaw, alaw, o.transcode);
    next += std::chrono::milliseconds(20);
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          next - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      g.drain(epfd, static_cast<int>(left.count()));
    }
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  while (std::chrono::steady_clock::now() < until) g.drain(epfd, 50);
  double gen_cpu = generatorCpu() - gen_cpu0;
  writeAll(cmd[1], "e", 1);
  Outcome r;
  if (!readAll(out[0], &r, sizeof r)) {
    std::fprintf(stderr, "relay gave no result\n");
    return 1;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::printf("calls=%d seconds=%d threads=%d mode=%s%s%s\n", o.calls, o.seconds, o.threads,
              o.null_relay  ? "null relay (system calls only)"
              : o.transcode ? "transcode PCMU<->PCMA"
                            : "relay PCMU",
              o.sinks ? " +sinks on both legs" : "",
              o.record_dir.empty() ? "" : " +stereo recording");
  std::printf("sent=%llu relayed=%llu received=%llu\n", static_cast<unsigned long long>(g.sent),
              static_cast<unsigned long long>(r.relayed),
              static_cast<unsigned long long>(g.received));
  std::printf(
      "loss: inside_hankyo=%llu (dropped=%llu send_errors=%llu) on_the_way=%lld "
      "ssrc_not_rewritten=%llu\n",
      static_cast<unsigned long long>(r.dropped + r.send_errors),
      static_cast<unsigned long long>(r.dropped), static_cast<unsigned long long>(r.send_errors),
      static_cast<long long>(g.sent) - static_cast<long long>(g.received) -
          static_cast<long long>(r.dropped + r.send_errors),
      static_cast<unsigned long long>(g.foreign_ssrc));
  std::printf("relay cpu: %.1f ms over %.1f s = %.1f%% of a core; %.2f us per relayed packet\n",
              r.cpu_us / 1000, secs, r.cpu_us / 1e4 / secs,
              r.relayed ? r.cpu_us / static_cast<double>(r.relayed) : 0.0);
  std::printf("rtcp reports received: %llu\n", static_cast<unsigned long long>(g.rtcp));
  std::printf("generator cpu: %.2f us per packet sent+received\n",
              gen_cpu / static_cast<double>(g.sent + g.received));
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
