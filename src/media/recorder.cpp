#include "media/recorder.hpp"

#include <sndfile.h>

#include <algorithm>
#include <utility>

#include "base/log.hpp"

namespace hk::media {
namespace {

using std::chrono::milliseconds;
constexpr int64_t kPerMs = 8;  // samples per millisecond
constexpr milliseconds kCommitMargin{60};
// A party's audio is never placed further than this ahead of what is committed.
constexpr int64_t kMaxAhead = 10'000 * kPerMs;

}  // namespace

CallRecorder::CallRecorder(std::string path, const Clock& clock, RecorderOptions options)
    : path_(std::move(path)), clock_(clock), options_(options) {
  options_.write_block = std::max(options_.write_block, milliseconds(100));
  const size_t channels = options_.mode == RecordMode::Stereo ? 2 : 1;
  for (size_t i = 0; i < channels; ++i) parties_.emplace_back(options_.reorder);
}

CallRecorder::~CallRecorder() { finish(); }

int CallRecorder::partyIndex(rtp::LegSide side) const {
  switch (options_.mode) {
    case RecordMode::Stereo: return side == rtp::LegSide::A ? 0 : 1;
    case RecordMode::CallerOnly: return side == rtp::LegSide::A ? 0 : -1;
    case RecordMode::CalleeOnly: return side == rtp::LegSide::B ? 0 : -1;
  }
  return -1;
}

int64_t CallRecorder::wallPos(MonoTime t) const {
  return std::chrono::duration_cast<std::chrono::microseconds>(t - t0_).count() * kPerMs / 1000;
}

Status CallRecorder::start() {
  std::lock_guard lock(mu_);
  if (started_) return hk::fail(Code::Conflict, "recorder already started");
  started_ = true;
  t0_ = clock_.mono();
  SF_INFO info{};
  info.samplerate = rtp::kSampleRate;
  info.channels = static_cast<int>(parties_.size());
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  file_ = sf_open(path_.c_str(), SFM_WRITE, &info);
  if (!file_) {
    fail("cannot create " + path_ + ": " + sf_strerror(nullptr));
    return Error::unavailable(error_);
  }
  return ok();
}

void CallRecorder::onAudio(const rtp::AudioChunk& chunk) {
  std::lock_guard lock(mu_);
  if (!started_ || stopped_ || result_) return;
  const int idx = partyIndex(chunk.from);
  if (idx < 0) return;
  parties_[static_cast<size_t>(idx)].reorder.push(chunk.timestamp, chunk.pcm, chunk.arrival);
  const MonoTime now = clock_.mono();
  drainAll(now);
  commit(wallPos(now) - (options_.reorder.delay + kCommitMargin).count() * kPerMs, false);
}

void CallRecorder::drainAll(MonoTime now) {
  for (Party& p : parties_) p.reorder.drain(now, [&](const Released& r) { place(p, r); });
}

void CallRecorder::place(Party& p, const Released& r) {
  const auto len = static_cast<int64_t>(r.pcm.size());
  if (r.kind == Released::Kind::Audio) {
    const int64_t wall = wallPos(r.arrival) - len;  // a packet leaves after its last sample
    const int64_t skew = options_.max_skew.count() * kPerMs;
    const int64_t expected = p.anchor_pos + static_cast<int64_t>(r.position - p.anchor_tl);
    if (!p.anchored || r.resync || expected + skew < wall) {
      // New, resynced, or behind the wall clock (back from hold with unchanged timestamps):
      // anchor where it arrived, never over the party's own audio.
      p.anchor_pos = std::max({wall, committed_, p.end_pos});
      p.anchor_tl = r.position;
      p.anchored = true;
    } else if (expected > wall + skew) {  // the sender's clock runs ahead of ours
      p.anchor_pos = std::max(wall, committed_);
      p.anchor_tl = r.position;
    }
  }
  if (!p.anchored) return;
  int64_t pos = p.anchor_pos + static_cast<int64_t>(r.position - p.anchor_tl);
  auto pcm = r.pcm;
  if (pos < committed_) {  // its place is written already
    const auto skip = static_cast<size_t>(std::min<int64_t>(len, committed_ - pos));
    if (r.kind == Released::Kind::Audio) late_samples_ += skip;
    pcm = pcm.subspan(skip);
    pos += static_cast<int64_t>(skip);
  }
  if (pcm.empty()) return;
  const auto off = static_cast<size_t>(pos - committed_);
  if (static_cast<int64_t>(off + pcm.size()) > kMaxAhead) {  // nonsense: start over
    p.anchored = false;
    return;
  }
  if (p.pending.size() < off + pcm.size()) p.pending.resize(off + pcm.size(), 0);
  std::copy(pcm.begin(), pcm.end(), p.pending.begin() + static_cast<ptrdiff_t>(off));
  p.end_pos = std::max(p.end_pos, pos + static_cast<int64_t>(pcm.size()));
}

void CallRecorder::commit(int64_t target, bool final) {
  const int64_t block = options_.write_block.count() * kPerMs;
  const size_t channels = parties_.size();
  while (!stopped_ && (target - committed_ >= block || (final && target > committed_))) {
    const auto n = static_cast<size_t>(std::min(block, target - committed_));
    block_.assign(n * channels, 0);
    for (size_t c = 0; c < channels; ++c) {
      auto& pending = parties_[c].pending;
      const size_t have = std::min(n, pending.size());
      for (size_t i = 0; i < have; ++i) block_[i * channels + c] = pending[i];
      pending.erase(pending.begin(), pending.begin() + static_cast<ptrdiff_t>(have));
    }
    committed_ += static_cast<int64_t>(n);
    writeFrames(block_, n);
  }
}

bool CallRecorder::writeFrames(const std::vector<int16_t>& interleaved, size_t frames) {
  const sf_count_t w = sf_writef_short(file_, interleaved.data(), static_cast<sf_count_t>(frames));
  if (w > 0) written_ += w;
  if (w == static_cast<sf_count_t>(frames)) return true;
  fail("write to " + path_ + " failed: " + sf_strerror(file_));
  return false;
}

void CallRecorder::fail(std::string reason) {
  static auto lg = log::get("media");
  HK_LOG_WARN(lg, "recording stopped: {}", reason);
  error_ = std::move(reason);
  ++write_errors_;
  if (options_.write_errors) options_.write_errors->inc();
  stopped_ = true;
  close();
  for (Party& p : parties_) p.pending = {};
}

void CallRecorder::close() {
  if (!file_) return;
  const int rc = sf_close(file_);
  file_ = nullptr;
  if (rc != 0 && !stopped_) fail("closing " + path_ + " failed: " + sf_error_number(rc));
}

RecordingResult CallRecorder::finish() {
  std::lock_guard lock(mu_);
  if (result_) return *result_;
  if (started_ && !stopped_) {
    for (Party& p : parties_) p.reorder.flush([&](const Released& r) { place(p, r); });
    commit(wallPos(clock_.mono()), true);
    close();
  }
  result_ = resultLocked();
  return *result_;
}

RecordingResult CallRecorder::resultLocked() const {
  RecordingResult r;
  r.path = path_;
  r.duration = milliseconds(written_ / kPerMs);
  r.complete = started_ && !stopped_;
  r.error = !started_ ? "not started" : error_;
  return r;
}

bool CallRecorder::recording() const {
  std::lock_guard lock(mu_);
  return started_ && !stopped_ && !result_;
}

std::string CallRecorder::lastError() const {
  std::lock_guard lock(mu_);
  return error_;
}

uint64_t CallRecorder::writeErrors() const {
  std::lock_guard lock(mu_);
  return write_errors_;
}

uint64_t CallRecorder::lateSamples() const {
  std::lock_guard lock(mu_);
  return late_samples_;
}

}  // namespace hk::media
