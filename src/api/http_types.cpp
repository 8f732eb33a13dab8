#include "api/http_types.hpp"

#include <nlohmann/json.hpp>

namespace hk::api {

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

void Headers::add(std::string_view name, std::string_view value) {
  if (size_ == items_.size()) items_.emplace_back();
  Header& h = items_[size_++];
  h.name.assign(name);
  h.value.assign(value);
}

void Headers::set(std::string_view name, std::string_view value) {
  erase(name);
  add(name, value);
}

void Headers::erase(std::string_view name) {
  size_t keep = 0;
  for (size_t i = 0; i < size_; ++i) {
    if (equalsIgnoreCase(items_[i].name, name)) continue;
    if (keep != i) std::swap(items_[keep], items_[i]);
    ++keep;
  }
  size_ = keep;
}

const std::string* Headers::find(std::string_view name) const {
  for (size_t i = 0; i < size_; ++i) {
    if (equalsIgnoreCase(items_[i].name, name)) return &items_[i].value;
  }
  return nullptr;
}

std::string_view Headers::get(std::string_view name, std::string_view fallback) const {
  const std::string* v = find(name);
  return v ? std::string_view(*v) : fallback;
}

std::string_view Request::param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

const std::string* Request::queryValue(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::vector<std::string> Request::queryValues(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query) {
    if (k == name) out.push_back(v);
  }
  return out;
}

void Request::clear() {
  method.clear();
  target.clear();
  path.clear();
  query.clear();
  params.clear();
  headers.clear();
  body.clear();
  request_id.clear();
  attrs.clear();
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.content_type = "application/json";
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

const char* statusReason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

}  // namespace hk::api
