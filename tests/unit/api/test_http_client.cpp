#include "test_http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace hk::api::test {

namespace {

constexpr int kTimeoutMs = 5000;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto l = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (l(a[i]) != l(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string Reply::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

bool Reply::hasHeader(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return true;
  }
  return false;
}

HttpClient::HttpClient(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    throw std::runtime_error("connect failed");
  }
}

HttpClient::~HttpClient() {
  if (fd_ >= 0) ::close(fd_);
}

int HttpClient::localPort() const {
  sockaddr_in addr{};
  socklen_t len = sizeof(addr);
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

void HttpClient::sendRaw(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      throw std::runtime_error("send failed");
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

bool HttpClient::fill() {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, kTimeoutMs) <= 0) return false;
  char tmp[16384];
  ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
  if (n <= 0) return false;
  buf_.append(tmp, static_cast<size_t>(n));
  return true;
}

Reply HttpClient::read(bool head) {
  Reply r;
  size_t end;
  while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return r;
  }
  std::string_view head_text(buf_.data(), end);
  size_t line_end = head_text.find("\r\n");
  std::string_view status_line = head_text.substr(0, line_end);
  if (status_line.size() < 12) return r;
  r.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  std::string_view rest =
      line_end == std::string_view::npos ? std::string_view{} : head_text.substr(line_end + 2);
  while (!rest.empty()) {
    size_t e = rest.find("\r\n");
    std::string_view line = rest.substr(0, e);
    rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  buf_.erase(0, end + 4);
  if (r.status < 200 || r.status == 204 || r.status == 304 || head) return r;
  size_t length = static_cast<size_t>(std::atoll(r.header("Content-Length").c_str()));
  while (buf_.size() < length) {
    if (!fill()) {
      r.status = 0;
      return r;
    }
  }
  r.body = buf_.substr(0, length);
  buf_.erase(0, length);
  return r;
}

Reply HttpClient::request(std::string_view method, std::string_view target, std::string_view body,
                          std::vector<std::pair<std::string, std::string>> headers) {
  std::string msg;
  msg.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: test\r\n");
  for (const auto& [k, v] : headers) msg.append(k).append(": ").append(v).append("\r\n");
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    msg.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  msg.append("\r\n").append(body);
  sendRaw(msg);
  return read(method == "HEAD");
}

bool HttpClient::waitClosed() {
  buf_.clear();
  while (true) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, kTimeoutMs) <= 0) return false;
    char tmp[4096];
    ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
    if (n <= 0) return true;
  }
}

}  // namespace hk::api::test
