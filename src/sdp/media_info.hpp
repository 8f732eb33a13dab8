#pragma once
// What Hankyo can use in an SDP: the first audio m= line with G.711 (PCMU, PCMA) and
// RFC 4733 telephone-event, the address to send to, the effective direction (RFC 2543
// c=0.0.0.0 hold folded in) and the direction arithmetic of RFC 3264 §6.1.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "sdp/session.hpp"

namespace hk::sdp {

enum class AudioCodec { Pcmu, Pcma };
const char* codecName(AudioCodec c);  // "PCMU", "PCMA"
constexpr uint8_t staticPayloadType(AudioCodec c) { return c == AudioCodec::Pcmu ? 0 : 8; }

struct CodecChoice {
  AudioCodec codec = AudioCodec::Pcmu;
  uint8_t payload_type = 0;
  bool operator==(const CodecChoice&) const = default;
};

struct AudioInfo {
  size_t media_index = 0;                  // which m= line of the session
  std::string proto = "RTP/AVP";           // RTP/AVP or RTP/AVPF, echoed in answers
  std::vector<CodecChoice> codecs;         // G.711 formats in the peer's order of preference
  std::optional<uint8_t> telephone_event;  // telephone-event/8000 payload type
  std::optional<std::string> telephone_event_fmtp;
  std::string address;  // c= of the m= line, else of the session; empty: none
  AddrType addr_type = AddrType::Ip4;
  uint16_t port = 0;
  std::string rtcp_address;
  uint16_t rtcp_port = 0;  // a=rtcp, else port + 1
  std::optional<uint32_t> ptime;
  Direction direction = Direction::SendRecv;  // as written, c=0.0.0.0 folded in
  bool unspecified_address = false;           // c=0.0.0.0 (or ::)
};

// The first audio m= line with a non-zero port, RTP/AVP (or RTP/AVPF) and at least one
// G.711 format. Code::Invalid with the reason when there is none (the B2BUA answers 488).
Result<AudioInfo> findAudio(const Session& s);

// Direction as bits: what the writer sends and receives.
constexpr bool sends(Direction d) { return d == Direction::SendRecv || d == Direction::SendOnly; }
constexpr bool receives(Direction d) {
  return d == Direction::SendRecv || d == Direction::RecvOnly;
}
Direction makeDirection(bool send, bool receive);
// sendonly <-> recvonly: the other end's view of the same stream.
Direction reverse(Direction d);
// Only what both allow.
Direction intersect(Direction a, Direction b);

}  // namespace hk::sdp
