#include "media/fax_detector.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "media/goertzel.hpp"

namespace hk::media {
namespace {

constexpr size_t kBlock = 160;  // 20 ms
constexpr int kBlockMs = 20;
// Probes around the nominal frequency: a 160-sample Goertzel is 50 Hz wide, CNG may be off
// by 38 Hz. Three for CNG, then three for CED.
constexpr size_t kProbes = 3;
constexpr double kFreqs[2 * kProbes] = {1080, 1100, 1120, 2080, 2100, 2120};
// A block whose power is mostly one sine of f Hz changes sign about once per half period of
// it (a weaker low-frequency component cannot take a crossing away): ~2 f 20 ms times, 42 at
// CNG's lowest 1062 Hz, 83 at CED's 2085 Hz. With fewer sign changes the Goertzel pass is
// skipped: voiced speech, hold music and silence mostly stay below (the margin covers the
// block's edges).
constexpr int kCngMinCrossings = 36;
constexpr int kCedMinCrossings = 74;

int signChanges(std::span<const int16_t> b) {
  int n = 0;
  bool neg = b[0] < 0;
  for (int16_t v : b) {
    const bool now = v < 0;
    n += now != neg ? 1 : 0;
    neg = now;
  }
  return n;
}

}  // namespace

const char* faxToneName(FaxTone t) { return t == FaxTone::Cng ? "CNG" : "CED"; }

FaxToneDetector::FaxToneDetector(OnTone on_tone, FaxToneOptions options)
    : on_tone_(std::move(on_tone)), options_(options), bank_(kFreqs) {
  // Normalised power of a sine at min_level_dbm0 (0 dBm0 = 22706 peak in 16-bit linear).
  const double amp = 22706.0 * std::pow(10.0, options_.min_level_dbm0 / 20.0) / 32768.0;
  min_power_ = amp * amp / 2;
  partial_.reserve(kBlock);
}

void FaxToneDetector::reset() {
  partial_.clear();
  cng_ = Run{1100};
  ced_ = Run{2100};
  cng_seen_ = ced_seen_ = false;
}

void FaxToneDetector::process(std::span<const int16_t> pcm) {
  while (!pcm.empty()) {
    if (partial_.empty() && pcm.size() >= kBlock) {
      block(pcm.first(kBlock));
      pcm = pcm.subspan(kBlock);
      continue;
    }
    size_t n = std::min(kBlock - partial_.size(), pcm.size());
    partial_.insert(partial_.end(), pcm.begin(), pcm.begin() + static_cast<ptrdiff_t>(n));
    pcm = pcm.subspan(n);
    if (partial_.size() == kBlock) {
      block(partial_);
      partial_.clear();
    }
  }
}

bool FaxToneDetector::hasTone(std::span<const double> powers, double power) const {
  if (power < min_power_) return false;
  double best = 0;
  for (double p : powers) best = std::max(best, p);
  // A pure sine gives goertzelPower = 2 * meanPower.
  return best >= options_.purity * 2 * power;
}

void FaxToneDetector::block(std::span<const int16_t> b) {
  std::array<double, 2 * kProbes> powers{};
  const int crossings = signChanges(b);
  // Below CNG's count neither tone can be there: the relay's common case costs one cheap pass.
  const double power = crossings >= kCngMinCrossings ? bank_.run(b, powers) : 0.0;
  const std::span<const double> all(powers);
  for (Run* r : {&cng_, &ced_}) {
    const bool possible = crossings >= (r == &cng_ ? kCngMinCrossings : kCedMinCrossings);
    const bool on = possible && hasTone(r == &cng_ ? all.first(kProbes) : all.last(kProbes), power);
    if (on) {
      r->blocks += r->misses + 1;  // a bridged miss counts as tone
      r->misses = 0;
    } else if (r->blocks > 0 && r->misses == 0) {
      r->misses = 1;  // one odd block is tolerated
    } else {
      if (r == &cng_ && r->blocks > 0) cngEnded(r->blocks);
      r->blocks = 0;
      r->misses = 0;
    }
  }
  if (!ced_seen_ && ced_.blocks * kBlockMs >= options_.ced_min.count()) {
    ced_seen_ = true;
    if (on_tone_) on_tone_(FaxTone::Ced);
  }
}

void FaxToneDetector::cngEnded(int blocks) {
  const int ms = blocks * kBlockMs;
  if (cng_seen_ || ms < options_.cng_min.count() || ms > options_.cng_max.count()) return;
  cng_seen_ = true;
  if (on_tone_) on_tone_(FaxTone::Cng);
}

FaxCallWatch::FaxCallWatch(std::chrono::milliseconds window, FaxToneDetector::OnTone on_tone,
                           OnLegDone on_leg_done, FaxToneOptions options)
    : window_(window),
      on_tone_(std::move(on_tone)),
      on_leg_done_(std::move(on_leg_done)),
      legs_{Leg{FaxToneDetector([this](FaxTone t) { seen(t); }, options)},
            Leg{FaxToneDetector([this](FaxTone t) { seen(t); }, options)}} {}

void FaxCallWatch::process(int leg, MonoTime arrival, std::span<const int16_t> pcm) {
  if (!watching(leg)) return;
  Leg& l = legs_[static_cast<size_t>(leg)];
  if (!l.started) {
    l.started = true;
    l.first = arrival;
  } else if (window_.count() > 0 && arrival - l.first >= window_) {
    finish(leg);
    return;
  }
  l.detector.process(pcm);
}

void FaxCallWatch::seen(FaxTone t) {
  if (reported_) return;
  reported_ = true;
  if (on_tone_) on_tone_(t);
  finish(0);
  finish(1);
}

void FaxCallWatch::finish(int leg) {
  Leg& l = legs_[static_cast<size_t>(leg)];
  if (l.done) return;
  l.done = true;
  if (on_leg_done_) on_leg_done_(leg);
}

}  // namespace hk::media
