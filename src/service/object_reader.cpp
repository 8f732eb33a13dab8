#include "service/object_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/enum_names.hpp"

namespace hk::service {

std::string jsonPointer(const std::string& parent, const std::string& token) {
  std::string out = parent;
  out.push_back('/');
  for (char ch : token) {
    if (ch == '~') {
      out += "~0";
    } else if (ch == '/') {
      out += "~1";
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

ObjectReader::ObjectReader(const Json& j, FieldErrors& errs, std::string base)
    : j_(j), errs_(errs), base_(std::move(base)), ok_(j.is_object()) {
  if (!ok_) errs_.push_back({base_.empty() ? "/" : base_, "must be a JSON object"});
}

bool ObjectReader::has(const char* key) const { return ok_ && j_.contains(key); }

const Json* ObjectReader::field(const char* key) {
  seen_.emplace_back(key);
  if (!ok_) return nullptr;
  auto it = j_.find(key);
  return it == j_.end() ? nullptr : &*it;
}

void ObjectReader::error(const std::string& key, const std::string& reason) {
  errs_.push_back({jsonPointer(base_, key), reason});
}

void ObjectReader::str(const char* key, std::string& out, size_t max_len) {
  const Json* v = field(key);
  if (!v) return;
  if (!v->is_string()) return error(key, "must be a string");
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_len) return error(key, fmt::format("must be at most {} bytes", max_len));
  out = s;
}

void ObjectReader::integer(const char* key, int64_t& out, int64_t min, int64_t max) {
  const Json* v = field(key);
  if (!v) return;
  if (!v->is_number_integer()) return error(key, "must be an integer");
  int64_t x =
      v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX ? INT64_MAX : v->get<int64_t>();
  if (x < min || x > max) return error(key, fmt::format("must be between {} and {}", min, max));
  out = x;
}

void ObjectReader::integer(const char* key, int& out, int min, int max) {
  int64_t v = out;
  integer(key, v, min, max);
  out = static_cast<int>(v);
}

void ObjectReader::id(const char* key, domain::Id& out) {
  const Json* v = field(key);
  if (!v) return;
  if (v->is_null()) {
    out = 0;
    return;
  }
  if (!v->is_number_integer() || v->get<int64_t>() <= 0) {
    return error(key, "must be a positive integer id or null");
  }
  out = v->get<int64_t>();
}

void ObjectReader::boolean(const char* key, bool& out) {
  const Json* v = field(key);
  if (!v) return;
  if (!v->is_boolean()) return error(key, "must be true or false");
  out = v->get<bool>();
}

void ObjectReader::strings(const char* key, std::vector<std::string>& out, size_t max_items,
                           size_t max_len) {
  const Json* v = field(key);
  if (!v) return;
  if (!v->is_array()) return error(key, "must be an array of strings");
  if (v->size() > max_items) return error(key, fmt::format("at most {} items", max_items));
  std::vector<std::string> tmp;
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    if (!e.is_string() || e.get_ref<const std::string&>().size() > max_len) {
      errs_.push_back({jsonPointer(jsonPointer(base_, key), std::to_string(i)),
                       fmt::format("must be a string of at most {} bytes", max_len)});
      return;
    }
    tmp.push_back(e.get<std::string>());
  }
  out = std::move(tmp);
}

template <class E>
void ObjectReader::enumeration(const char* key, E& out) {
  const Json* v = field(key);
  if (!v) return;
  E tmp;
  if (!v->is_string() || !domain::parse(v->get_ref<const std::string&>(), tmp)) {
    return error(key, "is not one of the allowed values");
  }
  out = tmp;
}
template void ObjectReader::enumeration(const char*, domain::NumberType&);
template void ObjectReader::enumeration(const char*, domain::NumberState&);
template void ObjectReader::enumeration(const char*, domain::Role&);

void ObjectReader::rejectUnknown(const std::vector<std::string>& allow) {
  if (!ok_) return;
  for (const auto& [k, v] : j_.items()) {
    bool known = std::find(seen_.begin(), seen_.end(), k) != seen_.end() ||
                 std::find(allow.begin(), allow.end(), k) != allow.end();
    if (!known) error(k, "unknown field");
  }
}

}  // namespace hk::service
