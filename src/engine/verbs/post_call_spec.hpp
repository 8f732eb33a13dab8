#pragma once
// forward's "post_call" (flow/verbs/forward.cpp) as a b2bua::PostCallSpec for
// CallControl::judgeAfterCall: the forward executor arms it before its first attempt.
//   "post_call": {"prompt": {...audio...}, "keys": {"1": "valid", "2": "invalid"},
//                 "timeout_sec": 10}
#include <optional>

#include "b2bua/call_control.hpp"
#include "engine/verbs/common/step_params.hpp"

namespace hk::engine::verbs {

// nullopt when the step has no (usable) post_call.
inline std::optional<b2bua::PostCallSpec> postCallSpec(const Json& params) {
  const Json* pc = objectParam(params, "post_call");
  if (!pc) return std::nullopt;
  auto prompt = audioPlay(objectParam(*pc, "prompt"));
  const Json* keys = objectParam(*pc, "keys");
  if (!prompt || !keys) return std::nullopt;
  b2bua::PostCallSpec spec;
  spec.prompt = *prompt;
  spec.prompt.to = b2bua::Party::Callee;
  for (const auto& [key, value] : keys->items()) {
    if (key.size() != 1 || !value.is_string()) continue;
    spec.keys[key[0]] = value == "valid" ? domain::ValidRes::Valid : domain::ValidRes::Invalid;
  }
  spec.timeout = std::chrono::seconds(intParam(*pc, "timeout_sec", 10));
  if (spec.keys.empty()) return std::nullopt;
  return spec;
}

}  // namespace hk::engine::verbs
