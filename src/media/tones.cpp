#include "media/tones.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace hk::media {
namespace {

using std::chrono::milliseconds;
constexpr double kRate = 8000.0;
constexpr double kZeroDbm0 = 22706.0;  // sine peak at 0 dBm0 in 16-bit linear

}  // namespace

ToneSpec ringbackJp() {
  ToneSpec s;
  s.freq_hz = 400;
  s.am_hz = 16;
  s.am_depth = 0.8;
  s.level_dbm0 = -13;
  s.cadence = {milliseconds(1000), milliseconds(2000)};
  return s;
}

ToneSpec busyJp() {
  ToneSpec s;
  s.freq_hz = 400;
  s.level_dbm0 = -13;
  s.cadence = {milliseconds(500), milliseconds(500)};
  return s;
}

ToneSpec beep(double freq_hz, milliseconds length, double level_dbm0) {
  ToneSpec s;
  s.freq_hz = freq_hz;
  s.level_dbm0 = level_dbm0;
  s.cadence = {length};
  s.repeat = false;
  return s;
}

ToneSource::ToneSource(ToneSpec spec) : spec_(std::move(spec)) {
  uint64_t total = 0;
  for (auto d : spec_.cadence) {
    total += static_cast<uint64_t>(std::max<int64_t>(d.count(), 0)) * 8;
    bounds_.push_back(total);
  }
  if (!bounds_.empty() && total == 0) bounds_.clear();  // all zero: nothing to play
  if (spec_.cadence.size() > 0 && bounds_.empty()) done_ = true;
  amplitude_ = kZeroDbm0 * std::pow(10.0, spec_.level_dbm0 / 20.0);
  spec_.am_depth = std::clamp(spec_.am_depth, 0.0, 1.0);
}

double ToneSource::sample(uint64_t n) const {
  const double t = static_cast<double>(n) / kRate;
  double v = std::sin(2 * std::numbers::pi * spec_.freq_hz * t);
  if (spec_.freq2_hz > 0) v += std::sin(2 * std::numbers::pi * spec_.freq2_hz * t);
  if (spec_.am_hz > 0)
    v *= (1 + spec_.am_depth * std::sin(2 * std::numbers::pi * spec_.am_hz * t)) /
         (1 + spec_.am_depth);
  return amplitude_ * v;
}

bool ToneSource::fill(std::span<int16_t> frame) {
  if (done_) return false;
  const uint64_t cycle = bounds_.empty() ? 0 : bounds_.back();
  for (auto& out : frame) {
    const uint64_t n = n_++;
    if (cycle == 0) {
      out = static_cast<int16_t>(std::lround(sample(n)));
      continue;
    }
    if (!spec_.repeat && n >= cycle) {
      out = 0;
      done_ = true;
      continue;
    }
    const uint64_t pos = n % cycle;
    const size_t seg = static_cast<size_t>(std::upper_bound(bounds_.begin(), bounds_.end(), pos) -
                                           bounds_.begin());
    out = seg % 2 == 0 ? static_cast<int16_t>(std::lround(sample(n))) : int16_t{0};
  }
  if (!spec_.repeat && n_ >= cycle) done_ = true;
  return true;
}

SilenceSource::SilenceSource(std::optional<milliseconds> length) {
  if (length) left_ = static_cast<uint64_t>(std::max<int64_t>(length->count(), 0)) * 8;
}

bool SilenceSource::fill(std::span<int16_t> frame) {
  if (left_ && *left_ == 0) return false;
  std::fill(frame.begin(), frame.end(), int16_t{0});
  if (left_) *left_ -= std::min<uint64_t>(*left_, frame.size());
  return true;
}

PlaylistSource::PlaylistSource(std::vector<SharedPcm> items, int loops)
    : loops_(std::max(loops, 0)) {
  for (auto& i : items)
    if (i && !i->empty()) items_.push_back(std::move(i));
  done_ = items_.empty();
}

bool PlaylistSource::fill(std::span<int16_t> frame) {
  if (done_) return false;
  size_t filled = 0;
  while (filled < frame.size() && !done_) {
    const auto& buf = *items_[item_];
    const size_t n = std::min(frame.size() - filled, buf.size() - offset_);
    std::copy_n(buf.begin() + static_cast<ptrdiff_t>(offset_), n,
                frame.begin() + static_cast<ptrdiff_t>(filled));
    filled += n;
    offset_ += n;
    played_ += n;
    if (offset_ < buf.size()) break;
    offset_ = 0;
    if (++item_ < items_.size()) continue;
    item_ = 0;
    if (loops_ != 0 && ++loop_ >= loops_) done_ = true;
  }
  std::fill(frame.begin() + static_cast<ptrdiff_t>(filled), frame.end(), int16_t{0});
  return filled > 0;
}

}  // namespace hk::media
