#pragma once
// A real DNS server for tests: dnsmasq (Debian package dnsmasq-base) on 127.0.0.1 and a free
// port, serving only the records a test gives it (--srv-host, --host-record,
// --naptr-record ...). Started and stopped by the test; ready once it logs "started".
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hk::test {

class Dnsmasq {
 public:
  // The binary, or nullopt when dnsmasq is not installed.
  static std::optional<std::string> binary() {
    for (const char* p : {"/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq"}) {
      if (::access(p, X_OK) == 0) return std::string(p);
    }
    return std::nullopt;
  }

  ~Dnsmasq() { stop(); }

  // Starts it with `records` (whole options such as "--srv-host=..."); false with `error`
  // set when it did not come up.
  bool start(const std::vector<std::string>& records, std::string& error) {
    auto bin = binary();
    if (!bin) {
      error = "dnsmasq is not installed";
      return false;
    }
    for (int tries = 0; tries < 5; ++tries) {
      port_ = freePort();
      if (port_ != 0 && launch(*bin, records, error)) return true;
    }
    return false;
  }

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int st = 0;
      ::waitpid(pid_, &st, 0);
      pid_ = -1;
    }
    if (log_fd_ >= 0) ::close(log_fd_);
    log_fd_ = -1;
  }

  uint16_t port() const { return port_; }

 private:
  // A port free for UDP and TCP on 127.0.0.1 now.
  static uint16_t freePort() {
    int u = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    uint16_t port = 0;
    if (u >= 0 && ::bind(u, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(u, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      port = ntohs(a.sin_port);
      int t = ::socket(AF_INET, SOCK_STREAM, 0);
      if (t < 0 || ::bind(t, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) port = 0;
      if (t >= 0) ::close(t);
    }
    if (u >= 0) ::close(u);
    return port;
  }

  bool launch(const std::string& bin, const std::vector<std::string>& records, std::string& error) {
    std::vector<std::string> args = {bin,
                                     "--keep-in-foreground",
                                     "--conf-file=/dev/null",
                                     "--pid-file=",
                                     "--log-facility=-",
                                     "--no-resolv",
                                     "--no-hosts",
                                     "--port=" + std::to_string(port_),
                                     "--listen-address=127.0.0.1",
                                     "--bind-interfaces",
                                     "--local-ttl=60"};
    if (::geteuid() == 0) args.push_back("--user=root");
    args.insert(args.end(), records.begin(), records.end());
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      error = "pipe failed";
      return false;
    }
    pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(fds[1], 2);
      ::dup2(fds[1], 1);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    if (pid < 0) {
      ::close(fds[0]);
      error = "fork failed";
      return false;
    }
    pid_ = pid;
    log_fd_ = fds[0];
    // Ready once it says "started"; gone (or 5 s of silence): failed.
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{log_fd_, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[512];
      ssize_t n = ::read(log_fd_, buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
      if (out.find("started") != std::string::npos) return true;
    }
    error = "dnsmasq did not start: " + out;
    stop();
    return false;
  }

  pid_t pid_ = -1;
  int log_fd_ = -1;
  uint16_t port_ = 0;
};

}  // namespace hk::test
