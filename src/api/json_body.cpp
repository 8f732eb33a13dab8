#include "api/json_body.hpp"

#include <algorithm>

namespace hk::api {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Depth of [ and { outside strings; stops counting once past `limit`.
bool deeperThan(std::string_view body, size_t limit) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

size_t utf8Length(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string typeReason(const char* what) { return std::string("must be ") + what; }

}  // namespace

bool isJsonContentType(std::string_view ct) {
  ct = trim(ct.substr(0, ct.find(';')));
  if (equalsIgnoreCase(ct, "application/json")) return true;
  constexpr std::string_view kApp = "application/";
  constexpr std::string_view kJson = "+json";
  return ct.size() > kApp.size() + kJson.size() &&
         equalsIgnoreCase(ct.substr(0, kApp.size()), kApp) &&
         equalsIgnoreCase(ct.substr(ct.size() - kJson.size()), kJson);
}

HttpResult<nlohmann::json> parseJsonBody(const Request& req, size_t max_depth) {
  std::string_view ct = req.headers.get("Content-Type");
  if (!isJsonContentType(ct)) {
    return problem(415, ct.empty() ? "Content-Type must be application/json"
                                   : "Content-Type must be application/json, not " +
                                         std::string(ct.substr(0, 100)));
  }
  if (trim(req.body).empty())
    return problem(400, "request body is empty; a JSON value is required");
  if (deeperThan(req.body, max_depth)) {
    return problem(400, "JSON nested deeper than " + std::to_string(max_depth) + " levels");
  }
  try {
    return nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    size_t end = std::min(e.byte == 0 ? size_t{0} : e.byte - 1, req.body.size());
    size_t line = 1;
    size_t column = 1;
    for (size_t i = 0; i < end; ++i) {
      if (req.body[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return problem(400, "malformed JSON at line " + std::to_string(line) + ", column " +
                            std::to_string(column));
  } catch (const nlohmann::json::exception&) {
    return problem(400, "malformed JSON");
  }
}

std::string jsonPointer(std::string_view parent, std::string_view token) {
  std::string out(parent);
  out.push_back('/');
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

ObjectReader::ObjectReader(const nlohmann::json& value, FieldErrors& errors, std::string pointer)
    : errors_(&errors), pointer_(std::move(pointer)) {
  if (value.is_object()) {
    obj_ = &value;
  } else {
    errors_->add(pointer_.empty() ? "/" : pointer_, typeReason("an object"));
  }
}

bool ObjectReader::has(std::string_view key) const {
  return obj_ && obj_->find(key) != obj_->end();
}

void ObjectReader::error(std::string_view key, std::string reason) {
  errors_->add(jsonPointer(pointer_, key), std::move(reason));
}

const nlohmann::json* ObjectReader::member(std::string_view key, Presence p) {
  known_.emplace_back(key);
  if (!obj_) return nullptr;
  auto it = obj_->find(key);
  if (it == obj_->end() || it->is_null()) {
    if (p == Presence::Required) error(key, "is required");
    return nullptr;
  }
  return &*it;
}

bool ObjectReader::checkString(const std::string& value, const StringRule& rule,
                               const std::string& where) {
  size_t len = utf8Length(value);
  if (len < rule.min_length) {
    errors_->add(where, rule.min_length == 1 ? "must not be empty"
                                             : "must be at least " +
                                                   std::to_string(rule.min_length) + " characters");
    return false;
  }
  if (len > rule.max_length) {
    errors_->add(where, "must be at most " + std::to_string(rule.max_length) + " characters");
    return false;
  }
  if (rule.check) {
    std::string reason = rule.check(value);
    if (!reason.empty()) {
      errors_->add(where, std::move(reason));
      return false;
    }
  }
  return true;
}

std::optional<std::string> ObjectReader::string(std::string_view key, Presence p,
                                                const StringRule& rule) {
  const auto* v = member(key, p);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    error(key, typeReason("a string"));
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (!checkString(s, rule, jsonPointer(pointer_, key))) return std::nullopt;
  return s;
}

std::optional<int64_t> ObjectReader::integer(std::string_view key, Presence p, int64_t min,
                                             int64_t max) {
  const auto* v = member(key, p);
  if (!v) return std::nullopt;
  auto range = [&] {
    error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  };
  if (v->is_number_unsigned()) {
    auto u = v->get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return range();
  } else if (!v->is_number_integer()) {
    error(key, typeReason("an integer"));
    return std::nullopt;
  }
  auto n = v->get<int64_t>();
  if (n < min || n > max) return range();
  return n;
}

std::optional<bool> ObjectReader::boolean(std::string_view key, Presence p) {
  const auto* v = member(key, p);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    error(key, typeReason("true or false"));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> ObjectReader::strings(std::string_view key, Presence p,
                                                              size_t max_items,
                                                              const StringRule& item) {
  const auto* v = member(key, p);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    error(key, typeReason("an array of strings"));
    return std::nullopt;
  }
  if (v->size() > max_items) {
    error(key, "must have at most " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool good = true;
  std::string base = jsonPointer(pointer_, key);
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& el = (*v)[i];
    std::string where = base + "/" + std::to_string(i);
    if (!el.is_string()) {
      errors_->add(where, typeReason("a string"));
      good = false;
      continue;
    }
    const auto& s = el.get_ref<const std::string&>();
    if (!checkString(s, item, where)) {
      good = false;
      continue;
    }
    out.push_back(s);
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<std::string> ObjectReader::oneOf(std::string_view key, Presence p,
                                               const std::vector<std::string_view>& allowed) {
  const auto* v = member(key, p);
  if (!v) return std::nullopt;
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    if (std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
  }
  std::string reason = "must be one of:";
  for (size_t i = 0; i < allowed.size(); ++i) {
    reason += i == 0 ? " " : ", ";
    reason += allowed[i];
  }
  error(key, std::move(reason));
  return std::nullopt;
}

std::optional<ObjectReader> ObjectReader::object(std::string_view key, Presence p) {
  const auto* v = member(key, p);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    error(key, typeReason("an object"));
    return std::nullopt;
  }
  return ObjectReader(*v, *errors_, jsonPointer(pointer_, key));
}

std::optional<std::vector<ObjectReader>> ObjectReader::objects(std::string_view key, Presence p,
                                                               size_t max_items) {
  const auto* v = member(key, p);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    error(key, typeReason("an array of objects"));
    return std::nullopt;
  }
  if (v->size() > max_items) {
    error(key, "must have at most " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  std::vector<ObjectReader> out;
  std::string base = jsonPointer(pointer_, key);
  for (size_t i = 0; i < v->size(); ++i) {
    out.emplace_back((*v)[i], *errors_, base + "/" + std::to_string(i));
  }
  return out;
}

void ObjectReader::finish() {
  if (!obj_) return;
  for (const auto& [k, _] : obj_->items()) {
    if (std::find(known_.begin(), known_.end(), k) == known_.end()) error(k, "unknown field");
  }
}

}  // namespace hk::api
