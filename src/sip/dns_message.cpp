#include "sip/dns_message.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <optional>

namespace hk::sip {
namespace {

constexpr uint16_t kClassIn = 1;
constexpr uint16_t kTypeSoa = 6;
constexpr size_t kMaxName = 255;
constexpr int kMaxPointerHops = 64;
constexpr uint32_t kMaxTtl = 0x7fffffff;

hk::Error bad(std::string what) { return hk::Error::invalid("bad DNS answer: " + what); }

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : b_(b) {}

  size_t pos() const { return pos_; }
  void seek(size_t p) { pos_ = p; }
  bool has(size_t n, size_t end) const { return pos_ <= end && end - pos_ >= n; }

  std::optional<uint16_t> u16(size_t end) {
    if (!has(2, end)) return std::nullopt;
    uint16_t v = static_cast<uint16_t>((b_[pos_] << 8) | b_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::optional<uint32_t> u32(size_t end) {
    auto hi = u16(end);
    if (!hi) return std::nullopt;
    auto lo = u16(end);
    if (!lo) return std::nullopt;
    return (static_cast<uint32_t>(*hi) << 16) | *lo;
  }
  // A <character-string>: one length byte, then that many bytes.
  std::optional<std::string> chars(size_t end) {
    if (!has(1, end)) return std::nullopt;
    size_t len = b_[pos_];
    if (!has(1 + len, end)) return std::nullopt;
    std::string s(reinterpret_cast<const char*>(b_.data() + pos_ + 1), len);
    pos_ += 1 + len;
    return s;
  }
  // A domain name, compression pointers followed (strictly backwards, so it ends); the
  // in-place part must end by `end`. Root: "".
  std::optional<std::string> name(size_t end) {
    std::string out;
    size_t p = pos_;
    size_t after = 0;
    bool jumped = false;
    int hops = 0;
    size_t total = 1;
    for (;;) {
      if (p >= b_.size()) return std::nullopt;
      uint8_t len = b_[p];
      if ((len & 0xC0) == 0xC0) {
        if (p + 1 >= b_.size()) return std::nullopt;
        size_t to = (static_cast<size_t>(len & 0x3F) << 8) | b_[p + 1];
        if (!jumped) after = p + 2;
        jumped = true;
        if (to >= p || ++hops > kMaxPointerHops) return std::nullopt;
        p = to;
        continue;
      }
      if ((len & 0xC0) != 0) return std::nullopt;  // extended label types: not used
      if (len == 0) {
        if (!jumped) after = p + 1;
        break;
      }
      if (p + 1 + len > b_.size()) return std::nullopt;
      total += len + 1;
      if (total > kMaxName) return std::nullopt;
      if (!out.empty()) out += '.';
      for (size_t i = 0; i < len; ++i) {
        char c = static_cast<char>(b_[p + 1 + i]);
        if (c == '.' || static_cast<unsigned char>(c) < 0x21 || c == 0x7f) return std::nullopt;
        out += c;
      }
      p += 1 + len;
    }
    if (after > end) return std::nullopt;
    pos_ = after;
    return out;
  }

  std::span<const uint8_t> bytes(size_t at, size_t n) const { return b_.subspan(at, n); }

 private:
  std::span<const uint8_t> b_;
  size_t pos_ = 0;
};

// The data of one record of a known type; false when it does not fit.
bool parseData(Reader& r, size_t end, DnsRecord& rec, std::span<const uint8_t> rdata) {
  switch (static_cast<DnsType>(rec.type)) {
    case DnsType::A:
    case DnsType::Aaaa: {
      bool v4 = rec.type == static_cast<uint16_t>(DnsType::A);
      if (rdata.size() != (v4 ? 4u : 16u)) return false;
      char buf[INET6_ADDRSTRLEN] = {};
      if (!::inet_ntop(v4 ? AF_INET : AF_INET6, rdata.data(), buf, sizeof buf)) return false;
      rec.address = buf;
      return true;
    }
    case DnsType::Srv: {
      auto pri = r.u16(end);
      auto w = r.u16(end);
      auto port = r.u16(end);
      if (!pri || !w || !port) return false;
      auto target = r.name(end);
      if (!target || r.pos() != end) return false;
      rec.srv = SrvRecord{*pri, *w, *port, target->empty() ? "." : *target};
      return true;
    }
    case DnsType::Naptr: {
      auto order = r.u16(end);
      auto pref = r.u16(end);
      if (!order || !pref) return false;
      auto flags = r.chars(end);
      auto service = flags ? r.chars(end) : std::nullopt;
      auto regexp = service ? r.chars(end) : std::nullopt;
      auto repl = regexp ? r.name(end) : std::nullopt;
      if (!repl || r.pos() != end) return false;
      rec.naptr = NaptrRecord{*order, *pref, *flags, *service, *regexp, *repl};
      return true;
    }
    default: return true;
  }
}

bool known(uint16_t type) {
  switch (static_cast<DnsType>(type)) {
    case DnsType::A:
    case DnsType::Aaaa:
    case DnsType::Srv:
    case DnsType::Naptr: return true;
    default: return false;
  }
}

}  // namespace

std::vector<const DnsRecord*> DnsAnswer::of(DnsType type) const {
  std::vector<const DnsRecord*> out;
  for (const auto& r : answers) {
    if (r.type == static_cast<uint16_t>(type)) out.push_back(&r);
  }
  return out;
}

Result<DnsAnswer> parseDnsAnswer(std::span<const uint8_t> bytes) {
  Reader r(bytes);
  const size_t n = bytes.size();
  DnsAnswer out;
  auto id = r.u16(n);
  auto flags = r.u16(n);
  auto qd = r.u16(n);
  auto an = r.u16(n);
  auto ns = r.u16(n);
  auto ar = r.u16(n);
  if (!id || !flags || !qd || !an || !ns || !ar) return bad("shorter than its header");
  if ((*flags & 0x8000) == 0) return bad("not a response");
  out.id = *id;
  out.truncated = (*flags & 0x0200) != 0;
  out.rcode = *flags & 0x000F;
  for (uint16_t i = 0; i < *qd; ++i) {
    if (!r.name(n) || !r.u16(n) || !r.u16(n)) return bad("question section cut short");
  }
  const size_t sections[3] = {*an, *ns, *ar};
  for (int s = 0; s < 3; ++s) {
    for (size_t i = 0; i < sections[s]; ++i) {
      DnsRecord rec;
      auto owner = r.name(n);
      auto type = owner ? r.u16(n) : std::nullopt;
      auto cls = type ? r.u16(n) : std::nullopt;
      auto ttl = cls ? r.u32(n) : std::nullopt;
      auto len = ttl ? r.u16(n) : std::nullopt;
      if (!len || !r.has(*len, n)) return bad("record cut short");
      size_t start = r.pos();
      size_t end = start + *len;
      rec.name = *owner;
      rec.type = *type;
      rec.ttl = *ttl > kMaxTtl ? 0 : *ttl;  // RFC 2181 §8
      if (*cls == kClassIn && s == 1 && *type == kTypeSoa) {
        // mname, rname, serial, refresh, retry, expire, minimum (RFC 2308 §5)
        if (!r.name(end) || !r.name(end)) return bad("SOA record");
        for (int k = 0; k < 4; ++k) {
          if (!r.u32(end)) return bad("SOA record");
        }
        auto minimum = r.u32(end);
        if (!minimum) return bad("SOA record");
        out.soa_minimum = std::min(rec.ttl, std::min(*minimum, kMaxTtl));
      } else if (*cls == kClassIn && s != 1 && known(*type)) {
        if (!parseData(r, end, rec, r.bytes(start, *len))) {
          return bad("record of type " + std::to_string(*type) + " for " + rec.name);
        }
        (s == 0 ? out.answers : out.additional).push_back(std::move(rec));
      }
      r.seek(end);
    }
  }
  return out;
}

}  // namespace hk::sip
