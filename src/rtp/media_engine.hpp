#pragma once
// The media relay: N media threads (each an hk::EventLoop), every session pinned to one.
// A session bridges two legs (A: caller, B: callee), each with its own RTP/RTCP sockets
// from the PortPool, its own SSRC/sequence/timestamps toward its peer (OutboundStream),
// RTCP reports, counters, and the codec and payload types it negotiated (relay when both
// legs use the same codec, PCMU <-> PCMA otherwise, telephone-event remapped).
//
// Threads: every method may be called from any thread; work reaches the media thread by
// post(). Events go to the owner's Executor, and an event for a session the owner already
// destroyed is dropped there (the session id carries a generation).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.hpp"
#include "base/executor.hpp"
#include "base/result.hpp"
#include "rtp/media_types.hpp"
#include "rtp/port_pool.hpp"

namespace hk::rtp {

struct SessionParams {
  std::string local_ip_a;  // where leg A's sockets are bound (numeric; may differ from B's)
  std::string local_ip_b;
  LegParams a;  // may be completed later with updateLeg()
  LegParams b;
  std::string tag;  // for logs: the call's trn_id
};

struct SessionInfo {
  SessionId id;
  uint16_t port_a = 0;  // Hankyo's RTP port on each leg, for the SDP
  uint16_t port_b = 0;
};

class MediaEngine {
 public:
  struct Config {
    size_t threads = 1;
    std::chrono::milliseconds tick{100};            // how often timeouts and RTCP are looked at
    std::chrono::milliseconds rtcp_interval{5000};  // mean; each report is 0.5x..1.5x this
    size_t max_sessions = 4096;
    std::string cname = "hankyo";  // SDES CNAME
    uint64_t seed = 0;             // SSRCs, first sequence numbers and timestamps; 0: random
  };
  using EventHandler = std::function<void(const MediaEvent&)>;

  // `ports` and `clock` must outlive the engine.
  MediaEngine(Config cfg, PortPool& ports, const Clock& clock);
  ~MediaEngine();  // ends every session (ports go back) and joins the media threads
  MediaEngine(const MediaEngine&) = delete;
  MediaEngine& operator=(const MediaEngine&) = delete;

  // Binds both legs' ports now (for the SDP) and starts the session on a media thread.
  // Code::Unavailable when ports or session slots run out, Code::Invalid for bad params.
  Result<SessionInfo> createSession(const SessionParams& params, Executor& owner,
                                    EventHandler on_event);
  // New parameters for one leg (answer, re-INVITE, hold). Code::Invalid for a remote that
  // is not a numeric address of the leg's family; Code::NotFound for an ended session.
  Status updateLeg(SessionId id, LegSide side, const LegParams& params);
  // Ends the session: no event is delivered for it after this call returns (on the owner's
  // thread). `done`, if given, runs on the owner's executor once the sockets are closed and
  // the ports are back in the pool, with the final counters.
  void destroySession(SessionId id, std::function<void(const SessionStats&)> done = {});
  // Current counters, delivered on the owner's executor; nullopt for an ended session.
  void requestStats(SessionId id, Executor& to,
                    std::function<void(std::optional<SessionStats>)> done);

  bool isLive(SessionId id) const;
  size_t activeSessions() const;  // for the leak check: zero once every call has ended
  size_t threadCount() const;

  // Runs the periodic work (timeouts, RTCP) on every media thread now and waits for it.
  void sweepForTest();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hk::rtp
