#pragma once
// What a caller or callee hears, as the verbs write it: a prompt file or text to speak.
//   {"file": "<prompt id>"}                          an uploaded WAV (media::PromptStore id)
//   {"text": "...", "voice": "ja-nitech", "speed": 1.0}   text-to-speech; voice ja-nitech,
//                                                    en-kal or auto (default: from the text)
// play and say take these keys on the step itself; other verbs nest the object under their
// own key ("prompt", "whisper", "greeting").
#include <string_view>

#include "flow/param_reader.hpp"

namespace hk::flow::verbs {

// The longest text a prompt may speak (media::kMaxTextBytes).
inline constexpr size_t kMaxSpeechBytes = 4000;

enum class AudioKind { File, Speech, Either };

// Reads the audio keys of `r` itself. `kind` says which form is allowed: a step of `play`
// must name a file, `say` must have text, nested objects may hold either (never both).
void readAudio(ParamReader& r, AudioKind kind);

// Reads the nested audio object r[key], if present (or required).
void readAudioObject(ParamReader& r, std::string_view key, Need need = Need::Optional);

// The "to" key of play and say: caller (default), callee or both. True when the caller
// hears it.
bool readListener(ParamReader& r);

}  // namespace hk::flow::verbs
