#pragma once
// One bridged media session on its media thread: two legs, each with RTP and RTCP sockets
// (in the thread's Poller, batched reads), relaying A->B and B->A, and the audio hooks of
// each leg (session_audio.cpp). Everything here runs on the session's media thread only.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.hpp"
#include "rtp/audio_hooks.hpp"
#include "rtp/detail/event_target.hpp"
#include "rtp/detail/leg_audio.hpp"
#include "rtp/detail/poller.hpp"
#include "rtp/detail/sock_addr.hpp"
#include "rtp/media_types.hpp"
#include "rtp/outbound_stream.hpp"
#include "rtp/port_pool.hpp"
#include "rtp/receive_stats.hpp"
#include "rtp/translate.hpp"

namespace hk::rtp::detail {

class MediaThread;

struct StreamSeed {
  uint32_t ssrc = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
};

struct SessionSetup {
  SessionId id;
  std::array<PortPair, 2> ports;
  std::array<LegParams, 2> params;
  std::array<StreamSeed, 2> seeds;
  std::string tag;
  std::shared_ptr<const EventTarget> events;
  MonoTime created{};  // when the owner asked: media timeouts count from here
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(MediaThread& thread, SessionSetup setup);

  // Puts the sockets in the thread's Poller; false when it refused one (logged by the
  // caller; the session then relays nothing).
  bool start();
  // `when`: the time the owner asked (media timeouts count from it).
  void update(LegSide side, const LegParams& params, MonoTime when);
  void tick(MonoTime now);
  SessionStats stats() const;
  // Relays what waits in the RTP sockets, takes them out of the Poller, closes them and
  // gives the ports back.
  void close();
  const std::shared_ptr<const EventTarget>& events() const { return events_; }
  const std::string& tag() const { return tag_; }

  // Audio hooks (see MediaEngine). `only`: the sink replaces every sink of the leg (none
  // when null).
  void addSink(LegSide from, HookId id, std::shared_ptr<AudioSink> sink, bool only);
  void removeSink(HookId id);
  void setSource(LegSide to, HookId id, std::shared_ptr<AudioSource> source, SourceMode mode);
  void sendDigit(LegSide to, uint8_t event, uint16_t duration);
  // The thread's 20 ms pace (MediaThread::pace): `skipped` ticks missed, then `frames`
  // ticks, the first at `first`. False when the session no longer needs the pace.
  bool pace(MonoTime first, int frames, int skipped);

 private:
  struct Leg {
    explicit Leg(const StreamSeed& s) : out(s.ssrc, s.sequence, s.timestamp) {}
    PortPair ports;
    LegParams params;
    LegFormat format;
    std::optional<SockAddr> remote;
    std::optional<SockAddr> remote_rtcp;
    bool latched = false;
    bool rtcp_latched = false;
    OutboundStream out;
    ReceiveStats rx;
    DigitTracker digits;
    LegStats stats;
    std::optional<MonoTime> last_rx;
    MonoTime watch_since{};
    bool timeout_sent = false;
    MonoTime next_rtcp{};
    uint32_t lsr = 0;
    std::optional<MonoTime> lsr_arrival;
    std::unique_ptr<LegAudio> audio;  // made with the first hook, kept until the end
  };

  void configure(Leg& leg, const LegParams& params, MonoTime now);
  static void onReady(Watch& w);  // Watch::tag: side | 2 for RTCP
  void onRtp(int side);
  void onRtcp(int side);
  bool acceptSource(Leg& leg, const SockAddr& from);
  void sendRtcp(Leg& leg, MonoTime now);
  void event(int side, MediaEvent::Type type, char digit = 0, HookId hook = 0);
  // session_audio.cpp
  LegAudio& audio(int side);
  void needPace();
  void hear(int side, const RtpPacketView& view, PayloadKind kind, MonoTime now);
  void hold(Leg& to, Leg& from, const RtpPacketView& view, PayloadKind kind);
  void tickLeg(int side, MonoTime at);
  void sendLocal(Leg& to, uint8_t payload_type, std::span<const uint8_t> payload, uint32_t ts,
                 bool marker, MonoTime media_time);
  void detachSink(const std::shared_ptr<AudioSink>& sink);
  void detachAll();

  MediaThread& thread_;
  SessionId id_;
  std::string tag_;
  std::shared_ptr<const EventTarget> events_;
  std::array<Leg, 2> legs_;
  std::array<Watch, 4> watches_;  // RTP A, RTP B, RTCP A, RTCP B
  bool started_ = false;
  bool closed_ = false;
  bool pacing_ = false;  // registered with the thread's pace
};

}  // namespace hk::rtp::detail
