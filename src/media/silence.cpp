#include "media/silence.hpp"

#include <algorithm>
#include <cmath>

#include "media/goertzel.hpp"

namespace hk::media {
namespace {

constexpr size_t kFrame = 160;
constexpr double kMinDb = -100;
// meanPower() of a sine at 0 dBm0 (22706 peak in 16-bit linear).
constexpr double kZeroDbm0Power = (22706.0 / 32768.0) * (22706.0 / 32768.0) / 2;

double levelDbm0(std::span<const int16_t> f) {
  const double p = meanPower(f);
  if (p <= 0) return kMinDb;
  return std::max(kMinDb, 10 * std::log10(p / kZeroDbm0Power));
}

}  // namespace

SilenceDetector::SilenceDetector(SilenceOptions options) : options_(options) { reset(); }

void SilenceDetector::reset() {
  partial_.clear();
  floor_db_ = options_.threshold_dbm0 - options_.noise_margin_db;
  in_voice_ = heard_ = false;
  loud_run_ = quiet_frames_ = voice_frames_ = total_frames_ = 0;
}

bool SilenceDetector::process(std::span<const int16_t> pcm) {
  while (!pcm.empty()) {
    if (partial_.empty() && pcm.size() >= kFrame) {
      frame(pcm.first(kFrame));
      pcm = pcm.subspan(kFrame);
      continue;
    }
    const size_t n = std::min(kFrame - partial_.size(), pcm.size());
    partial_.insert(partial_.end(), pcm.begin(), pcm.begin() + static_cast<ptrdiff_t>(n));
    pcm = pcm.subspan(n);
    if (partial_.size() == kFrame) {
      frame(partial_);
      partial_.clear();
    }
  }
  return in_voice_;
}

void SilenceDetector::frame(std::span<const int16_t> f) {
  ++total_frames_;
  const double level = levelDbm0(f);
  const bool loud = level > options_.threshold_dbm0 && level > floor_db_ + options_.noise_margin_db;
  // The floor drops at once to quieter frames and creeps up under louder ones.
  if (level < floor_db_)
    floor_db_ = level;
  else
    floor_db_ = std::min(level, floor_db_ + options_.floor_rise_db_per_s / 50);

  const auto onset = static_cast<uint64_t>(std::max<int64_t>(options_.onset.count() / 20, 1));
  const auto hangover = static_cast<uint64_t>(options_.hangover.count() / 20);
  loud_run_ = loud ? loud_run_ + 1 : 0;
  if (!in_voice_ && loud_run_ >= onset) {
    in_voice_ = heard_ = true;
    quiet_frames_ = 0;
  } else if (in_voice_ && loud) {
    quiet_frames_ = 0;
  } else {
    ++quiet_frames_;
    if (in_voice_ && quiet_frames_ > hangover) in_voice_ = false;
  }
  if (in_voice_) ++voice_frames_;
}

}  // namespace hk::media
