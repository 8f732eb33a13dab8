#include "rtp/translate.hpp"

#include "rtp/g711.hpp"
#include "rtp/telephone_event.hpp"

namespace hk::rtp {

const char* codecName(Codec c) { return c == Codec::Pcmu ? "PCMU" : "PCMA"; }

PayloadKind classify(uint8_t payload_type, const LegFormat& leg) {
  if (payload_type == leg.payload_type) return PayloadKind::Audio;
  if (leg.telephone_event && payload_type == *leg.telephone_event) return PayloadKind::Event;
  return PayloadKind::Other;
}

std::span<const uint8_t> translate(std::span<uint8_t> datagram, const RtpPacketView& view,
                                   PayloadKind kind, const LegFormat& in, const LegFormat& out,
                                   OutboundStream& stream, MonoTime now) {
  const RtpHeader& src = view.header;
  uint8_t pt;
  if (kind == PayloadKind::Audio) {
    pt = out.payload_type;
  } else if (kind == PayloadKind::Event && out.telephone_event) {
    pt = *out.telephone_event;
  } else {
    stream.skip(src.ssrc, src.sequence);
    return {};
  }
  // The new header goes right before the payload: it is never longer than the old one.
  size_t start = view.payload_offset - kRtpHeaderSize;
  size_t size = kRtpHeaderSize + view.payload.size();
  uint8_t* payload = datagram.data() + view.payload_offset;
  if (kind == PayloadKind::Audio && in.codec != out.codec) {
    if (in.codec == Codec::Pcmu) {
      g711::ulawToAlaw(payload, payload, view.payload.size());
    } else {
      g711::alawToUlaw(payload, payload, view.payload.size());
    }
  }
  auto stamp = stream.map(src.ssrc, src.sequence, src.timestamp, src.marker, now);
  RtpHeader h;
  h.marker = stamp.marker;
  h.payload_type = pt;
  h.sequence = stamp.sequence;
  h.timestamp = stamp.timestamp;
  h.ssrc = stream.ssrc();
  writeRtpHeader(h, datagram.subspan(start, kRtpHeaderSize));
  return datagram.subspan(start, size);
}

std::optional<char> DigitTracker::onPacket(uint32_t ssrc, uint32_t timestamp,
                                           std::span<const uint8_t> payload) {
  auto ev = parseTelephoneEvent(payload);
  if (!ev) return std::nullopt;
  // RFC 4733 §2.5.1: all packets of one event carry its start timestamp.
  if (any_ && ssrc == ssrc_ && timestamp == timestamp_ && ev->event == event_) return std::nullopt;
  // A late packet of an earlier event (a retransmitted end arriving after the next began).
  if (any_ && ssrc == ssrc_ && static_cast<int32_t>(timestamp - timestamp_) < 0) {
    return std::nullopt;
  }
  any_ = true;
  ssrc_ = ssrc;
  timestamp_ = timestamp;
  event_ = ev->event;
  return eventDigit(ev->event);
}

}  // namespace hk::rtp
