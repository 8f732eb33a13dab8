#pragma once
// Internal to b2bua: the media state of one call (plays, digit collection, recording, fax
// watch, voicemail, ringback), owned by the Call on the calls' loop. The hooks themselves
// (sources, sinks) run on the session's media thread and talk back by posting to the loop.
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "b2bua/call_media.hpp"
#include "base/timer_queue.hpp"
#include "rtp/media_types.hpp"

namespace hk::media {
class CallRecorder;
class DtmfListener;
}  // namespace hk::media

namespace hk::b2bua {

struct VoicemailState;

struct ActivePlay {
  Party to = Party::Caller;
  bool barge_in = false;
  bool loading = true;                 // waiting for a worker (prompt file, TTS)
  std::array<rtp::HookId, 2> hooks{};  // per leg (A, B); 0: not playing there (any more)
  // Internal plays (ringback, beep, voicemail greeting) are not reported to the handler.
  std::function<void(PlayEnd)> internal;
};

struct CallMedia {
  PlayId next_play = 1;
  std::map<PlayId, ActivePlay> plays;
  std::array<PlayId, 2> on_leg{};  // the play holding each leg's source, 0: none
  bool answered_by_us = false;     // answer(Now): the caller has our 200 before any connect
  bool early = false;              // answer(EarlyMedia): our 183 with SDP went out
  bool stand_in = false;           // our answer to the caller came from no callee (answer.cpp)
  PlayId ringback = 0;

  // Digits (the caller's): one DtmfListener on leg A, enabled only while collecting.
  std::shared_ptr<media::DtmfListener> dtmf;
  rtp::HookId dtmf_hook = 0;
  bool collecting = false;
  DigitSpec digit_spec;
  std::string digits;
  TimerId digit_timer = 0;

  // Recording
  std::shared_ptr<media::CallRecorder> recorder;
  int recordings = 0;  // files started after the first (record on/off/on): <trn>-<n>.wav
  rtp::HookId rec_a = 0;
  rtp::HookId rec_b = 0;

  // Fax tones (either leg; each hook taken off after media.fax_detect_sec of its leg)
  rtp::HookId fax_hook = 0;    // leg A
  rtp::HookId fax_hook_b = 0;  // leg B

  std::shared_ptr<VoicemailState> voicemail;  // shared: the type is complete in voicemail.cpp only
};

}  // namespace hk::b2bua
