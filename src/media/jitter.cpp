#include "media/jitter.hpp"

#include <algorithm>

namespace hk::media {
namespace {

// Timeline origin: far from zero, so that audio placed before the first packet still has a
// position.
constexpr uint64_t kOrigin = uint64_t{1} << 40;
constexpr size_t kMaxSilenceSpan = 1600;  // silence is released in spans of up to 200 ms
constexpr size_t kMaxSpare = 16;

int64_t samples(std::chrono::milliseconds d) { return d.count() * 8; }

}  // namespace

ReorderBuffer::ReorderBuffer(ReorderOptions options) : options_(options) {
  next_ = high_ = kOrigin;
  fill_.resize(kMaxSilenceSpan);
}

std::optional<uint64_t> ReorderBuffer::Epoch::place(uint32_t ts, int64_t lo, int64_t hi) const {
  const int64_t p = static_cast<int64_t>(base) + static_cast<int32_t>(ts - raw);
  if (p < lo || p > hi) return std::nullopt;
  return static_cast<uint64_t>(p);
}

bool ReorderBuffer::recentlyReleased(uint64_t pos) const {
  return std::find(released_.begin(), released_.end(), pos) != released_.end();
}

void ReorderBuffer::push(uint32_t timestamp, std::span<const int16_t> pcm, MonoTime arrival) {
  if (pcm.empty()) return;
  const int64_t gap = samples(options_.max_gap);
  if (!started_) {
    started_ = true;
    cur_ = Epoch{timestamp, kOrigin};
  }
  const int64_t lo = static_cast<int64_t>(emitted_ ? next_ : kOrigin) - gap;
  const int64_t hi = static_cast<int64_t>(high_) + gap;
  Epoch* epoch = &cur_;
  std::optional<uint64_t> pos = cur_.place(timestamp, lo, hi);
  if (!pos && prev_) {  // a straggler from before the last jump
    pos = prev_->place(timestamp, lo, hi);
    epoch = &*prev_;
  }
  bool resync = false;
  if (!pos) {  // the sender jumped: continue the timeline after the newest audio
    prev_ = cur_;
    cur_ = Epoch{timestamp, high_};
    epoch = &cur_;
    pos = high_;
    resync = emitted_ || !chunks_.empty();
    ++stats_.resyncs;
  }
  if (static_cast<int32_t>(timestamp - epoch->raw) > 0) *epoch = Epoch{timestamp, *pos};

  uint64_t p = *pos;
  if (emitted_ && p + pcm.size() <= next_) {
    ++(recentlyReleased(p) ? stats_.duplicates : stats_.late);
    return;
  }
  if (emitted_ && p < next_) {  // partly released already: keep the rest
    pcm = pcm.subspan(next_ - p);
    p = next_;
  }
  if (chunks_.contains(p)) {
    ++stats_.duplicates;
    return;
  }
  Chunks::iterator it;
  if (!spare_.empty()) {
    auto node = std::move(spare_.back());
    spare_.pop_back();
    node.key() = p;
    it = chunks_.insert(std::move(node)).position;
  } else {
    it = chunks_.try_emplace(p).first;
  }
  it->second.pcm.assign(pcm.begin(), pcm.end());
  it->second.arrival = arrival;
  it->second.resync = resync;
  high_ = std::max(high_, p + pcm.size());
  ++stats_.packets;
}

void ReorderBuffer::drain(MonoTime now, const Out& out) { release(false, now, out); }

void ReorderBuffer::flush(const Out& out) { release(true, MonoTime{}, out); }

void ReorderBuffer::release(bool force, MonoTime now, const Out& out) {
  const auto buffered_max = static_cast<uint64_t>(samples(options_.max_buffered));
  while (!chunks_.empty()) {
    auto it = chunks_.begin();
    Chunk& c = it->second;
    if (!emitted_) {  // the first release waits for packets that overtook the first one
      if (!force && now - c.arrival < options_.delay) return;
      next_ = it->first;
      c.resync = true;
      emitted_ = true;
    }
    if (it->first < next_) {  // overlaps what was released (odd packet sizes)
      const uint64_t skip = next_ - it->first;
      if (skip >= c.pcm.size()) {
        chunks_.erase(it);
        continue;
      }
      Chunk rest{std::vector<int16_t>(c.pcm.begin() + static_cast<ptrdiff_t>(skip), c.pcm.end()),
                 c.arrival, c.resync};
      chunks_.erase(it);
      chunks_.try_emplace(next_, std::move(rest));
      continue;
    }
    if (it->first > next_) {
      const bool due = force || now - c.arrival >= options_.delay || high_ - next_ > buffered_max;
      if (!due) return;
      fillGap(it->first, c.arrival, out);
    }
    Released r;
    r.position = it->first;
    r.arrival = c.arrival;
    r.pcm = c.pcm;
    r.kind = Released::Kind::Audio;
    r.resync = c.resync;
    if (out) out(r);
    released_[released_at_++ % released_.size()] = it->first;
    next_ = it->first + c.pcm.size();
    auto node = chunks_.extract(it);
    std::swap(last_, node.mapped().pcm);  // the old last_'s storage serves a later packet
    if (spare_.size() < kMaxSpare) spare_.push_back(std::move(node));
  }
}

void ReorderBuffer::fillGap(uint64_t upto, MonoTime arrival, const Out& out) {
  const uint64_t gap = upto - next_;
  Released r;
  r.arrival = arrival;
  if (!last_.empty() &&
      gap <= std::min(last_.size(), fill_.size())) {  // one packet lost: repeat it, fading out
    const size_t n = static_cast<size_t>(gap);
    for (size_t i = 0; i < n; ++i) {
      const double gain = 1.0 - static_cast<double>(i + 1) / static_cast<double>(n + 1);
      fill_[i] = static_cast<int16_t>(last_[i] * gain);
    }
    r.position = next_;
    r.pcm = std::span<const int16_t>(fill_).first(n);
    r.kind = Released::Kind::Concealed;
    stats_.concealed_samples += n;
    if (out) out(r);
    next_ = upto;
    return;
  }
  std::fill(fill_.begin(), fill_.end(), int16_t{0});
  stats_.silence_samples += gap;
  r.kind = Released::Kind::Silence;
  while (next_ < upto) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(upto - next_, fill_.size()));
    r.position = next_;
    r.pcm = std::span<const int16_t>(fill_).first(n);
    if (out) out(r);
    next_ += n;
  }
  last_.clear();
}

}  // namespace hk::media
