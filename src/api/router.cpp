#include "api/router.hpp"

#include <algorithm>
#include <stdexcept>

#include "api/problem.hpp"
#include "api/url.hpp"

namespace hk::api {

namespace {

bool validParamName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// "/a/b%2Fc/" -> {"a", "b%2Fc", ""}: raw segments, split before decoding.
void splitPath(std::string_view path, std::vector<std::string_view>& out) {
  out.clear();
  path.remove_prefix(1);  // leading '/'
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
}

bool literalEquals(std::string_view raw, const std::string& literal) {
  if (raw.find('%') == std::string_view::npos) return raw == literal;
  auto decoded = percentDecode(raw);
  return decoded && *decoded == literal;
}

}  // namespace

Router& Router::add(std::string method, std::string pattern, Handler handler, std::string name) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  if (!handler) throw std::invalid_argument("route without a handler: " + pattern);
  Route r;
  std::vector<std::string_view> raw;
  splitPath(pattern, raw);
  for (auto seg : raw) {
    Segment s;
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      s.param = true;
      s.text = std::string(seg.substr(1, seg.size() - 2));
      if (!validParamName(s.text)) throw std::invalid_argument("bad parameter in " + pattern);
      for (const auto& prev : r.segments) {
        if (prev.param && prev.text == s.text) {
          throw std::invalid_argument("parameter used twice in " + pattern);
        }
      }
    } else {
      if (seg.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("bad segment in " + pattern);
      }
      s.text = std::string(seg);
    }
    r.segments.push_back(std::move(s));
  }
  for (const auto& existing : routes_) {
    if (existing.info.method == method && existing.info.pattern == pattern) {
      throw std::invalid_argument("duplicate route " + method + " " + pattern);
    }
  }
  r.info = {std::move(method), std::move(pattern), std::move(name)};
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
  return *this;
}

Router& Router::get(std::string p, Handler h, std::string n) {
  return add("GET", std::move(p), std::move(h), std::move(n));
}
Router& Router::post(std::string p, Handler h, std::string n) {
  return add("POST", std::move(p), std::move(h), std::move(n));
}
Router& Router::put(std::string p, Handler h, std::string n) {
  return add("PUT", std::move(p), std::move(h), std::move(n));
}
Router& Router::patch(std::string p, Handler h, std::string n) {
  return add("PATCH", std::move(p), std::move(h), std::move(n));
}
Router& Router::del(std::string p, Handler h, std::string n) {
  return add("DELETE", std::move(p), std::move(h), std::move(n));
}

bool Router::match(const Route& r, const std::vector<std::string_view>& raw, Params* params,
                   std::string& score) {
  if (r.segments.size() != raw.size()) return false;
  score.clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    const Segment& s = r.segments[i];
    if (s.param) {
      if (raw[i].empty()) return false;
      score.push_back('0');
    } else {
      if (!literalEquals(raw[i], s.text)) return false;
      score.push_back('1');
    }
  }
  if (params) {
    params->clear();
    for (size_t i = 0; i < raw.size(); ++i) {
      if (!r.segments[i].param) continue;
      auto value = percentDecode(raw[i]);
      if (!value) return false;
      params->emplace_back(r.segments[i].text, std::move(*value));
    }
  }
  return true;
}

Response Router::handle(Request& req) const {
  std::string_view raw_path = req.target;
  raw_path = raw_path.substr(0, raw_path.find_first_of("?#"));
  if (raw_path.empty() || raw_path.front() != '/') {
    return problem(400, "request target must start with '/'");
  }
  thread_local std::vector<std::string_view> raw;
  splitPath(raw_path, raw);

  const bool head = req.method == "HEAD";
  const std::string_view want = head ? std::string_view("GET") : std::string_view(req.method);
  const Route* best = nullptr;
  std::string best_score;
  std::string score;
  for (const auto& r : routes_) {
    if (r.info.method != want || !match(r, raw, nullptr, score)) continue;
    if (!best || score > best_score) {
      best = &r;
      best_score = score;
    }
  }
  if (!best) return notMatched(req, raw);
  if (!match(*best, raw, &req.params, score)) return problem(400, "bad percent-escape in path");
  Response res = best->handler(req);
  if (head) res.send_body = false;
  return res;
}

Response Router::notMatched(const Request& req, const std::vector<std::string_view>& raw) const {
  std::vector<std::string_view> allow;
  auto allowMethod = [&](std::string_view m) {
    if (std::find(allow.begin(), allow.end(), m) == allow.end()) allow.push_back(m);
  };
  std::string score;
  for (const auto& r : routes_) {
    if (!match(r, raw, nullptr, score)) continue;
    allowMethod(r.info.method);
    if (r.info.method == "GET") allowMethod("HEAD");
  }
  if (allow.empty()) return problem(404, "no resource at " + req.path);
  std::string allow_value;
  for (auto m : allow) {
    if (!allow_value.empty()) allow_value += ", ";
    allow_value += m;
  }
  Response res = problem(405, "method " + req.method + " is not allowed on " + req.path);
  res.headers.set("Allow", allow_value);
  return res;
}

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.push_back(r.info);
  return out;
}

}  // namespace hk::api
