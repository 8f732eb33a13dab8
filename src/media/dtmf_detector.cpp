#include "media/dtmf_detector.hpp"

#include <spandsp.h>

#include <algorithm>
#include <utility>

namespace hk::media {
namespace {

constexpr size_t kBlock = 102;  // spandsp's DTMF_SAMPLES_PER_BLOCK
// How far a timestamp may jump forward and still be bridged as lost audio.
constexpr int32_t kMaxFillIn = 200 * 8;
// How long a press is remembered for matching.
constexpr auto kHorizon = std::chrono::seconds(5);

std::chrono::milliseconds samplesToMs(uint64_t samples) {
  return std::chrono::milliseconds(static_cast<int64_t>(samples / 8));
}

}  // namespace

DtmfDetector::DtmfDetector(OnPress on_press, DtmfOptions options)
    : on_press_(std::move(on_press)), options_(options) {
  rx_ = dtmf_rx_init(nullptr, nullptr, nullptr);
  init();
}

DtmfDetector::~DtmfDetector() {
  if (rx_) dtmf_rx_free(rx_);
}

void DtmfDetector::init() {
  if (!rx_) return;
  dtmf_rx_init(rx_, nullptr, nullptr);  // in place: back to the initial state
  dtmf_rx_set_realtime_callback(rx_, &DtmfDetector::onTone, this);
  dtmf_rx_parms(rx_, options_.filter_dialtone ? 1 : 0, options_.normal_twist_db,
                options_.reverse_twist_db, options_.threshold_dbm0.value_or(-99));
  block_fill_ = 0;
  current_ = 0;
}

void DtmfDetector::reset() { init(); }

void DtmfDetector::onTone(void* self, int code, int /*level*/, int /*delay*/) {
  auto* d = static_cast<DtmfDetector*>(self);
  // Called at the end of a 102-sample block; process() feeds block by block, so the block
  // ends where the data fed so far ends.
  if (d->current_ != 0) d->report(d->pos_);
  if (code > 0 && code < 128) {
    d->current_ = static_cast<char>(code);
    d->current_start_ = d->pos_;
  }
}

void DtmfDetector::report(uint64_t end_pos) {
  DigitPress p;
  p.digit = current_;
  p.duration = samplesToMs(end_pos - current_start_);
  p.source = DigitSource::InBand;
  current_ = 0;
  if (on_press_) on_press_(p);
}

void DtmfDetector::process(std::span<const int16_t> pcm) {
  if (!rx_) return;
  size_t off = 0;
  while (off < pcm.size()) {
    size_t n = std::min(kBlock - block_fill_, pcm.size() - off);
    pos_ += n;  // before the call: a callback sees the position at the block's end
    dtmf_rx(rx_, pcm.data() + off, static_cast<int>(n));
    block_fill_ = (block_fill_ + n) % kBlock;
    off += n;
  }
}

void DtmfDetector::fillIn(size_t samples) {
  if (!rx_ || samples == 0) return;
  pos_ += samples;
  dtmf_rx_fillin(rx_, static_cast<int>(samples));
  block_fill_ = 0;  // spandsp restarts its block
}

DigitMerger::DigitMerger(OnDigit on_digit, std::chrono::milliseconds window)
    : on_digit_(std::move(on_digit)), window_(window) {}

bool DigitMerger::add(const DigitPress& press, MonoTime end) {
  while (!recent_.empty() && recent_.front().end + kHorizon < end) recent_.pop_front();
  const MonoTime start = end - press.duration;
  Seen* best = nullptr;
  MonoTime::duration best_overlap{};
  for (Seen& s : recent_) {
    if (s.matched || s.digit != press.digit || s.source == press.source) continue;
    auto overlap = std::min(end, s.end + window_) - std::max(start, s.start - window_);
    if (overlap < MonoTime::duration::zero()) continue;
    if (!best || overlap > best_overlap) {
      best = &s;
      best_overlap = overlap;
    }
  }
  if (best) {
    best->matched = true;
    ++duplicates_;
    return false;
  }
  recent_.push_back(Seen{press.digit, press.source, start, end, false});
  if (on_digit_) on_digit_(press);
  return true;
}

DtmfListener::DtmfListener(rtp::LegSide leg, const Clock& clock, DigitMerger::OnDigit on_digit,
                           DtmfOptions options, std::chrono::milliseconds window)
    : leg_(leg),
      clock_(clock),
      merger_(std::move(on_digit), window),
      detector_([this](const DigitPress& p) { merger_.add(p, chunk_arrival_); }, options) {}

bool DtmfListener::active() {
  if (!enabled()) {
    active_ = false;
    return false;
  }
  if (!active_) {
    detector_.reset();
    merger_.reset();
    expected_ts_.reset();
    active_ = true;
  }
  return true;
}

void DtmfListener::onAudio(const rtp::AudioChunk& chunk) {
  if (chunk.from != leg_ || !active()) return;
  if (expected_ts_) {
    auto gap = static_cast<int32_t>(chunk.timestamp - *expected_ts_);
    if (gap < 0) return;  // a duplicate or a packet overtaken: already bridged
    if (gap > 0 && gap <= kMaxFillIn) detector_.fillIn(static_cast<size_t>(gap));
  }
  expected_ts_ = chunk.timestamp + static_cast<uint32_t>(chunk.pcm.size());
  chunk_arrival_ = chunk.arrival;
  detector_.process(chunk.pcm);
}

void DtmfListener::onTelephoneEvent(rtp::LegSide leg, char digit, uint32_t duration_ts) {
  if (leg != leg_ || !active()) return;
  DigitPress p;
  p.digit = digit;
  p.duration = std::chrono::milliseconds(duration_ts / 8);
  p.source = DigitSource::Rfc4733;
  merger_.add(p, clock_.mono());
}

}  // namespace hk::media
