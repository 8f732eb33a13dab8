#pragma once
// Plain HTTP request and response values shared by the router, the handlers and the
// server. No Asio or Beast here: handlers only ever see these types.
#include <cstddef>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hk::api {

// attrs key where the auth layer records who made the request ("user:42", "key:ab12");
// the access log prints it.
inline constexpr const char* kAttrPrincipal = "principal";

struct Header {
  std::string name;
  std::string value;
};

// Header fields in arrival order; lookups ignore ASCII case. clear() keeps the storage so
// a connection can reuse one Headers for every request without allocating.
class Headers {
 public:
  void add(std::string_view name, std::string_view value);
  // Replaces every field of that name with one.
  void set(std::string_view name, std::string_view value);
  void erase(std::string_view name);
  // The first field of that name, or nullptr.
  const std::string* find(std::string_view name) const;
  std::string_view get(std::string_view name, std::string_view fallback = {}) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  void clear() { size_ = 0; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::vector<Header>::const_iterator begin() const { return items_.begin(); }
  std::vector<Header>::const_iterator end() const {
    return items_.begin() + static_cast<std::ptrdiff_t>(size_);
  }

 private:
  std::vector<Header> items_;  // the first size_ are live, the rest are spare
  size_t size_ = 0;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);

using Params = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // upper case: GET, POST...
  std::string target;  // raw request-target as received ("/a%20b?x=1")
  std::string path;    // percent-decoded path, without the query
  Params query;        // percent-decoded, '+' read as a space, in order
  Params params;       // path parameters, filled by the router
  Headers headers;
  std::string body;
  std::string remote;      // "ip:port" of the peer
  std::string request_id;  // X-Request-Id (the client's when sane, else generated)
  std::map<std::string, std::string> attrs;  // per-request slot for auth and friends

  // A path parameter ("{id}" in the route pattern); empty when absent.
  std::string_view param(std::string_view name) const;
  // The first query value of that name, or nullptr.
  const std::string* queryValue(std::string_view name) const;
  std::vector<std::string> queryValues(std::string_view name) const;
  std::string_view header(std::string_view name) const { return headers.get(name); }
  // Empties every field but keeps the buffers (the server reuses one Request per connection).
  void clear();
};

struct Response {
  int status = 200;
  Headers headers;  // extra fields; the server owns Content-Length, Connection and Date
  std::string body;
  std::string content_type;
  bool send_body = true;  // false for HEAD: headers (and Content-Length) only

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response noContent() { return Response{204, {}, {}, {}, true}; }
};

// "OK", "Not Found"... ("Unknown" for codes it does not know).
const char* statusReason(int status);

}  // namespace hk::api
