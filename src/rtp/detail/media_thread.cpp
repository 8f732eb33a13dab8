#include "rtp/detail/media_thread.hpp"

#include <future>
#include <string>

namespace hk::rtp::detail {

MediaThread::MediaThread(size_t index, const Clock& clock, ThreadConfig cfg)
    : clock_(clock),
      cfg_(std::move(cfg)),
      recv_(std::make_unique<RecvBatch>()),
      send_(std::make_unique<SendBatch>()),
      rng_(cfg_.seed ? cfg_.seed + index : std::random_device{}()),
      pcm_(std::make_unique<std::array<int16_t, kBufferSize>>()),
      loop_(std::make_unique<EventLoop>("media-" + std::to_string(index))) {
  // Made here, before the loop runs: sessions posted from now on find it.
  poller_ = std::make_unique<Poller>(*loop_, cfg_.coalesce);
  loop_->start();
  loop_->post([this] { arm(); });
}

// The poller goes on the loop thread (its Asio waits belong there). Then loop_, the last
// member, goes first: ~unique_ptr deletes the loop (which stops and joins its thread) while
// loop_ still points at it. (reset() would null loop_ before the join, and a timer firing
// meanwhile — arm(), the pace — would call through a null loop_.)
MediaThread::~MediaThread() {
  std::promise<void> done;
  loop_->post([this, &done] {
    poller_.reset();
    done.set_value();
  });
  done.get_future().wait();
}

void MediaThread::arm() {
  loop_->runAfter(cfg_.tick, [this] {
    sweep();
    arm();
  });
}

void MediaThread::add(std::shared_ptr<Session> s, SessionId id) {
  sessions_.emplace(id.value, std::move(s));
}

std::shared_ptr<Session> MediaThread::find(SessionId id) {
  auto it = sessions_.find(id.value);
  return it == sessions_.end() ? nullptr : it->second;
}

std::shared_ptr<Session> MediaThread::take(SessionId id) {
  auto it = sessions_.find(id.value);
  if (it == sessions_.end()) return nullptr;
  auto s = std::move(it->second);
  sessions_.erase(it);
  return s;
}

void MediaThread::closeAll() {
  for (auto& [id, s] : sessions_) s->close();
  sessions_.clear();
  stopPacing();
}

void MediaThread::sweep() {
  MonoTime now = clock_.mono();
  for (auto& [id, s] : sessions_) s->tick(now);
}

void MediaThread::startPacing(std::shared_ptr<Session> s) {
  paced_.push_back(std::move(s));
  if (!pace_timer_) {
    pace_next_ = clock_.mono();  // the first tick at once
    armPace();
  }
}

void MediaThread::armPace() {
  MonoTime now = clock_.mono();
  auto delay = pace_next_ > now ? std::chrono::ceil<std::chrono::milliseconds>(pace_next_ - now)
                                : std::chrono::milliseconds(0);
  pace_timer_ = loop_->runAfter(delay, [this] {
    pace_timer_.reset();
    pace();
  });
}

void MediaThread::stopPacing() {
  paced_.clear();
  if (pace_timer_) loop_->cancelTimer(*pace_timer_);
  pace_timer_.reset();
}

void MediaThread::pace() {
  MonoTime now = clock_.mono();
  int due = 0;
  if (pace_next_ <= now) due = static_cast<int>((now - pace_next_) / kFrame) + 1;
  int skipped = due > kMaxBurst ? due - kMaxBurst : 0;
  int frames = due - skipped;
  MonoTime first = pace_next_ + skipped * kFrame;
  pace_next_ += due * kFrame;
  size_t kept = 0;
  for (size_t i = 0; i < paced_.size(); ++i) {  // keeps those that still need the pace
    std::shared_ptr<Session> s = paced_[i];
    if (s->pace(first, frames, skipped)) paced_[kept++] = std::move(s);
  }
  paced_.resize(kept);
  if (paced_.empty()) {
    stopPacing();
  } else if (!pace_timer_) {
    armPace();
  }
}

MonoTime MediaThread::nextRtcp(MonoTime now) {
  std::uniform_real_distribution<double> factor(0.5, 1.5);
  auto ms = std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(cfg_.rtcp_interval.count()) * factor(rng_)));
  return now + ms;
}

}  // namespace hk::rtp::detail
