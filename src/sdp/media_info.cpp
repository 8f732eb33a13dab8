#include "sdp/media_info.hpp"

#include "sdp/detail/text.hpp"

namespace hk::sdp {
namespace {

std::optional<AudioCodec> codecOf(const Media& m, uint8_t pt, bool& is_event) {
  is_event = false;
  for (const auto& r : m.rtpmaps) {
    if (r.payload_type != pt) continue;
    if (r.clock_rate != 8000 || !(r.params.empty() || r.params == "1")) return std::nullopt;
    if (detail::iequals(r.encoding, "PCMU")) return AudioCodec::Pcmu;
    if (detail::iequals(r.encoding, "PCMA")) return AudioCodec::Pcma;
    is_event = detail::iequals(r.encoding, "telephone-event");
    return std::nullopt;
  }
  // Static payload types need no rtpmap (RFC 3551).
  if (pt == 0) return AudioCodec::Pcmu;
  if (pt == 8) return AudioCodec::Pcma;
  return std::nullopt;
}

bool isRtpAvp(const std::string& proto) { return proto == "RTP/AVP" || proto == "RTP/AVPF"; }

void fillAddress(const Session& s, const Media& m, AudioInfo& info) {
  const std::optional<Connection>& c = m.connection ? m.connection : s.connection;
  if (c) {
    info.address = c->address;
    info.addr_type = c->addr_type;
    info.unspecified_address = detail::isUnspecifiedAddress(c->address);
  }
  info.port = m.port;
  info.rtcp_address = info.address;
  info.rtcp_port = static_cast<uint16_t>(m.port + 1);
  if (m.rtcp) {
    info.rtcp_port = m.rtcp->port;
    if (m.rtcp->connection) info.rtcp_address = m.rtcp->connection->address;
  }
}

}  // namespace

const char* codecName(AudioCodec c) { return c == AudioCodec::Pcmu ? "PCMU" : "PCMA"; }

Result<AudioInfo> findAudio(const Session& s) {
  std::string why = "no audio m= line";
  for (size_t i = 0; i < s.media.size(); ++i) {
    const Media& m = s.media[i];
    if (m.type != "audio") continue;
    if (m.port == 0) {
      why = "audio m= line is disabled (port 0)";
      continue;
    }
    if (!isRtpAvp(m.proto)) {
      why = "audio protocol " + m.proto + " is not supported (RTP/AVP only)";
      continue;
    }
    AudioInfo info;
    info.media_index = i;
    info.proto = m.proto;
    for (const auto& f : m.formats) {
      auto pt = detail::parseUint(f, 127);
      if (!pt) continue;
      bool is_event = false;
      auto codec = codecOf(m, static_cast<uint8_t>(*pt), is_event);
      if (codec) {
        info.codecs.push_back({*codec, static_cast<uint8_t>(*pt)});
      } else if (is_event && !info.telephone_event) {
        info.telephone_event = static_cast<uint8_t>(*pt);
        for (const auto& fmtp : m.fmtps) {
          if (fmtp.format == f) info.telephone_event_fmtp = fmtp.params;
        }
      }
    }
    if (info.codecs.empty()) {
      why = "no usable audio codec (PCMU or PCMA)";
      continue;
    }
    fillAddress(s, m, info);
    if (info.address.empty()) {
      why = "audio m= line has no c= address";
      continue;
    }
    info.ptime = m.ptime;
    Direction d = m.direction.value_or(s.direction.value_or(Direction::SendRecv));
    // RFC 2543 hold: "do not send to me".
    if (info.unspecified_address) d = makeDirection(sends(d), false);
    info.direction = d;
    return info;
  }
  return fail(Code::Invalid, why);
}

Direction makeDirection(bool send, bool receive) {
  if (send && receive) return Direction::SendRecv;
  if (send) return Direction::SendOnly;
  if (receive) return Direction::RecvOnly;
  return Direction::Inactive;
}

Direction reverse(Direction d) { return makeDirection(receives(d), sends(d)); }

Direction intersect(Direction a, Direction b) {
  return makeDirection(sends(a) && sends(b), receives(a) && receives(b));
}

}  // namespace hk::sdp
