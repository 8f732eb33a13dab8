#pragma once
// Tracking numbers (SPEC §2): the inventory row of a number that receives calls.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "domain/ids.hpp"

namespace hk::domain {

enum class NumberType { FreeCall0120, FreeCall0800, FreeCall0078, Ip050, Geographic, Other };
enum class NumberState { Available, Assigned, Pooled, Leased, Cooldown, Quarantined, Released };

constexpr int kMaxDestinations = 5;

// What a call records from the connect (SPEC §7): Inherit takes the advertiser's setting,
// then the config's (media.recording). A consent guidance (a stored prompt's id, or a text
// spoken by TTS) may be played before the conversation.
enum class RecordingMode { Inherit, Off, Stereo, Caller, Callee };
const char* recordingModeName(RecordingMode m);
bool parseRecordingMode(std::string_view s, RecordingMode& out);

struct RecordingSetting {
  RecordingMode mode = RecordingMode::Inherit;
  std::string consent_prompt;  // prompt id (32 hex); empty: none
  std::string consent_text;    // or a text for TTS; empty: none
  bool operator==(const RecordingSetting&) const = default;
};

struct TrackingNumber {
  Id id = 0;
  Id operator_id = 0;
  Id advertiser_id = 0;  // 0 while unassigned (operator inventory)
  std::string number;    // national digits as dialled in Japan ("0120123456", "05012345678"),
                         // or E.164 with '+' for other countries
  NumberType type = NumberType::Other;
  std::string name;                       // display name: the ad, page, medium
  std::vector<std::string> destinations;  // up to 5, tried in order
  NumberState state = NumberState::Available;
  int max_lines = 0;          // concurrent calls; 0 = unlimited
  int ring_timeout_sec = 30;  // per destination
  std::string trunk;          // the inbound trunk that delivers it (config name); empty = any
  int64_t initial_cost = 0;   // yen
  int64_t monthly_cost = 0;   // yen
  RecordingSetting recording;
  // The advertiser's recording setting, filled by NumberRepo::allActive() (the routing
  // directory) so that a call needs no other lookup; not stored with the number.
  RecordingSetting advertiser_recording;
  WallTime created_at{};
  WallTime updated_at{};
};

// Properties that follow from the type (SPEC §2 table).
struct NumberTypeInfo {
  bool free_call;            // the advertiser pays
  bool shows_caller_number;  // caller number shown to the advertiser on the forwarded leg
  int min_digits, max_digits;
};
NumberTypeInfo typeInfo(NumberType t);
// Guesses the type of a Japanese national number from its prefix ("0120..." -> 0120).
NumberType classifyNumber(const std::string& digits);
// The setting a call on `n` follows: the number's unless Inherit, else its advertiser's
// unless Inherit, else `fallback` (the config) without consent guidance. The consent comes
// with the level that decided the mode.
RecordingSetting effectiveRecording(const TrackingNumber& n, RecordingMode fallback);

}  // namespace hk::domain
