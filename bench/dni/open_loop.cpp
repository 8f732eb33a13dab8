// hk_open_loop: an open-loop, constant-rate HTTP/1.1 load generator for the DNI endpoints
// (issue 6: latency at a constant 2,000 requests/s). Request i is due at start + i/rate,
// whatever the answers do: a request that finds no idle connection waits in a queue (or opens
// a new connection, up to --connections), and its latency counts from the time it was DUE,
// not from when it could be sent, so a stall shows in the percentiles (no coordinated
// omission). One thread, epoll, keep-alive, POSIX sockets only.
//
//   hk_open_loop --port P [--host 127.0.0.1] [--rate 2000] [--duration 30] [--connections 64]
//                --mode issue|renew [--pool-key K] [--visitors 100] [--leases FILE]
//                [--origin https://shop.example]
// Prints the counts, the achieved rate, p50/p90/p99/p99.9/max (ms) and the errors.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Ns = std::chrono::nanoseconds;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  double rate = 2000;
  double duration = 30;
  size_t connections = 64;
  std::string mode = "issue";
  std::string pool_key = "pk_bench_1";
  int visitors = 100;
  std::string leases_file;
  std::string origin = "https://shop.example";
};

struct Conn {
  int fd = -1;
  bool busy = false;
  Clock::time_point due{};  // of the request in flight
  std::string out;          // not yet written
  std::string in;           // read, not yet parsed
};

struct Stats {
  std::vector<double> latency_ms;
  size_t sent = 0, ok = 0, non2xx = 0, conn_errors = 0, late_sends = 0;
};

bool parseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--host")
      o.host = next();
    else if (a == "--port")
      o.port = std::atoi(next());
    else if (a == "--rate")
      o.rate = std::atof(next());
    else if (a == "--duration")
      o.duration = std::atof(next());
    else if (a == "--connections")
      o.connections = static_cast<size_t>(std::atoi(next()));
    else if (a == "--mode")
      o.mode = next();
    else if (a == "--pool-key")
      o.pool_key = next();
    else if (a == "--visitors")
      o.visitors = std::atoi(next());
    else if (a == "--leases")
      o.leases_file = next();
    else if (a == "--origin")
      o.origin = next();
    else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return false;
    }
  }
  if (o.port <= 0 || o.rate <= 0 || o.duration <= 0 || o.connections == 0 || o.visitors <= 0 ||
      (o.mode != "issue" && o.mode != "renew") || (o.mode == "renew" && o.leases_file.empty())) {
    std::fprintf(stderr,
                 "usage: hk_open_loop --port P [--host H] [--rate R] [--duration S] "
                 "[--connections N] --mode issue|renew [--pool-key K] [--visitors V] "
                 "[--leases FILE] [--origin O]\n");
    return false;
  }
  return true;
}

class Requests {
 public:
  Requests(const Options& o, std::vector<std::string> leases) : o_(o), leases_(std::move(leases)) {}
  std::string make(size_t i) const {
    std::string body, path;
    if (o_.mode == "issue") {
      char visitor[32];
      std::snprintf(visitor, sizeof visitor, "bench-%04d", static_cast<int>(i % o_.visitors));
      path = "/dni/v1/issue";
      body = "{\"pool_key\":\"" + o_.pool_key + "\",\"visitor_id\":\"" + visitor +
             "\",\"page\":{\"url\":\"https://shop.example/lp\",\"referrer\":\"\",\"title\":"
             "\"LP\"},\"params\":{\"utm_source\":\"google\",\"gclid\":\"Cj0KCQ\"}}";
    } else {
      path = "/dni/v1/renew";
      body = "{\"lease_id\":\"" + leases_[i % leases_.size()] + "\"}";
    }
    return "POST " + path + " HTTP/1.1\r\nHost: " + o_.host +
           "\r\nContent-Type: application/json\r\nOrigin: " + o_.origin +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }

 private:
  const Options& o_;
  std::vector<std::string> leases_;
};

// One complete response at the front of `in`: its length and status, or 0 while incomplete.
size_t responseLength(const std::string& in, int& status) {
  auto end = in.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  status = in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
  size_t length = 0;
  std::string head = in.substr(0, end);
  std::transform(head.begin(), head.end(), head.begin(), ::tolower);
  auto cl = head.find("\r\ncontent-length:");
  if (cl != std::string::npos) length = std::strtoul(head.c_str() + cl + 17, nullptr, 10);
  if (in.size() < end + 4 + length) return 0;
  return end + 4 + length;
}

int connectTo(const Options& o) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(o.port));
  ::inet_pton(AF_INET, o.host.c_str(), &a.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 && errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  return fd;
}

double pct(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

class Generator {
 public:
  Generator(const Options& o, const Requests& r) : o_(o), reqs_(r) {
    ep_ = ::epoll_create1(EPOLL_CLOEXEC);
    conns_.reserve(o.connections);
  }
  ~Generator() {
    for (auto& c : conns_) {
      if (c->fd >= 0) ::close(c->fd);
    }
    ::close(ep_);
  }

  Stats run() {
    const auto interval = Ns(static_cast<int64_t>(1e9 / o_.rate));
    const size_t total = static_cast<size_t>(o_.rate * o_.duration);
    const auto start = Clock::now() + std::chrono::milliseconds(100);
    size_t next = 0;
    const auto hard_end =
        start + Ns(static_cast<int64_t>(o_.duration * 1e9)) + std::chrono::seconds(10);
    epoll_event evs[256];
    while (Clock::now() < hard_end) {
      auto now = Clock::now();
      // Every request now due joins the queue, each with its own due time.
      while (next < total && start + interval * static_cast<int64_t>(next) <= now) {
        queue_.push_back({start + interval * static_cast<int64_t>(next), next});
        ++next;
      }
      dispatch();
      if (next >= total && queue_.empty() && inFlight() == 0) break;
      // Sleep until the next request is due (nanosecond timeout: no spinning between
      // requests 0.5 ms apart), or 5 ms when all are sent.
      auto wait = Ns(std::chrono::milliseconds(5));
      if (next < total) {
        wait = std::max(Ns(0), start + interval * static_cast<int64_t>(next) - Clock::now());
      }
      timespec ts{static_cast<time_t>(wait.count() / 1'000'000'000),
                  static_cast<long>(wait.count() % 1'000'000'000)};
      int n = ::epoll_pwait2(ep_, evs, 256, &ts, nullptr);
      for (int k = 0; k < n; ++k) onEvent(*static_cast<Conn*>(evs[k].data.ptr), evs[k].events);
    }
    stats_.conn_errors += queue_.size() + inFlight();  // never answered
    return std::move(stats_);
  }

 private:
  struct Due {
    Clock::time_point due;
    size_t index;
  };

  size_t inFlight() const {
    size_t n = 0;
    for (const auto& c : conns_) n += c->busy ? 1 : 0;
    return n;
  }

  Conn* idle() {
    for (auto& c : conns_) {
      if (!c->busy && c->fd >= 0) return c.get();
    }
    for (auto& c : conns_) {  // a closed one: reopen
      if (!c->busy && c->fd < 0 && open(*c)) return c.get();
    }
    if (conns_.size() < o_.connections) {
      conns_.push_back(std::make_unique<Conn>());
      if (open(*conns_.back())) return conns_.back().get();
    }
    return nullptr;
  }

  bool open(Conn& c) {
    c.fd = connectTo(o_);
    if (c.fd < 0) return false;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;  // edge: no spin on writable
    ev.data.ptr = &c;
    ::epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev);
    c.in.clear();
    c.out.clear();
    return true;
  }

  void dispatch() {
    while (!queue_.empty()) {
      Conn* c = idle();
      if (!c) return;
      Due d = queue_.front();
      queue_.pop_front();
      if (Clock::now() - d.due > std::chrono::milliseconds(1)) ++stats_.late_sends;
      c->busy = true;
      c->due = d.due;
      c->out = reqs_.make(d.index);
      ++stats_.sent;
      flush(*c);
    }
  }

  void flush(Conn& c) {
    while (!c.out.empty()) {
      ssize_t w = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EAGAIN || errno == ENOTCONN) return;  // EPOLLOUT will call again
        fail(c);
        return;
      }
      c.out.erase(0, static_cast<size_t>(w));
    }
  }

  void fail(Conn& c) {
    if (c.busy) ++stats_.conn_errors;
    c.busy = false;
    ::epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
  }

  void onEvent(Conn& c, uint32_t events) {
    if (c.fd < 0) return;
    if (events & EPOLLOUT) flush(c);
    if (c.fd < 0) return;
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
      char buf[16384];
      for (;;) {
        ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
        if (r > 0) {
          c.in.append(buf, static_cast<size_t>(r));
          continue;
        }
        if (r < 0 && errno == EAGAIN) break;
        fail(c);  // closed or error
        return;
      }
      int status = 0;
      while (size_t len = responseLength(c.in, status)) {
        c.in.erase(0, len);
        if (!c.busy) continue;
        const auto lat = Clock::now() - c.due;
        stats_.latency_ms.push_back(std::chrono::duration<double, std::milli>(lat).count());
        if (status >= 200 && status < 300) {
          ++stats_.ok;
        } else {
          ++stats_.non2xx;
        }
        c.busy = false;
      }
    }
  }

  const Options& o_;
  const Requests& reqs_;
  int ep_ = -1;
  std::vector<std::unique_ptr<Conn>> conns_;
  std::deque<Due> queue_;
  Stats stats_;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parseArgs(argc, argv, o)) return 2;
  std::vector<std::string> leases;
  if (!o.leases_file.empty()) {
    std::ifstream f(o.leases_file);
    for (std::string line; std::getline(f, line);) {
      if (!line.empty()) leases.push_back(line);
    }
    if (leases.empty()) {
      std::fprintf(stderr, "no lease ids in %s\n", o.leases_file.c_str());
      return 2;
    }
  }
  Requests reqs(o, std::move(leases));
  Generator g(o, reqs);
  const auto t0 = Clock::now();
  Stats s = g.run();
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  std::sort(s.latency_ms.begin(), s.latency_ms.end());
  std::printf("mode %s, offered %.0f req/s for %.0f s, %zu connections max\n", o.mode.c_str(),
              o.rate, o.duration, o.connections);
  std::printf("sent %zu, answered %zu (2xx %zu, non-2xx %zu), errors %zu, sent >1 ms late %zu\n",
              s.sent, s.latency_ms.size(), s.ok, s.non2xx, s.conn_errors, s.late_sends);
  std::printf("achieved %.1f answers/s\n", static_cast<double>(s.latency_ms.size()) / secs);
  std::printf(
      "latency from the scheduled send (ms): p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  "
      "max %.3f\n",
      pct(s.latency_ms, 50), pct(s.latency_ms, 90), pct(s.latency_ms, 99), pct(s.latency_ms, 99.9),
      s.latency_ms.empty() ? 0.0 : s.latency_ms.back());
  return s.conn_errors == 0 && s.non2xx == 0 ? 0 : 1;
}
