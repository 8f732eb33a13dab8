// play: the executor (the document's validator is flow/verbs/play.cpp, whose top comment is
// the reference). An uploaded prompt to the caller/callee/both (engine/play_step.hpp).
#include "engine/play_step.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {

void registerPlayRun(RunRegistry& r) {
  r.add("play", [](const flow::Step& s) {
    b2bua::PlaySpec audio;
    audio.prompt_id = s.params.value("file", std::string());
    return std::make_unique<PlayStep>(std::move(audio), s);
  });
}

}  // namespace hk::engine
