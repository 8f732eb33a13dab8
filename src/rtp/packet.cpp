#include "rtp/packet.hpp"

#include "rtp/detail/bytes.hpp"

namespace hk::rtp {

using detail::get16;
using detail::get32;
using detail::put16;
using detail::put32;

Result<RtpPacketView> parseRtp(std::span<const uint8_t> data) {
  if (data.size() < kRtpHeaderSize) return fail(Code::Invalid, "RTP packet shorter than 12 bytes");
  const uint8_t* p = data.data();
  if (p[0] >> 6 != 2) return fail(Code::Invalid, "RTP version is not 2");
  RtpPacketView v;
  bool padding = (p[0] & 0x20) != 0;
  v.has_extension = (p[0] & 0x10) != 0;
  v.header.csrc_count = p[0] & 0x0f;
  v.header.marker = (p[1] & 0x80) != 0;
  v.header.payload_type = p[1] & 0x7f;
  v.header.sequence = get16(p + 2);
  v.header.timestamp = get32(p + 4);
  v.header.ssrc = get32(p + 8);
  size_t off = kRtpHeaderSize + 4u * v.header.csrc_count;
  if (off > data.size()) return fail(Code::Invalid, "RTP CSRC list longer than the packet");
  for (size_t i = 0; i < v.header.csrc_count; ++i) v.header.csrcs[i] = get32(p + 12 + 4 * i);
  if (v.has_extension) {
    if (off + 4 > data.size()) return fail(Code::Invalid, "RTP extension header cut short");
    v.extension_profile = get16(p + off);
    size_t words = get16(p + off + 2);
    off += 4;
    if (off + 4 * words > data.size()) return fail(Code::Invalid, "RTP extension cut short");
    v.extension = data.subspan(off, 4 * words);
    off += 4 * words;
  }
  size_t end = data.size();
  if (padding) {
    uint8_t count = data[end - 1];
    if (count == 0 || count > end - off) return fail(Code::Invalid, "bad RTP padding count");
    v.padding = count;
    end -= count;
  }
  v.payload_offset = off;
  v.payload = data.subspan(off, end - off);
  return v;
}

size_t writeRtpHeader(const RtpHeader& h, std::span<uint8_t> out) {
  size_t n = kRtpHeaderSize + 4u * (h.csrc_count & 0x0f);
  if (out.size() < n) return 0;
  uint8_t* p = out.data();
  p[0] = static_cast<uint8_t>(0x80 | (h.csrc_count & 0x0f));
  p[1] = static_cast<uint8_t>((h.marker ? 0x80 : 0) | (h.payload_type & 0x7f));
  put16(p + 2, h.sequence);
  put32(p + 4, h.timestamp);
  put32(p + 8, h.ssrc);
  for (size_t i = 0; i < (h.csrc_count & 0x0fu); ++i) put32(p + 12 + 4 * i, h.csrcs[i]);
  return n;
}

std::vector<uint8_t> buildRtp(const RtpHeader& h, std::span<const uint8_t> payload, uint8_t padding,
                              uint16_t extension_profile, std::span<const uint8_t> extension,
                              bool has_extension) {
  std::vector<uint8_t> out(kRtpHeaderSize + 4u * (h.csrc_count & 0x0f));
  writeRtpHeader(h, out);
  if (has_extension) {
    out[0] |= 0x10;
    size_t at = out.size();
    out.resize(at + 4);
    put16(out.data() + at, extension_profile);
    put16(out.data() + at + 2, static_cast<uint16_t>(extension.size() / 4));
    out.insert(out.end(), extension.begin(), extension.end());
  }
  out.insert(out.end(), payload.begin(), payload.end());
  if (padding > 0) {
    out[0] |= 0x20;
    out.insert(out.end(), padding - 1u, 0);
    out.push_back(padding);
  }
  return out;
}

}  // namespace hk::rtp
