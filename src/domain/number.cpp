#include "domain/number.hpp"

namespace hk::domain {

NumberTypeInfo typeInfo(NumberType t) {
  switch (t) {
    case NumberType::FreeCall0120: return {true, false, 10, 10};
    case NumberType::FreeCall0800: return {true, false, 11, 11};
    case NumberType::FreeCall0078: return {true, true, 12, 20};
    case NumberType::Ip050: return {false, true, 11, 11};
    case NumberType::Geographic: return {false, true, 10, 10};
    case NumberType::Other: return {false, true, 3, 16};
  }
  return {false, true, 3, 16};
}

NumberType classifyNumber(const std::string& digits) {
  auto starts = [&](const char* p) { return digits.rfind(p, 0) == 0; };
  if (starts("+")) return NumberType::Other;
  if (starts("0120")) return NumberType::FreeCall0120;
  if (starts("0800")) return NumberType::FreeCall0800;
  if (starts("0078")) return NumberType::FreeCall0078;
  if (starts("050")) return NumberType::Ip050;
  if (starts("0") && !starts("00") && digits.size() == 10) return NumberType::Geographic;
  return NumberType::Other;
}

const char* recordingModeName(RecordingMode m) {
  switch (m) {
    case RecordingMode::Inherit: return "inherit";
    case RecordingMode::Off: return "off";
    case RecordingMode::Stereo: return "stereo";
    case RecordingMode::Caller: return "caller";
    case RecordingMode::Callee: return "callee";
  }
  return "inherit";
}

bool parseRecordingMode(std::string_view s, RecordingMode& out) {
  for (auto m : {RecordingMode::Inherit, RecordingMode::Off, RecordingMode::Stereo,
                 RecordingMode::Caller, RecordingMode::Callee}) {
    if (s == recordingModeName(m)) {
      out = m;
      return true;
    }
  }
  return false;
}

RecordingSetting effectiveRecording(const TrackingNumber& n, RecordingMode fallback) {
  if (n.recording.mode != RecordingMode::Inherit) return n.recording;
  if (n.advertiser_id != 0 && n.advertiser_recording.mode != RecordingMode::Inherit) {
    return n.advertiser_recording;
  }
  RecordingSetting out;
  out.mode = fallback == RecordingMode::Inherit ? RecordingMode::Off : fallback;
  return out;
}

}  // namespace hk::domain
