#pragma once
// CallRecorder: two-party call recording into one WAV file (8 kHz, 16-bit PCM): stereo
// (caller left, callee right), caller only or callee only (mono). One rtp::AudioSink hears
// both legs and looks at chunk.from.
//
// Timing: each party's packets are put back in order by a ReorderBuffer, then placed in the
// file by their own timestamps from an anchor on the arrival clock (the injected Clock);
// a sender jump, or a drift of the sender from the arrival clock beyond `max_skew` (a party
// on hold that resumes with unchanged timestamps), re-anchors it. The file advances with
// wall time, not with what the parties send: a party silent for 3 s gets 3 s of silence,
// and the file's length is the recording's wall time.
//
// Writes: on the calling (media) thread, in blocks of `write_block` (>= 100 ms) of committed
// audio, to the page cache (no fsync), so a call to onAudio writes at most a few blocks and
// usually none. Audio is committed `reorder.delay` + 60 ms behind wall time; what comes
// later than that for its place is dropped and counted (lateSamples()).
//
// Failures never throw: a file that cannot be opened or written (missing directory, disk
// full) stops the recorder, which keeps the reason (lastError()) and counts it
// (writeErrors(), and `write_errors` if given). Thread-safe: onAudio on the media thread,
// finish() from the call's loop.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/metrics.hpp"
#include "base/result.hpp"
#include "media/jitter.hpp"
#include "rtp/audio_hooks.hpp"

struct sf_private_tag;  // libsndfile's SNDFILE

namespace hk::media {

enum class RecordMode : uint8_t { Stereo, CallerOnly, CalleeOnly };

struct RecorderOptions {
  RecordMode mode = RecordMode::Stereo;
  ReorderOptions reorder{};
  std::chrono::milliseconds write_block{200};  // at least 100 ms
  std::chrono::milliseconds max_skew{200};     // re-anchor a party that drifts further
  metrics::Counter* write_errors = nullptr;    // e.g. hankyo_recording_write_errors_total
};

struct RecordingResult {
  std::string path;
  std::chrono::milliseconds duration{0};  // of the audio in the file
  bool complete = false;                  // started, and everything was written
  std::string error;                      // why not complete
};

class CallRecorder final : public rtp::AudioSink {
 public:
  CallRecorder(std::string path, const Clock& clock, RecorderOptions options = {});
  ~CallRecorder() override;  // finishes the file if finish() was not called
  CallRecorder(const CallRecorder&) = delete;
  CallRecorder& operator=(const CallRecorder&) = delete;

  // Creates the file; the recording's wall time starts now. On failure the recorder is
  // stopped (lastError() says why) and ignores audio.
  Status start();
  void onAudio(const rtp::AudioChunk& chunk) override;
  void onDetach() override { finish(); }
  // Releases what is held, pads every channel to the wall time since start(), closes the
  // file. Later calls return the same result.
  RecordingResult finish();

  bool recording() const;
  std::string lastError() const;
  uint64_t writeErrors() const;
  uint64_t lateSamples() const;

 private:
  struct Party {
    ReorderBuffer reorder;
    std::vector<int16_t> pending;  // index 0 is the file position committed_
    bool anchored = false;
    int64_t anchor_pos = 0;  // file position of ...
    uint64_t anchor_tl = 0;  // ... this reorder-timeline position
    int64_t end_pos = 0;     // file position after the party's last sample
    explicit Party(const ReorderOptions& o) : reorder(o) {}
  };

  int partyIndex(rtp::LegSide side) const;
  int64_t wallPos(MonoTime t) const;
  void place(Party& p, const Released& r);
  void drainAll(MonoTime now);
  void commit(int64_t target, bool final);
  bool writeFrames(const std::vector<int16_t>& interleaved, size_t frames);
  void fail(std::string reason);
  void close();
  RecordingResult resultLocked() const;

  const std::string path_;
  const Clock& clock_;
  RecorderOptions options_;
  mutable std::mutex mu_;
  std::vector<Party> parties_;  // one per channel
  sf_private_tag* file_ = nullptr;
  MonoTime t0_{};
  bool started_ = false;
  bool stopped_ = false;
  std::optional<RecordingResult> result_;
  int64_t committed_ = 0;  // frames committed (written, or in a failed write)
  int64_t written_ = 0;    // frames in the file
  std::vector<int16_t> block_;
  std::string error_;
  uint64_t write_errors_ = 0;
  uint64_t late_samples_ = 0;
};

}  // namespace hk::media
