#include "flow/param_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "flow/detail/text.hpp"

namespace hk::flow {

std::string pointerTo(const std::string& parent, std::string_view token) {
  std::string out = parent;
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

ParamReader::ParamReader(const Json& object, std::string pointer, Issues& issues)
    : object_(object.is_object() ? &object : nullptr),
      pointer_(std::move(pointer)),
      issues_(issues) {
  if (!object_) issues_.push_back({pointer_.empty() ? "/" : pointer_, "must be a JSON object"});
}

bool ParamReader::has(std::string_view key) const {
  return object_ && object_->find(std::string(key)) != object_->end();
}

void ParamReader::error(std::string_view key, std::string reason) {
  issues_.push_back({at(key), std::move(reason)});
}

const Json* ParamReader::value(std::string_view key, Need need) {
  seen_.emplace_back(key);
  if (!object_) return nullptr;
  auto it = object_->find(std::string(key));
  if (it == object_->end()) {
    if (need == Need::Required) error(key, "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ParamReader::text(std::string_view key, size_t max_bytes, Need need) {
  const Json* v = value(key, need);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    error(key, "must be a string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (std::string reason = detail::checkText(s, max_bytes); !reason.empty()) {
    error(key, std::move(reason));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> ParamReader::oneOf(std::string_view key,
                                              std::initializer_list<std::string_view> allowed,
                                              Need need) {
  const Json* v = value(key, need);
  if (!v) return std::nullopt;
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    if (std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  error(key, "must be one of: " + list);
  return std::nullopt;
}

std::optional<int64_t> ParamReader::integer(std::string_view key, int64_t min, int64_t max,
                                            Need need) {
  const Json* v = value(key, need);
  if (!v) return std::nullopt;
  bool in_range = false;
  int64_t x = 0;
  if (v->is_number_unsigned()) {
    auto u = v->get<uint64_t>();
    in_range = max >= 0 && u <= static_cast<uint64_t>(max) && static_cast<int64_t>(u) >= min;
    x = in_range ? static_cast<int64_t>(u) : 0;
  } else if (v->is_number_integer()) {
    x = v->get<int64_t>();
    in_range = x >= min && x <= max;
  } else {
    error(key, "must be an integer");
    return std::nullopt;
  }
  if (!in_range) {
    error(key, fmt::format("must be between {} and {}", min, max));
    return std::nullopt;
  }
  return x;
}

std::optional<double> ParamReader::number(std::string_view key, double min, double max, Need need) {
  const Json* v = value(key, need);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    error(key, "must be a number");
    return std::nullopt;
  }
  double x = v->get<double>();
  if (!(x >= min && x <= max)) {
    error(key, fmt::format("must be between {} and {}", min, max));
    return std::nullopt;
  }
  return x;
}

std::optional<bool> ParamReader::boolean(std::string_view key, Need need) {
  const Json* v = value(key, need);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    error(key, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

const Json* ParamReader::object(std::string_view key, Need need) {
  const Json* v = value(key, need);
  if (v && !v->is_object()) {
    error(key, "must be an object");
    return nullptr;
  }
  return v;
}

const Json* ParamReader::array(std::string_view key, size_t min_items, size_t max_items,
                               Need need) {
  const Json* v = value(key, need);
  if (!v) return nullptr;
  if (!v->is_array()) {
    error(key, "must be an array");
    return nullptr;
  }
  if (v->size() < min_items || v->size() > max_items) {
    error(key, min_items == max_items
                   ? fmt::format("must have {} items", min_items)
                   : fmt::format("must have {} to {} items", min_items, max_items));
    return nullptr;
  }
  return v;
}

void ParamReader::known(std::initializer_list<std::string_view> keys) {
  for (auto k : keys) seen_.emplace_back(k);
}

void ParamReader::finish() {
  if (finished_ || !object_) return;
  finished_ = true;
  for (const auto& [key, v] : object_->items()) {
    if (std::find(seen_.begin(), seen_.end(), key) == seen_.end()) error(key, "unknown field");
  }
}

// --- StepReader -------------------------------------------------------------------------------

void StepReader::branch(std::string_view key, Need need) {
  const Json* v = value(key, need);
  if (!v) return;
  if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
    error(key, "must be the id of a step");
    return;
  }
  branches_.push_back({std::string(key), v->get<std::string>(), at(key)});
}

size_t StepReader::branchMap(std::string_view key, size_t max_entries,
                             const std::function<std::string(const std::string&)>& check_key,
                             Need need) {
  const Json* m = object(key, need);
  if (!m) return 0;
  if (m->empty() || m->size() > max_entries) {
    error(key, fmt::format("must have 1 to {} entries", max_entries));
    return 0;
  }
  const std::string base = at(key);
  for (const auto& [k, v] : m->items()) {
    if (std::string reason = check_key(k); !reason.empty()) {
      issues().push_back({pointerTo(base, k), std::move(reason)});
      continue;
    }
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
      issues().push_back({pointerTo(base, k), "must be the id of a step"});
      continue;
    }
    branches_.push_back({std::string(key) + "/" + k, v.get<std::string>(), pointerTo(base, k)});
  }
  return m->size();
}

bool StepReader::hasBranch(std::string_view name) const {
  return std::any_of(branches_.begin(), branches_.end(),
                     [&](const Branch& b) { return b.name == name; });
}

}  // namespace hk::flow
