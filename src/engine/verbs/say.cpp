// say: the executor (the document's validator is flow/verbs/say.cpp, whose top comment is
// the reference). A text spoken by TTS to the caller/callee/both (engine/play_step.hpp).
#include "engine/play_step.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {

void registerSayRun(RunRegistry& r) {
  r.add("say", [](const flow::Step& s) {
    b2bua::PlaySpec audio;
    audio.text = s.params.value("text", std::string());
    audio.voice = s.params.value("voice", std::string("auto"));
    if (audio.voice == "auto") audio.voice.clear();
    audio.speed = s.params.value("speed", 1.0);
    return std::make_unique<PlayStep>(std::move(audio), s);
  });
}

}  // namespace hk::engine
