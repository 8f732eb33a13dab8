#pragma once
// Reading a step's parameters in the executors. The document was checked on save
// (flow/verbs/<verb>.cpp), so these only supply the defaults; a value of the wrong type
// (a document saved by an older validator) reads as absent instead of throwing.
#include <optional>
#include <string>
#include <string_view>

#include "b2bua/call_media.hpp"
#include "flow/flow_doc.hpp"

namespace hk::engine::verbs {

using flow::Json;

int64_t intParam(const Json& params, std::string_view key, int64_t fallback);
bool boolParam(const Json& params, std::string_view key, bool fallback);
std::string stringParam(const Json& params, std::string_view key, std::string fallback = {});
// The object params[key]; nullptr when absent or not an object.
const Json* objectParam(const Json& params, std::string_view key);

// A key of "#", "*" or "" (none): terminator, finish_key. Absent: `fallback`.
std::optional<char> keyParam(const Json& params, std::string_view key,
                             std::optional<char> fallback);

// An audio object ({"file": id} or {"text", "voice", "speed"}, flow/verbs/common/audio.hpp)
// as a play to the caller; nullopt when it names nothing to play.
std::optional<b2bua::PlaySpec> audioPlay(const Json* audio);

}  // namespace hk::engine::verbs
