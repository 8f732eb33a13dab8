#pragma once
// The types a MediaEngine user (the B2BUA) sees: what a leg is told (LegParams), what
// comes back (MediaEvent, SessionStats). No sockets, no Asio.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.hpp"

namespace hk::rtp {

enum class Codec : uint8_t { Pcmu, Pcma };
enum class LegSide : uint8_t { A = 0, B = 1 };  // A: the caller, B: the callee
const char* codecName(Codec c);

struct Endpoint {  // a numeric IPv4 or IPv6 address and a port
  std::string ip;
  uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

struct LegParams {
  // Where to send RTP (the leg's SDP); none: not known yet, or hold with c=0.0.0.0.
  std::optional<Endpoint> remote;
  std::optional<Endpoint> remote_rtcp;  // default: the RTP address, port + 1
  // Symmetric RTP (trunks marked as behind NAT only): send to where the leg's first packet
  // came from. Never on carrier trunks (RTP bleed).
  bool latch = false;
  // Without latching, packets from another IP than `remote` are dropped (RTP bleed, stray
  // media). Turn off only for a peer that sends from another address than its SDP says.
  bool strict_source = true;
  Codec codec = Codec::Pcmu;
  uint8_t payload_type = 0;                // the payload type this leg uses for `codec`
  std::optional<uint8_t> telephone_event;  // RFC 4733 payload type on this leg
  bool send = true;  // Hankyo sends media to this leg (its direction allows it)
  // No media timeout while on hold. The timeout counts from the last packet, or from when
  // the leg was last (re)configured, whichever is later; zero: not watched.
  bool on_hold = false;
  std::chrono::milliseconds media_timeout{0};
};

// A session id carries its media thread, slot and generation: an id stays unique, and
// commands or events for an ended session are recognised and dropped.
struct SessionId {
  uint64_t value = 0;
  explicit operator bool() const { return value != 0; }
  bool operator==(const SessionId&) const = default;
};

// A sink or source attached to a session (MediaEngine::addSink, setSource): unique per
// engine, never 0.
using HookId = uint64_t;

struct MediaEvent {
  enum class Type {
    FirstPacket,   // the first RTP packet from this leg
    MediaTimeout,  // no RTP from this leg for its media_timeout (not while on hold)
    Digit,         // an RFC 4733 event from this leg: `digit` ('0'-'9', '*', '#', 'A'-'D')
    SourceDone,    // the source playing to this leg ended (`hook`: the id setSource gave)
  };
  SessionId session;
  LegSide leg = LegSide::A;
  Type type = Type::FirstPacket;
  char digit = 0;
  HookId hook = 0;  // SourceDone only
};

struct LegStats {
  uint64_t packets_in = 0;   // valid RTP from the leg
  uint64_t bytes_in = 0;     // RTP payload bytes
  uint64_t packets_out = 0;  // RTP sent to the leg
  uint64_t bytes_out = 0;
  int64_t packets_lost = 0;      // from the leg, by sequence numbers (RFC 3550)
  uint64_t packets_dropped = 0;  // received but not relayed: foreign source, unknown payload
                                 // type, malformed, or the other leg cannot take it
  uint64_t send_errors = 0;      // could not be sent (socket buffer full, unreachable)
  uint64_t rtcp_in = 0;
  uint64_t rtcp_out = 0;
  uint32_t jitter = 0;  // timestamp units
  std::optional<WallTime> last_packet;
  std::optional<Endpoint> remote;  // where Hankyo sends (after latching, if any)
};

struct SessionStats {
  LegStats a;
  LegStats b;
};

}  // namespace hk::rtp
