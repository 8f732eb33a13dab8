#include "engine/verbs/common/step_params.hpp"

namespace hk::engine::verbs {

namespace {

const Json* member(const Json& params, std::string_view key) {
  if (!params.is_object()) return nullptr;
  auto it = params.find(key);
  return it == params.end() ? nullptr : &*it;
}

}  // namespace

int64_t intParam(const Json& params, std::string_view key, int64_t fallback) {
  const Json* v = member(params, key);
  if (v && v->is_number_integer()) return v->get<int64_t>();
  return fallback;
}

bool boolParam(const Json& params, std::string_view key, bool fallback) {
  const Json* v = member(params, key);
  return v && v->is_boolean() ? v->get<bool>() : fallback;
}

std::string stringParam(const Json& params, std::string_view key, std::string fallback) {
  const Json* v = member(params, key);
  return v && v->is_string() ? v->get<std::string>() : fallback;
}

const Json* objectParam(const Json& params, std::string_view key) {
  const Json* v = member(params, key);
  return v && v->is_object() ? v : nullptr;
}

std::optional<char> keyParam(const Json& params, std::string_view key,
                             std::optional<char> fallback) {
  const Json* v = member(params, key);
  if (!v || !v->is_string()) return fallback;
  const auto& s = v->get_ref<const std::string&>();
  if (s.empty()) return std::nullopt;
  return s[0];
}

std::optional<b2bua::PlaySpec> audioPlay(const Json* audio) {
  if (!audio || !audio->is_object()) return std::nullopt;
  b2bua::PlaySpec p;
  p.prompt_id = stringParam(*audio, "file");
  if (p.prompt_id.empty()) {
    p.text = stringParam(*audio, "text");
    p.voice = stringParam(*audio, "voice");
    if (const Json* s = member(*audio, "speed"); s && s->is_number()) p.speed = s->get<double>();
  }
  if (p.prompt_id.empty() && p.text.empty()) return std::nullopt;
  p.to = b2bua::Party::Caller;
  return p;
}

}  // namespace hk::engine::verbs
