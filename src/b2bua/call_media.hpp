#pragma once
// The media vocabulary of CallControl (call_control.hpp): how a call is answered, what is
// played to whom, how digits are collected, what is recorded, and how those end. Plain data:
// no Asio, no spandsp; the work is in media_control.cpp, answer.cpp and voicemail.cpp.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace hk::b2bua {

enum class AnswerMode {
  Now,         // 200 OK with our SDP: the caller is answered (ans_tms), media with leg A only
  EarlyMedia,  // 183 with our SDP (reliable when the caller supports 100rel)
  OnConnect,   // the default: the caller is answered when a destination answers
};

enum class Party { Caller, Callee, Both };

enum class Tone { Ringback, Busy, Beep };

using PlayId = uint64_t;

// Exactly one of prompt_id, text or tone.
struct PlaySpec {
  std::string prompt_id;  // a stored prompt (media::PromptStore id)
  std::string text;       // spoken by TTS (through the TTS cache, on a worker)
  std::string voice;      // "ja-nitech", "en-kal", "" / "auto"
  double speed = 1.0;
  std::optional<Tone> tone;
  Party to = Party::Caller;
  int loops = 1;          // 0: until stopped
  bool barge_in = false;  // a key press of the caller stops it
};

enum class PlayEnd {
  Finished,  // played to the end
  Stopped,   // stopPlay, or a newer play on the same leg
  BargeIn,   // the caller pressed a key
  Hangup,    // the call ended
  Failed,    // nothing to play: unknown prompt, TTS failure, leg without media
};
const char* playEndName(PlayEnd e);

struct DigitSpec {
  size_t max_digits = 1;                 // 1..64
  std::optional<char> terminator = '#';  // ends the collection; not part of the digits
  std::chrono::milliseconds first_timeout{5000};
  std::chrono::milliseconds inter_digit_timeout{3000};
};

enum class DigitsEnd { Max, Terminator, Timeout };
const char* digitsEndName(DigitsEnd e);

enum class RecordWhat { Stereo, Caller, Callee };  // stereo: caller left, callee right

struct RecordSpec {
  RecordWhat what = RecordWhat::Stereo;
};

struct VoicemailSpec {
  std::string greeting;       // a prompt id; empty: none
  std::string greeting_text;  // or a text for TTS
  bool beep = true;
  std::chrono::seconds max_sec{120};
  std::chrono::seconds silence_sec{5};  // after the caller spoke; 0: not watched
  std::optional<char> end_key = '#';
};

enum class VoicemailEnd { MaxLength, Silence, EndKey, Hangup, Failed };
const char* voicemailEndName(VoicemailEnd e);

struct VoicemailResult {
  std::string path;  // empty when nothing was recorded
  std::chrono::milliseconds length{0};
  VoicemailEnd reason = VoicemailEnd::Hangup;
  std::string error;  // for Failed
};

}  // namespace hk::b2bua
