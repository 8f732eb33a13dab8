#pragma once
// ReorderBuffer: puts one sender's audio back in order for recording. Chunks come in as the
// network delivers them (late, duplicated, reordered, lost); audio comes out in timestamp
// order, with every gap filled: a gap of at most one packet by repeating the previous
// packet with a fade-out, a longer one with silence. A missing packet is waited for at most
// `delay` (counted from the arrival of the packet after it), so the output lags by at most
// that. Timestamps are unwrapped (32-bit wrap-around); a jump of the sender's timestamps
// (a new talk spurt after a long pause, an SSRC change, a restart) is a resync: the new
// audio continues the timeline right after the old one, flagged so that the consumer can
// re-anchor it on the wall clock. Single thread; times are passed in (no clock read here).
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "base/clock.hpp"

namespace hk::media {

struct ReorderOptions {
  std::chrono::milliseconds delay{100};  // how long a missing packet is waited for (60-200)
  // A timestamp more than this beyond the newest audio, or this far behind the released
  // audio, is a jump of the sender (resync), not loss or lateness.
  std::chrono::milliseconds max_gap{1000};
  // Most audio held while waiting; beyond it gaps are filled at once.
  std::chrono::milliseconds max_buffered{2000};
};

struct Released {
  enum class Kind : uint8_t { Audio, Concealed, Silence };
  uint64_t position = 0;         // on the buffer's timeline, in samples (8 kHz)
  MonoTime arrival{};            // of the packet (a fill: of the packet after the gap)
  std::span<const int16_t> pcm;  // valid during the callback only
  Kind kind = Kind::Audio;
  bool resync = false;  // the first audio, or the first after a sender jump
};

class ReorderBuffer {
 public:
  using Out = std::function<void(const Released&)>;
  struct Stats {
    uint64_t packets = 0;     // accepted
    uint64_t duplicates = 0;  // dropped: seen already
    uint64_t late = 0;        // dropped: its place was released already
    uint64_t concealed_samples = 0;
    uint64_t silence_samples = 0;
    uint64_t resyncs = 0;  // sender jumps
  };

  explicit ReorderBuffer(ReorderOptions options = {});

  // One chunk: the sender's RTP timestamp of its first sample, its samples, when it came.
  void push(uint32_t timestamp, std::span<const int16_t> pcm, MonoTime arrival);
  // Releases, in order, what is due at `now`.
  void drain(MonoTime now, const Out& out);
  // Releases everything held (the end of the recording).
  void flush(const Out& out);

  const Stats& stats() const { return stats_; }
  size_t buffered() const { return chunks_.size(); }
  // Timeline position of the next sample to be released.
  uint64_t nextPosition() const { return next_; }

 private:
  struct Chunk {
    std::vector<int16_t> pcm;
    MonoTime arrival;
    bool resync = false;
  };
  struct Epoch {  // maps a sender's timestamps onto the timeline
    uint32_t raw = 0;
    uint64_t base = 0;
    std::optional<uint64_t> place(uint32_t ts, int64_t lo, int64_t hi) const;
  };
  void release(bool force, MonoTime now, const Out& out);
  void fillGap(uint64_t upto, MonoTime arrival, const Out& out);
  bool recentlyReleased(uint64_t pos) const;

  ReorderOptions options_;
  using Chunks = std::map<uint64_t, Chunk>;
  Chunks chunks_;  // by timeline position
  // Released entries kept for the next packets (node and sample storage reused: a steady
  // stream allocates nothing per packet).
  std::vector<Chunks::node_type> spare_;
  bool started_ = false;
  bool emitted_ = false;
  Epoch cur_;
  std::optional<Epoch> prev_;
  uint64_t next_ = 0;                    // next position to release
  uint64_t high_ = 0;                    // end of the newest audio accepted
  std::vector<int16_t> last_;            // the last released packet, for concealment
  std::vector<int16_t> fill_;            // scratch for fills
  std::array<uint64_t, 16> released_{};  // positions of recently released packets
  size_t released_at_ = 0;
  Stats stats_;
};

}  // namespace hk::media
