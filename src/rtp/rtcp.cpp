#include "rtp/rtcp.hpp"

#include "rtp/detail/bytes.hpp"

namespace hk::rtp {
namespace {

using detail::get16;
using detail::get32;
using detail::put16;
using detail::put32;

constexpr uint8_t kSr = 200, kRr = 201, kSdes = 202, kBye = 203;

void header(std::vector<uint8_t>& out, size_t at, uint8_t count, uint8_t type) {
  size_t words = (out.size() - at) / 4 - 1;
  out[at] = static_cast<uint8_t>(0x80 | (count & 0x1f));
  out[at + 1] = type;
  put16(out.data() + at + 2, static_cast<uint16_t>(words));
}

void append32(std::vector<uint8_t>& out, uint32_t v) {
  size_t at = out.size();
  out.resize(at + 4);
  put32(out.data() + at, v);
}

ReportBlock readBlock(const uint8_t* p) {
  ReportBlock b;
  b.ssrc = get32(p);
  b.fraction_lost = p[4];
  uint32_t cum = static_cast<uint32_t>(p[5]) << 16 | static_cast<uint32_t>(p[6]) << 8 | p[7];
  b.cumulative_lost =
      (cum & 0x800000) ? static_cast<int32_t>(cum) - 0x1000000 : static_cast<int32_t>(cum);
  b.highest_seq = get32(p + 8);
  b.jitter = get32(p + 12);
  b.lsr = get32(p + 16);
  b.dlsr = get32(p + 20);
  return b;
}

std::string readCname(const uint8_t* p, size_t len) {
  // One chunk is enough: SSRC, then items (type, length, text) up to a zero type.
  size_t i = 4;
  while (i + 2 <= len && p[i] != 0) {
    uint8_t type = p[i];
    size_t n = p[i + 1];
    if (i + 2 + n > len) break;
    if (type == 1) return std::string(reinterpret_cast<const char*>(p + i + 2), n);
    i += 2 + n;
  }
  return {};
}

}  // namespace

std::vector<uint8_t> buildRtcp(const RtcpReport& r) {
  std::vector<uint8_t> out;
  out.reserve(128);
  size_t count = r.blocks.size() > 31 ? 31 : r.blocks.size();
  out.resize(4);
  append32(out, r.ssrc);
  if (r.sender) {
    append32(out, static_cast<uint32_t>(r.sender->ntp >> 32));
    append32(out, static_cast<uint32_t>(r.sender->ntp));
    append32(out, r.sender->rtp_timestamp);
    append32(out, r.sender->packets);
    append32(out, r.sender->octets);
  }
  for (size_t i = 0; i < count; ++i) {
    const ReportBlock& b = r.blocks[i];
    append32(out, b.ssrc);
    uint32_t cum = static_cast<uint32_t>(b.cumulative_lost) & 0xffffff;
    append32(out, static_cast<uint32_t>(b.fraction_lost) << 24 | cum);
    append32(out, b.highest_seq);
    append32(out, b.jitter);
    append32(out, b.lsr);
    append32(out, b.dlsr);
  }
  header(out, 0, static_cast<uint8_t>(count), r.sender ? kSr : kRr);
  // SDES: one chunk with CNAME, then a null item, padded to 32 bits.
  size_t sdes = out.size();
  out.resize(sdes + 4);
  append32(out, r.ssrc);
  size_t n = r.cname.size() > 255 ? 255 : r.cname.size();
  out.push_back(1);
  out.push_back(static_cast<uint8_t>(n));
  out.insert(out.end(), r.cname.begin(), r.cname.begin() + static_cast<std::ptrdiff_t>(n));
  do {
    out.push_back(0);
  } while (out.size() % 4 != 0);
  header(out, sdes, 1, kSdes);
  return out;
}

Result<RtcpReport> parseRtcp(std::span<const uint8_t> data) {
  RtcpReport r;
  bool first = true;
  size_t off = 0;
  while (off < data.size()) {
    if (data.size() - off < 4) return fail(Code::Invalid, "RTCP packet cut short");
    const uint8_t* p = data.data() + off;
    if (p[0] >> 6 != 2) return fail(Code::Invalid, "RTCP version is not 2");
    size_t len = (static_cast<size_t>(get16(p + 2)) + 1) * 4;
    if (len > data.size() - off) return fail(Code::Invalid, "RTCP length past the datagram");
    uint8_t type = p[1];
    uint8_t count = p[0] & 0x1f;
    if (first && type != kSr && type != kRr) {
      return fail(Code::Invalid, "compound RTCP must start with SR or RR");
    }
    if (type == kSr || type == kRr) {
      size_t fixed = type == kSr ? 28 : 8;
      if (len < fixed + 24u * count) return fail(Code::Invalid, "RTCP report blocks cut short");
      if (first) {
        r.ssrc = get32(p + 4);
        if (type == kSr) {
          r.sender = SenderInfo{static_cast<uint64_t>(get32(p + 8)) << 32 | get32(p + 12),
                                get32(p + 16), get32(p + 20), get32(p + 24)};
        }
        for (size_t i = 0; i < count; ++i) r.blocks.push_back(readBlock(p + fixed + 24 * i));
      }
    } else if (type == kSdes && count > 0 && len >= 8 && r.cname.empty()) {
      r.cname = readCname(p + 4, len - 4);
    } else if (type == kBye) {
      r.bye = true;
    }
    first = false;
    off += len;
  }
  if (first) return fail(Code::Invalid, "empty RTCP packet");
  return r;
}

uint64_t toNtp(WallTime t) {
  constexpr uint64_t kUnixToNtp = 2'208'988'800ull;  // seconds from 1900 to 1970
  int64_t ms = toMillis(t);
  uint64_t secs = static_cast<uint64_t>(ms / 1000) + kUnixToNtp;
  uint64_t frac = (static_cast<uint64_t>(ms % 1000) << 32) / 1000;
  return secs << 32 | frac;
}

}  // namespace hk::rtp
