#include "api/detail/response_writer.hpp"

#include <fmt/format.h>

#include <ctime>
#include <iterator>

namespace hk::api::detail {

namespace {

// Fields the server writes itself; a handler's copy is dropped.
bool serverOwned(std::string_view name) {
  return equalsIgnoreCase(name, "content-length") || equalsIgnoreCase(name, "connection") ||
         equalsIgnoreCase(name, "transfer-encoding") || equalsIgnoreCase(name, "date") ||
         equalsIgnoreCase(name, "x-request-id") || equalsIgnoreCase(name, "content-type");
}

bool safeField(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c <= ' ' || c == ':' || c == 127) return false;
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

}  // namespace

std::string_view httpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached = -1;
  thread_local char buf[40];
  thread_local size_t len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    auto r = fmt::format_to_n(buf, sizeof(buf) - 1, "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
                              kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                              tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    len = r.size < sizeof(buf) ? r.size : sizeof(buf) - 1;
    cached = now;
  }
  return {buf, len};
}

size_t appendResponse(std::string& out, const Response& res, const WriteOptions& opt) {
  const int status = res.status >= 100 && res.status <= 999 ? res.status : 500;
  const bool no_body = status < 200 || status == 204 || status == 304;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "HTTP/1.1 {} {}\r\nDate: {}\r\n", status, statusReason(status), httpDate());
  if (!opt.request_id.empty()) fmt::format_to(it, "X-Request-Id: {}\r\n", opt.request_id);
  if (!no_body) {
    if (!res.content_type.empty() && safeField("Content-Type", res.content_type)) {
      fmt::format_to(it, "Content-Type: {}\r\n", res.content_type);
    }
    fmt::format_to(it, "Content-Length: {}\r\n", res.body.size());
  }
  if (opt.close) {
    out += "Connection: close\r\n";
  } else if (opt.keep_alive_10) {
    out += "Connection: keep-alive\r\n";
  }
  for (const auto& h : res.headers) {
    if (serverOwned(h.name) || !safeField(h.name, h.value)) continue;
    fmt::format_to(it, "{}: {}\r\n", h.name, h.value);
  }
  out += "\r\n";
  if (no_body || !res.send_body) return 0;
  out += res.body;
  return res.body.size();
}

}  // namespace hk::api::detail
