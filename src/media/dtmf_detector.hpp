#pragma once
// DTMF for IVR menus and digit collection, one leg at a time:
//  - DtmfDetector: in-band detection with spandsp's dtmf_rx (ITU-T Q.23/Q.24 limits, good
//    talk-off), each key press reported once, when the key is released, with its duration;
//  - DigitMerger: one digit per press when a carrier sends the same press both in-band and
//    as RFC 4733 events, while two real presses of the same key stay two;
//  - DtmfListener: the rtp::AudioSink that runs both for one leg, only while enabled (some
//    flow step is collecting digits): a disabled listener costs nothing and reports nothing.
// Everything here runs on the session's media thread, except enable()/disable() (any thread).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>

#include "base/clock.hpp"
#include "rtp/audio_hooks.hpp"

struct dtmf_rx_state_s;  // spandsp

namespace hk::media {

enum class DigitSource : uint8_t { InBand, Rfc4733 };

struct DigitPress {
  char digit = 0;                         // '0'-'9', '*', '#', 'A'-'D'
  std::chrono::milliseconds duration{0};  // how long the key was held, as measured
  DigitSource source = DigitSource::InBand;
};

struct DtmfOptions {
  // Accepted level differences between the two tones. Normal twist: the high group weaker
  // than the low group; reverse: stronger. One dB above Q.24's 8/4 dB so that exactly 8/4 dB
  // pass (spandsp compares strictly, after Goertzel leakage).
  int normal_twist_db = 9;
  int reverse_twist_db = 5;
  std::optional<int> threshold_dbm0;  // minimum tone level; none: spandsp's default
  bool filter_dialtone = false;       // only if dial tone may be present
};

class DtmfDetector {
 public:
  using OnPress = std::function<void(const DigitPress&)>;
  explicit DtmfDetector(OnPress on_press, DtmfOptions options = {});
  ~DtmfDetector();
  DtmfDetector(const DtmfDetector&) = delete;
  DtmfDetector& operator=(const DtmfDetector&) = delete;

  // 8 kHz linear PCM, in order, any length. Presses are reported from inside this call.
  // spandsp confirms a tone after two 12.75 ms blocks: presses from about 30 ms are seen,
  // 20 ms ones are not.
  void process(std::span<const int16_t> pcm);
  // `samples` of audio were lost (packet loss): lets the detector bridge the gap.
  void fillIn(size_t samples);
  // Back to the initial state; a press in progress is forgotten.
  void reset();
  uint64_t samplesSeen() const { return pos_; }

 private:
  static void onTone(void* self, int code, int level, int delay);
  void init();
  void report(uint64_t end_pos);

  OnPress on_press_;
  DtmfOptions options_;
  dtmf_rx_state_s* rx_ = nullptr;
  uint64_t pos_ = 0;       // samples consumed so far
  size_t block_fill_ = 0;  // samples into spandsp's current 102-sample block
  char current_ = 0;       // the key being held, 0: none
  uint64_t current_start_ = 0;
};

// Dedupes in-band and RFC 4733 reports of the same press. A press reported by one source is
// passed on at once; a report from the other source whose interval [end - duration, end]
// overlaps it (each side widened by `window`) is the same press and is swallowed. Each
// report matches at most one press of the other source, the one it overlaps most, so two
// quick presses of one key sent both ways give two digits.
class DigitMerger {
 public:
  using OnDigit = std::function<void(const DigitPress&)>;
  explicit DigitMerger(OnDigit on_digit,
                       std::chrono::milliseconds window = std::chrono::milliseconds(100));

  // A press that ended at `end`. Returns whether it was passed on.
  bool add(const DigitPress& press, MonoTime end);
  void reset() { recent_.clear(); }
  uint64_t duplicates() const { return duplicates_; }

 private:
  struct Seen {
    char digit;
    DigitSource source;
    MonoTime start;
    MonoTime end;
    bool matched;
  };
  OnDigit on_digit_;
  std::chrono::milliseconds window_;
  std::deque<Seen> recent_;
  uint64_t duplicates_ = 0;
};

// The digits of one leg: in-band (its audio) and RFC 4733 (its telephone events), merged.
// `on_digit` runs on the media thread: post to the call's loop from it.
class DtmfListener final : public rtp::AudioSink {
 public:
  DtmfListener(rtp::LegSide leg, const Clock& clock, DigitMerger::OnDigit on_digit,
               DtmfOptions options = {},
               std::chrono::milliseconds window = std::chrono::milliseconds(100));

  // Any thread. A listener starts disabled; enabling starts from a clean state.
  void enable() { enabled_.store(true, std::memory_order_release); }
  void disable() { enabled_.store(false, std::memory_order_release); }
  bool enabled() const { return enabled_.load(std::memory_order_acquire); }

  void onAudio(const rtp::AudioChunk& chunk) override;
  void onTelephoneEvent(rtp::LegSide leg, char digit, uint32_t duration_ts) override;

  uint64_t duplicates() const { return merger_.duplicates(); }

 private:
  bool active();  // media thread: enabled, with the state reset on the way in

  rtp::LegSide leg_;
  const Clock& clock_;
  std::atomic<bool> enabled_{false};
  bool active_ = false;
  DigitMerger merger_;
  DtmfDetector detector_;
  MonoTime chunk_arrival_{};
  std::optional<uint32_t> expected_ts_;
};

}  // namespace hk::media
