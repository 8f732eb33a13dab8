#pragma once
// A media thread: its EventLoop, the sessions pinned to it, the Poller of their sockets,
// shared receive buffers, the periodic sweep (media timeouts, RTCP) and the 20 ms pace of
// the audio hooks.
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <unordered_map>
#include <vector>

#include "base/clock.hpp"
#include "base/executor.hpp"
#include "rtp/detail/poller.hpp"
#include "rtp/detail/session.hpp"
#include "rtp/detail/slot_table.hpp"
#include "rtp/detail/udp_batch.hpp"

namespace hk::rtp::detail {

struct ThreadConfig {
  std::chrono::milliseconds tick{100};
  std::chrono::milliseconds rtcp_interval{5000};
  std::string cname;
  uint64_t seed = 0;
  std::chrono::microseconds coalesce{1000};  // the Poller's window
};

class MediaThread {
 public:
  MediaThread(size_t index, const Clock& clock, ThreadConfig cfg);
  ~MediaThread();  // drops the poller on the loop, then stops and joins the loop

  EventLoop& loop() { return *loop_; }
  const Clock& clock() const { return clock_; }
  const ThreadConfig& config() const { return cfg_; }

  // Loop thread only.
  void add(std::shared_ptr<Session> s, SessionId id);
  std::shared_ptr<Session> find(SessionId id);
  std::shared_ptr<Session> take(SessionId id);
  void closeAll();
  void sweep();
  Poller& poller() { return *poller_; }
  RecvBatch& recvBatch() { return *recv_; }
  SendBatch& sendBatch() { return *send_; }
  std::span<int16_t> pcmScratch() { return *pcm_; }  // decoded payloads, for the sinks
  // The 20 ms pace of sources and sent digits: one grid per thread (absolute deadlines on
  // the injected clock, so no drift), running while some session needs it. A session
  // registers once (Session keeps the flag) and is dropped when it no longer needs it.
  void startPacing(std::shared_ptr<Session> s);
  // Runs the ticks due at the clock's time: after a stall, at most kMaxBurst of them are
  // played, the older ones are skipped (the streams' timestamps still move over them).
  void pace();
  // The next RTCP time: now + 0.5..1.5 x the interval (RFC 3550 §6.2).
  MonoTime nextRtcp(MonoTime now);

  static constexpr std::chrono::milliseconds kFrame{20};
  static constexpr int kMaxBurst = 5;

 private:
  void arm();
  void armPace();
  void stopPacing();

  const Clock& clock_;
  ThreadConfig cfg_;
  std::unique_ptr<Poller> poller_;  // made and dropped on the loop thread
  std::unique_ptr<RecvBatch> recv_;
  std::unique_ptr<SendBatch> send_;
  std::mt19937_64 rng_;
  std::unordered_map<uint64_t, std::shared_ptr<Session>> sessions_;
  std::unique_ptr<std::array<int16_t, kBufferSize>> pcm_;
  std::vector<std::shared_ptr<Session>> paced_;
  MonoTime pace_next_{};
  std::optional<TimerId> pace_timer_;
  std::unique_ptr<EventLoop> loop_;  // last: stopped and joined before the rest goes
};

}  // namespace hk::rtp::detail
