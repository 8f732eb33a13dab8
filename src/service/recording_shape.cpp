#include "service/recording_shape.hpp"

#include "service/object_reader.hpp"

namespace hk::service {

namespace {
constexpr size_t kMaxConsentText = 1000;
nlohmann::json orNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}
}  // namespace

bool isPromptId(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

nlohmann::json recordingJson(const domain::RecordingSetting& r) {
  return {{"mode", domain::recordingModeName(r.mode)},
          {"consent_prompt", orNull(r.consent_prompt)},
          {"consent_text", orNull(r.consent_text)}};
}

void readRecording(const nlohmann::json& j, domain::RecordingSetting& into, FieldErrors& errs,
                   const std::string& base) {
  ObjectReader r(j, errs, base);
  if (!r.isObject()) return;
  domain::RecordingSetting out = into;
  size_t before = errs.size();
  if (r.has("mode")) {
    const auto& m = j["mode"];
    if (!m.is_string() || !domain::parseRecordingMode(m.get<std::string>(), out.mode)) {
      errs.push_back({base + "/mode", "must be inherit, off, stereo, caller or callee"});
    }
  }
  // null clears a consent guidance.
  for (const char* key : {"consent_prompt", "consent_text"}) {
    if (!r.has(key)) continue;
    const auto& v = j[key];
    std::string& field =
        std::string_view(key) == "consent_prompt" ? out.consent_prompt : out.consent_text;
    if (v.is_null()) {
      field.clear();
    } else if (!v.is_string()) {
      errs.push_back({jsonPointer(base, key), "must be a string or null"});
    } else {
      field = v.get<std::string>();
    }
  }
  if (!out.consent_prompt.empty() && !isPromptId(out.consent_prompt)) {
    errs.push_back({base + "/consent_prompt", "must be a prompt id (32 lowercase hex)"});
  }
  if (out.consent_text.size() > kMaxConsentText) {
    errs.push_back({base + "/consent_text", "must be at most 1000 bytes"});
  }
  if (!out.consent_prompt.empty() && !out.consent_text.empty()) {
    errs.push_back({base + "/consent_text", "give consent_prompt or consent_text, not both"});
  }
  r.rejectUnknown({"mode", "consent_prompt", "consent_text"});
  if (errs.size() == before) into = std::move(out);
}

}  // namespace hk::service
