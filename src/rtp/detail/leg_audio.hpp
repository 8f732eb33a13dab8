#pragma once
// The audio hooks of one leg of a session (media thread only), made when the first hook is
// set so that a plain relay carries none of it: the sinks hearing the leg, the source
// playing to it, the digits Hankyo sends to it, and the numbering of the packets Hankyo
// makes for it (one more source for the leg's OutboundStream).
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "rtp/audio_hooks.hpp"
#include "rtp/digit_sender.hpp"
#include "rtp/pcm.hpp"
#include "rtp/press_tracker.hpp"

namespace hk::rtp::detail {

struct LegAudio {
  // The other leg's audio waiting to be mixed (Mix mode): at most 200 ms.
  static constexpr size_t kMixCapacity = 1600;

  struct Sink {
    HookId id;
    std::shared_ptr<AudioSink> sink;
  };
  struct Feed {
    HookId id;
    std::shared_ptr<AudioSource> source;
    SourceMode mode;
  };

  std::vector<Sink> sinks;  // hearing what this leg sends
  PressTracker presses;
  std::optional<Feed> feed;  // playing to this leg
  PcmFifo mix{kMixCapacity};
  DigitSender digits;
  // Hankyo's own packets to this leg: the local numbering (see OutboundStream::mapLocal).
  uint16_t local_seq = 0;
  uint32_t local_ts = 0;
  uint32_t event_ts = 0;  // the digit being sent: its start, in local_ts and in time
  MonoTime event_time{};
  bool marker_next = true;  // the next frame starts a talkspurt

  // Needs the 20 ms pace: a source, or digits to send.
  bool paced() const { return feed.has_value() || digits.busy(); }
  // What the other leg sends does not go straight to this leg.
  bool holdsRelay() const { return feed.has_value() || digits.inEvent(); }
  bool idle() const { return sinks.empty() && !paced(); }
};

// Hooks come from another folder: whatever they throw stays here (logged; the caller then
// takes the hook off). Returns false when `f` threw.
void logHookFailure(const char* what, std::string_view tag, const char* why);
template <class F>
bool callHook(const char* what, std::string_view tag, F&& f) noexcept {
  try {
    f();
    return true;
  } catch (const std::exception& e) {
    logHookFailure(what, tag, e.what());
  } catch (...) {
    logHookFailure(what, tag, "unknown exception");
  }
  return false;
}

}  // namespace hk::rtp::detail
