#pragma once
// Fax tones on a leg, for the call log ("fax" outcome) and to stop guidance for a machine:
//  - CNG, the calling fax: 1100 Hz (+-38 Hz) in 0.5 s bursts, 3 s apart;
//  - CED, the answering fax (also V.25 ANS): 2100 Hz (+-15 Hz) for 2.6-4 s, possibly with
//    phase reversals every 450 ms.
// Our own Goertzel over 20 ms blocks: a block "has" a tone when it is loud enough and most
// of its power sits at the tone's frequency; one odd block inside a run (a phase reversal, a
// lost packet) does not break it. Each tone is reported once per detector. Media thread only.
// One pass per block for all the probed frequencies (GoertzelBank).
//
// FaxCallWatch: both legs of a call, each for the first `window` of its media only.
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "base/clock.hpp"
#include "media/goertzel.hpp"

namespace hk::media {

enum class FaxTone : uint8_t { Cng, Ced };
const char* faxToneName(FaxTone t);

struct FaxToneOptions {
  std::chrono::milliseconds cng_min{400};  // accepted length of one CNG burst
  std::chrono::milliseconds cng_max{700};
  std::chrono::milliseconds ced_min{2600};  // continuous CED before it is reported
  double min_level_dbm0 = -43;              // quieter blocks are silence
  double purity = 0.6;                      // share of a block's power at the frequency
};

class FaxToneDetector {
 public:
  using OnTone = std::function<void(FaxTone)>;
  explicit FaxToneDetector(OnTone on_tone, FaxToneOptions options = {});

  // 8 kHz linear PCM in order, any length; reports from inside the call.
  void process(std::span<const int16_t> pcm);
  void reset();
  bool cngSeen() const { return cng_seen_; }
  bool cedSeen() const { return ced_seen_; }

 private:
  struct Run {
    double freq;
    int blocks = 0;  // length of the current run, in blocks
    int misses = 0;  // consecutive blocks without the tone inside the run
  };
  void block(std::span<const int16_t> b);
  bool hasTone(std::span<const double> powers, double power) const;
  void cngEnded(int blocks);

  OnTone on_tone_;
  FaxToneOptions options_;
  double min_power_;
  GoertzelBank bank_;  // CNG probes, then CED probes
  std::vector<int16_t> partial_;
  Run cng_{1100};
  Run ced_{2100};
  bool cng_seen_ = false;
  bool ced_seen_ = false;
};

// Fax tones on the two legs of a call (leg 0: A, 1: B), each leg watched for the first
// `window` of its media only — from its first packet, by the packets' arrival times (the
// media engine's clock) — as a fax machine's CNG starts at once and CED at the answer. A leg
// whose window is over, or every leg once a tone is found, is reported once to on_leg_done
// (to take the watch off it) and ignored from then on. window 0: the whole call. Media thread
// only.
class FaxCallWatch {
 public:
  using OnLegDone = std::function<void(int leg)>;
  FaxCallWatch(std::chrono::milliseconds window, FaxToneDetector::OnTone on_tone,
               OnLegDone on_leg_done, FaxToneOptions options = {});
  void process(int leg, MonoTime arrival, std::span<const int16_t> pcm);
  bool watching(int leg) const { return leg >= 0 && leg < 2 && !legs_[leg].done; }

 private:
  struct Leg {
    FaxToneDetector detector;
    bool started = false;
    bool done = false;
    MonoTime first{};
  };
  void seen(FaxTone t);
  void finish(int leg);

  std::chrono::milliseconds window_;
  FaxToneDetector::OnTone on_tone_;
  OnLegDone on_leg_done_;
  std::array<Leg, 2> legs_;
  bool reported_ = false;
};

}  // namespace hk::media
