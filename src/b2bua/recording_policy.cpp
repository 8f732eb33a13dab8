#include "b2bua/recording_policy.hpp"

namespace hk::b2bua {

namespace {

domain::RecordingMode modeOf(const std::optional<RecordSpec>& config_default) {
  if (!config_default) return domain::RecordingMode::Off;
  switch (config_default->what) {
    case RecordWhat::Stereo: return domain::RecordingMode::Stereo;
    case RecordWhat::Caller: return domain::RecordingMode::Caller;
    case RecordWhat::Callee: return domain::RecordingMode::Callee;
  }
  return domain::RecordingMode::Off;
}

}  // namespace

std::optional<PlaySpec> consentFor(const domain::TrackingNumber& n,
                                   const std::optional<RecordSpec>& config_default) {
  auto setting = domain::effectiveRecording(n, modeOf(config_default));
  if (setting.mode == domain::RecordingMode::Off ||
      setting.mode == domain::RecordingMode::Inherit) {
    return std::nullopt;
  }
  if (setting.consent_prompt.empty() && setting.consent_text.empty()) return std::nullopt;
  PlaySpec p;
  if (!setting.consent_prompt.empty()) {
    p.prompt_id = setting.consent_prompt;
  } else {
    p.text = setting.consent_text;
  }
  p.to = Party::Both;
  return p;
}

std::optional<RecordSpec> recordingFor(const domain::TrackingNumber& n,
                                       const std::optional<RecordSpec>& config_default) {
  using domain::RecordingMode;
  RecordingMode fallback = RecordingMode::Off;
  if (config_default) {
    switch (config_default->what) {
      case RecordWhat::Stereo: fallback = RecordingMode::Stereo; break;
      case RecordWhat::Caller: fallback = RecordingMode::Caller; break;
      case RecordWhat::Callee: fallback = RecordingMode::Callee; break;
    }
  }
  switch (domain::effectiveRecording(n, fallback).mode) {
    case RecordingMode::Stereo: return RecordSpec{RecordWhat::Stereo};
    case RecordingMode::Caller: return RecordSpec{RecordWhat::Caller};
    case RecordingMode::Callee: return RecordSpec{RecordWhat::Callee};
    case RecordingMode::Inherit:
    case RecordingMode::Off: break;
  }
  return std::nullopt;
}

}  // namespace hk::b2bua
