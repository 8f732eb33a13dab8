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
#include "rtp/audio_hooks.hpp"
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
    // Wake-up coalescing: after a wake-up that found packets, a media thread looks again
    // this long after it began (the packets that came meanwhile wait in their sockets, at
    // most this long), so at load one wake-up serves many sockets. 0: wake up for every
    // packet (the lowest delay, the most CPU per packet at load).
    std::chrono::microseconds coalesce{1000};
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

  // ---- Audio hooks (rtp/audio_hooks.hpp). Each call returns at once (Code::NotFound for
  // an ended session, Code::Invalid for bad arguments); the work happens in order on the
  // session's media thread, where the hooks are called. A session without hooks decodes
  // nothing.
  //
  // Sinks: every valid audio packet from leg `from` is decoded and given to each of its
  // sinks (any ptime), and each RFC 4733 press once. A leg takes several sinks (recorder,
  // detector); one sink may hear both legs. The id is for removeSink. onDetach: see
  // AudioSink.
  Result<HookId> addSink(SessionId id, LegSide from, std::shared_ptr<AudioSink> sink);
  Status removeSink(SessionId id, HookId sink);  // an unknown id is ignored
  // The leg's only sink: replaces (and detaches) every sink of the leg; nullptr removes
  // them all. Use addSink when several consumers share a leg.
  Status setSink(SessionId id, LegSide from, std::shared_ptr<AudioSink> sink);
  // Plays `source` to leg `to` (a new one replaces the old, which gets no SourceDone): a
  // 20 ms frame every 20 ms, encoded in the leg's codec and sent on the leg's own stream
  // (its SSRC, sequence and timestamps continuing, marker bit on the first frame). Replace:
  // what the other leg sends toward `to` is dropped; Mix: it is added to the frames (it
  // waits up to 200 ms in a queue). In both modes nothing from the other leg goes straight
  // to `to`, RFC 4733 events included (they are still detected). When fill() returns
  // false, MediaEvent::SourceDone (with the returned id: a SourceDone that crossed a newer
  // setSource is told apart) goes to the owner, and the relay resumes; nullptr stops the
  // source at once (no event; returns 0). A leg that cannot
  // receive (no address yet, sendonly) still pulls the frames and discards them.
  Result<HookId> setSource(SessionId id, LegSide to, std::shared_ptr<AudioSource> source,
                           SourceMode mode = SourceMode::Replace);
  // Sends an RFC 4733 key press to leg `to` with the leg's telephone-event payload type:
  // updates every 20 ms for `duration` (20 ms .. 8 s), then three end packets; digits
  // queue, 40 ms apart. While an event is sent the other leg's media to `to` is dropped and
  // a source there pauses. '0'-'9', '*', '#', 'A'-'D'. Nothing is sent to a leg that did
  // not negotiate telephone-event (logged).
  Status sendDigit(SessionId id, LegSide to, char digit,
                   std::chrono::milliseconds duration = std::chrono::milliseconds(100));

  bool isLive(SessionId id) const;
  size_t activeSessions() const;  // for the leak check: zero once every call has ended
  size_t threadCount() const;

  // Runs the periodic work (timeouts, RTCP) on every media thread now and waits for it.
  void sweepForTest();
  // Plays the audio ticks due at the clock's time on every media thread now and waits.
  // The pace also runs by itself (a timer reading the engine's clock): a test that moves
  // an injected clock calls this once before moving it, so that the commands it gave are
  // in place before a tick can run at the new time.
  void paceForTest();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hk::rtp
