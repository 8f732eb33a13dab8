#pragma once
// Fax tones on a leg, for the call log ("fax" outcome) and to stop guidance for a machine:
//  - CNG, the calling fax: 1100 Hz (+-38 Hz) in 0.5 s bursts, 3 s apart;
//  - CED, the answering fax (also V.25 ANS): 2100 Hz (+-15 Hz) for 2.6-4 s, possibly with
//    phase reversals every 450 ms.
// Our own Goertzel over 20 ms blocks: a block "has" a tone when it is loud enough and most
// of its power sits at the tone's frequency; one odd block inside a run (a phase reversal, a
// lost packet) does not break it. Each tone is reported once per detector. Media thread only.
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

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
  bool hasTone(std::span<const int16_t> b, double freq, double power) const;
  void cngEnded(int blocks);

  OnTone on_tone_;
  FaxToneOptions options_;
  double min_power_;
  std::vector<int16_t> partial_;
  Run cng_{1100};
  Run ced_{2100};
  bool cng_seen_ = false;
  bool ced_seen_ = false;
};

}  // namespace hk::media
