#include "api/url.hpp"

namespace hk::api {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Status decodeInto(std::string_view in, bool plus_as_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) {
        return fail(Code::Invalid, "truncated percent-escape");
      }
      int hi = hexValue(in[i + 1]);
      int lo = hexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return fail(Code::Invalid, "bad percent-escape");
      char d = static_cast<char>(hi * 16 + lo);
      if (d == '\0') return fail(Code::Invalid, "encoded NUL");
      out.push_back(d);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return ok();
}

}  // namespace

Result<std::string> percentDecode(std::string_view in, bool plus_as_space) {
  std::string out;
  if (auto st = decodeInto(in, plus_as_space, out); !st) return st.error();
  return out;
}

Status parseQuery(std::string_view query, Params& out) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    std::string_view key = piece.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
    auto& slot = out.emplace_back();
    if (auto st = decodeInto(key, true, slot.first); !st) return st;
    if (auto st = decodeInto(value, true, slot.second); !st) return st;
  }
  return ok();
}

Status parseTarget(std::string_view target, Request& req) {
  if (target.empty() || target.front() != '/') {
    return fail(Code::Invalid, "request target must start with '/'");
  }
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (auto st = decodeInto(raw_path, false, req.path); !st) return st;
  req.query.clear();
  if (q != std::string_view::npos) {
    size_t hash = target.find('#', q);
    return parseQuery(target.substr(q + 1, hash == std::string_view::npos ? hash : hash - q - 1),
                      req.query);
  }
  return ok();
}

}  // namespace hk::api
