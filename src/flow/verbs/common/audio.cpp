#include "flow/verbs/common/audio.hpp"

#include "flow/detail/text.hpp"

namespace hk::flow::verbs {

void readAudio(ParamReader& r, AudioKind kind) {
  const bool has_file = r.has("file");
  const bool has_text = r.has("text");
  if (kind != AudioKind::Speech) {
    if (const Json* f =
            r.value("file", kind == AudioKind::File ? Need::Required : Need::Optional)) {
      if (!f->is_string() || !detail::isPromptId(f->get_ref<const std::string&>())) {
        r.error("file", "must be a prompt id (32 lowercase hex characters)");
      }
    }
  }
  if (kind != AudioKind::File) {
    r.text("text", kMaxSpeechBytes, kind == AudioKind::Speech ? Need::Required : Need::Optional);
    // The voices of media/tts.hpp.
    r.oneOf("voice", {"auto", "ja-nitech", "en-kal"});
    r.number("speed", 0.5, 2.0);
    if (kind == AudioKind::Either && !has_text) {
      for (const char* k : {"voice", "speed"}) {
        if (r.has(k)) r.error(k, "only goes with text");
      }
    }
  }
  if (kind == AudioKind::Either) {
    if (has_file && has_text) r.error("text", "give either file or text, not both");
    if (!has_file && !has_text && r.isObject()) {
      r.issues().push_back({r.pointer(), "needs a file or a text"});
    }
  }
}

void readAudioObject(ParamReader& r, std::string_view key, Need need) {
  const Json* v = r.value(key, need);
  if (!v) return;
  ParamReader sub(*v, r.at(key), r.issues());
  if (!sub.isObject()) return;
  readAudio(sub, AudioKind::Either);
  sub.finish();
}

bool readListener(ParamReader& r) {
  auto to = r.oneOf("to", {"caller", "callee", "both"});
  return !to || *to != "callee";
}

}  // namespace hk::flow::verbs
