#pragma once
// A small blocking HTTP/1.1 client on raw sockets, for talking to HttpServer in tests.
// Every wait is bounded (5 s), so a broken server fails a test instead of hanging it.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hk::api::test {

struct Reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string header(std::string_view name) const;  // "" when absent
  bool hasHeader(std::string_view name) const;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port);  // 127.0.0.1:port
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void sendRaw(std::string_view bytes);
  // Reads one response; head: the response to a HEAD carries no body. status 0 on
  // EOF or timeout.
  Reply read(bool head = false);
  // Sends a request (Content-Length added when there is a body) and reads the response.
  Reply request(std::string_view method, std::string_view target, std::string_view body = {},
                std::vector<std::pair<std::string, std::string>> headers = {});
  // Waits for the server to close: true on EOF (or reset) within the timeout. Discards data.
  bool waitClosed();
  int localPort() const;

 private:
  bool fill();  // reads more into buf_; false on EOF, error or timeout

  int fd_ = -1;
  std::string buf_;
};

}  // namespace hk::api::test
