#pragma once
// A media thread: its EventLoop, the sessions pinned to it, shared receive buffers and the
// periodic sweep (media timeouts, RTCP).
#include <chrono>
#include <memory>
#include <random>
#include <unordered_map>

#include "base/clock.hpp"
#include "base/executor.hpp"
#include "rtp/detail/session.hpp"
#include "rtp/detail/slot_table.hpp"
#include "rtp/detail/udp_batch.hpp"

namespace hk::rtp::detail {

struct ThreadConfig {
  std::chrono::milliseconds tick{100};
  std::chrono::milliseconds rtcp_interval{5000};
  std::string cname;
  uint64_t seed = 0;
};

class MediaThread {
 public:
  MediaThread(size_t index, const Clock& clock, ThreadConfig cfg);
  ~MediaThread();  // stops and joins the loop first

  EventLoop& loop() { return *loop_; }
  const Clock& clock() const { return clock_; }
  const ThreadConfig& config() const { return cfg_; }

  // Loop thread only.
  void add(std::shared_ptr<Session> s, SessionId id);
  std::shared_ptr<Session> find(SessionId id);
  std::shared_ptr<Session> take(SessionId id);
  void closeAll();
  void sweep();
  RecvBatch& recvBatch() { return *recv_; }
  SendBatch& sendBatch() { return *send_; }
  // The next RTCP time: now + 0.5..1.5 x the interval (RFC 3550 §6.2).
  MonoTime nextRtcp(MonoTime now);

 private:
  void arm();

  const Clock& clock_;
  ThreadConfig cfg_;
  std::unique_ptr<RecvBatch> recv_;
  std::unique_ptr<SendBatch> send_;
  std::mt19937_64 rng_;
  std::unordered_map<uint64_t, std::shared_ptr<Session>> sessions_;
  std::unique_ptr<EventLoop> loop_;  // last: stopped and joined before the rest goes
};

}  // namespace hk::rtp::detail
