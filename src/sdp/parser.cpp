#include "sdp/parser.hpp"

#include <optional>
#include <string>

#include "sdp/detail/text.hpp"

namespace hk::sdp {
namespace {

using detail::parseUint;
using detail::splitWords;

Unexpected<Error> bad(size_t line, std::string msg) {
  return fail(Code::Invalid, std::move(msg), "line " + std::to_string(line));
}

bool hasControlChars(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return true;
  }
  return false;
}

Result<Connection> parseConnection(std::string_view v, size_t line) {
  auto w = splitWords(v);
  if (w.size() != 3 || w[0] != "IN") return bad(line, "c= must be 'IN <addrtype> <address>'");
  auto type = detail::parseAddrType(w[1]);
  if (!type) return bad(line, "unknown address type '" + std::string(w[1]) + "'");
  Connection c;
  c.addr_type = *type;
  std::string_view addr = w[2];
  if (auto slash = addr.find('/'); slash != std::string_view::npos) {
    std::string_view suffix = addr.substr(slash);
    addr = addr.substr(0, slash);
    size_t parts = 0;
    for (size_t i = 0; i < suffix.size();) {
      size_t next = suffix.find('/', i + 1);
      std::string_view part = suffix.substr(
          i + 1, next == std::string_view::npos ? std::string_view::npos : next - i - 1);
      if (!parseUint(part, 65535)) return bad(line, "bad multicast suffix in c=");
      ++parts;
      i = next == std::string_view::npos ? suffix.size() : next;
    }
    if (parts > (c.addr_type == AddrType::Ip4 ? 2u : 1u)) {
      return bad(line, "bad multicast suffix in c=");
    }
    c.suffix = std::string(suffix);
  }
  if (!detail::isValidAddress(c.addr_type, addr)) {
    return bad(line, "bad address '" + std::string(addr) + "'");
  }
  c.address = std::string(addr);
  return c;
}

Result<Origin> parseOrigin(std::string_view v, size_t line) {
  auto w = splitWords(v);
  if (w.size() != 6 || w[3] != "IN") {
    return bad(line, "o= must be '<user> <sess-id> <version> IN <addrtype> <address>'");
  }
  Origin o;
  if (hasControlChars(w[0])) return bad(line, "bad o= username");
  o.username = std::string(w[0]);
  for (char c : w[1]) {
    if (c < '0' || c > '9') return bad(line, "o= session id must be digits");
  }
  if (w[1].size() > 40) return bad(line, "o= session id too long");
  o.session_id = std::string(w[1]);
  // Versions are 64-bit here; a longer one cannot be incremented reliably.
  auto version = parseUint(w[2], UINT64_MAX);
  if (!version) return bad(line, "o= session version must be a 64-bit number");
  o.session_version = *version;
  auto type = detail::parseAddrType(w[4]);
  if (!type) return bad(line, "unknown address type '" + std::string(w[4]) + "'");
  o.addr_type = *type;
  if (!detail::isValidAddress(o.addr_type, w[5])) return bad(line, "bad o= address");
  o.address = std::string(w[5]);
  return o;
}

Result<Media> parseMediaLine(std::string_view v, size_t line, const Limits& limits) {
  auto w = splitWords(v);
  if (w.size() < 4) return bad(line, "m= must be '<media> <port> <proto> <fmt> ...'");
  Media m;
  if (!detail::isToken(w[0])) return bad(line, "bad media type");
  m.type = std::string(w[0]);
  std::string_view port = w[1];
  if (auto slash = port.find('/'); slash != std::string_view::npos) {
    auto count = parseUint(port.substr(slash + 1), 65535);
    if (!count || *count == 0) return bad(line, "bad port count in m=");
    m.port_count = static_cast<uint16_t>(*count);
    port = port.substr(0, slash);
  }
  auto p = parseUint(port, 65535);
  if (!p) return bad(line, "bad port in m=");
  m.port = static_cast<uint16_t>(*p);
  std::string_view proto = w[2];
  for (size_t i = 0, next; i <= proto.size(); i = next + 1) {
    next = proto.find('/', i);
    if (next == std::string_view::npos) next = proto.size();
    if (!detail::isToken(proto.substr(i, next - i))) return bad(line, "bad protocol in m=");
  }
  m.proto = std::string(proto);
  if (w.size() - 3 > limits.max_formats) {
    return fail(Code::TooLarge, "too many formats on one m= line", "line " + std::to_string(line));
  }
  bool rtp = proto.substr(0, 4) == "RTP/";
  for (size_t i = 3; i < w.size(); ++i) {
    if (rtp ? !parseUint(w[i], 127) : !detail::isToken(w[i])) {
      return bad(line, "bad format '" + std::string(w[i]) + "' in m=");
    }
    m.formats.emplace_back(w[i]);
  }
  return m;
}

Result<Rtpmap> parseRtpmap(std::string_view v, size_t line) {
  auto w = splitWords(v);
  if (w.size() != 2) return bad(line, "rtpmap must be '<pt> <encoding>/<rate>[/<params>]'");
  auto pt = parseUint(w[0], 127);
  if (!pt) return bad(line, "bad payload type in rtpmap");
  Rtpmap r;
  r.payload_type = static_cast<uint8_t>(*pt);
  std::string_view enc = w[1];
  size_t s1 = enc.find('/');
  if (s1 == std::string_view::npos) return bad(line, "rtpmap without clock rate");
  size_t s2 = enc.find('/', s1 + 1);
  std::string_view rate = enc.substr(s1 + 1, s2 == std::string_view::npos ? s2 : s2 - s1 - 1);
  auto clock = parseUint(rate, 10'000'000);
  if (!clock || *clock == 0) return bad(line, "bad clock rate in rtpmap");
  if (!detail::isToken(enc.substr(0, s1))) return bad(line, "bad encoding name in rtpmap");
  r.encoding = std::string(enc.substr(0, s1));
  r.clock_rate = static_cast<uint32_t>(*clock);
  if (s2 != std::string_view::npos) {
    r.params = std::string(enc.substr(s2 + 1));
    if (!detail::isToken(r.params)) return bad(line, "bad encoding parameters in rtpmap");
  }
  return r;
}

Result<Rtcp> parseRtcp(std::string_view v, size_t line) {
  auto w = splitWords(v);
  if (w.empty()) return bad(line, "rtcp without port");
  auto port = parseUint(w[0], 65535);
  if (!port) return bad(line, "bad port in rtcp");
  Rtcp r;
  r.port = static_cast<uint16_t>(*port);
  if (w.size() > 1) {
    auto c = parseConnection(v.substr(static_cast<size_t>(w[1].data() - v.data())), line);
    if (!c) return c.error();
    r.connection = std::move(*c);
  }
  return r;
}

class Parser {
 public:
  explicit Parser(const Limits& limits) : limits_(limits) {}

  Status line(char type, std::string_view value, size_t no);
  Result<Session> finish();

 private:
  Status sessionLine(char type, std::string_view value, size_t no);
  Status mediaLine(char type, std::string_view value, size_t no);
  Status attribute(std::string_view value, size_t no);
  Status mediaAttribute(Media& m, std::string_view name, std::optional<std::string_view> value,
                        size_t no);
  Status setDirection(std::optional<Direction>& slot, Direction d, size_t no);

  const Limits& limits_;
  Session s_;
  int state_ = 0;  // 0: expect v=, 1: expect o=, 2: expect s=, 3: session body, 4: media
  size_t attributes_ = 0;
};

Status Parser::line(char type, std::string_view value, size_t no) {
  switch (state_) {
    case 0:
      if (type != 'v') return bad(no, "SDP must start with v=");
      if (value != "0") return bad(no, "unsupported SDP version '" + std::string(value) + "'");
      state_ = 1;
      return ok();
    case 1: {
      if (type != 'o') return bad(no, "o= must follow v=");
      auto o = parseOrigin(value, no);
      if (!o) return o.error();
      s_.origin = std::move(*o);
      state_ = 2;
      return ok();
    }
    case 2:
      if (type != 's') return bad(no, "s= must follow o=");
      // RFC 4566 wants "s= " (a space) when there is no name; some peers send nothing.
      if (hasControlChars(value)) return bad(no, "bad s=");
      s_.name = std::string(value);
      state_ = 3;
      return ok();
    case 3: return sessionLine(type, value, no);
    default: return mediaLine(type, value, no);
  }
}

Status Parser::sessionLine(char type, std::string_view value, size_t no) {
  switch (type) {
    case 'v':
    case 'o':
    case 's': return bad(no, std::string(1, type) + "= may appear only once");
    case 'i': s_.info = std::string(value); return ok();
    case 'u': s_.uri = std::string(value); return ok();
    case 'e': s_.emails.emplace_back(value); return ok();
    case 'p': s_.phones.emplace_back(value); return ok();
    case 'b': s_.bandwidths.emplace_back(value); return ok();
    case 'c': {
      if (s_.connection) return bad(no, "more than one session c=");
      auto c = parseConnection(value, no);
      if (!c) return c.error();
      s_.connection = std::move(*c);
      return ok();
    }
    case 't': {
      auto w = splitWords(value);
      auto start = w.size() == 2 ? parseUint(w[0], UINT64_MAX) : std::nullopt;
      auto stop = w.size() == 2 ? parseUint(w[1], UINT64_MAX) : std::nullopt;
      if (!start || !stop) return bad(no, "t= must be '<start> <stop>'");
      if (s_.timings.size() >= 8) return fail(Code::TooLarge, "too many t= lines");
      s_.timings.push_back({*start, *stop});
      return ok();
    }
    case 'a': return attribute(value, no);
    case 'm': {
      if (s_.media.size() >= limits_.max_media) {
        return fail(Code::TooLarge, "too many m= sections", "line " + std::to_string(no));
      }
      auto m = parseMediaLine(value, no, limits_);
      if (!m) return m.error();
      s_.media.push_back(std::move(*m));
      state_ = 4;
      attributes_ = 0;
      return ok();
    }
    default: return ok();  // r=, z=, k= and unknown types: skipped
  }
}

Status Parser::mediaLine(char type, std::string_view value, size_t no) {
  Media& m = s_.media.back();
  switch (type) {
    case 'm': return sessionLine(type, value, no);
    case 'i': m.title = std::string(value); return ok();
    case 'b': m.bandwidths.emplace_back(value); return ok();
    case 'c': {
      if (m.connection) return bad(no, "more than one c= in a media section");
      auto c = parseConnection(value, no);
      if (!c) return c.error();
      m.connection = std::move(*c);
      return ok();
    }
    case 'a': return attribute(value, no);
    case 'k': return ok();
    case 'v':
    case 'o':
    case 's':
    case 't':
    case 'u':
    case 'e':
    case 'p':
    case 'r':
    case 'z': return bad(no, std::string(1, type) + "= is not allowed in a media section");
    default: return ok();
  }
}

Status Parser::setDirection(std::optional<Direction>& slot, Direction d, size_t no) {
  if (slot && *slot != d) return bad(no, "conflicting direction attributes");
  slot = d;
  return ok();
}

Status Parser::attribute(std::string_view value, size_t no) {
  if (++attributes_ > limits_.max_attributes) {
    return fail(Code::TooLarge, "too many a= lines in one section", "line " + std::to_string(no));
  }
  size_t colon = value.find(':');
  std::string_view name = value.substr(0, colon);
  if (!detail::isToken(name)) return bad(no, "bad attribute name");
  std::optional<std::string_view> v;
  if (colon != std::string_view::npos) v = value.substr(colon + 1);
  if (auto d = parseDirection(name); d && !v) {
    return setDirection(state_ == 4 ? s_.media.back().direction : s_.direction, *d, no);
  }
  if (state_ == 4) return mediaAttribute(s_.media.back(), name, v, no);
  s_.attributes.push_back({std::string(name), v ? std::optional<std::string>(*v) : std::nullopt});
  return ok();
}

Status Parser::mediaAttribute(Media& m, std::string_view name,
                              std::optional<std::string_view> value, size_t no) {
  std::string_view v = value.value_or(std::string_view{});
  if (name == "rtpmap") {
    auto r = parseRtpmap(v, no);
    if (!r) return r.error();
    for (const auto& other : m.rtpmaps) {
      if (other.payload_type == r->payload_type) return bad(no, "duplicate rtpmap");
    }
    m.rtpmaps.push_back(std::move(*r));
  } else if (name == "fmtp") {
    size_t sp = v.find_first_of(" \t");
    std::string_view format = v.substr(0, sp);
    if (!detail::isToken(format)) return bad(no, "bad format in fmtp");
    std::string_view params = sp == std::string_view::npos ? std::string_view{} : v.substr(sp);
    while (!params.empty() && (params.front() == ' ' || params.front() == '\t')) {
      params.remove_prefix(1);
    }
    m.fmtps.push_back({std::string(format), std::string(params)});
  } else if (name == "ptime" || name == "maxptime") {
    auto ms = parseUint(v, 10'000);
    if (!ms || *ms == 0) return bad(no, "bad " + std::string(name));
    (name == "ptime" ? m.ptime : m.maxptime) = static_cast<uint32_t>(*ms);
  } else if (name == "rtcp") {
    auto r = parseRtcp(v, no);
    if (!r) return r.error();
    m.rtcp = std::move(*r);
  } else {
    m.attributes.push_back(
        {std::string(name), value ? std::optional<std::string>(*value) : std::nullopt});
  }
  return ok();
}

Result<Session> Parser::finish() {
  if (state_ < 3) return fail(Code::Invalid, "SDP ends before v=, o= and s=");
  if (s_.timings.empty()) s_.timings.push_back({});
  return std::move(s_);
}

}  // namespace

Result<Session> parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) return fail(Code::TooLarge, "SDP body too large");
  Parser parser(limits);
  size_t no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++no;
    if (no > limits.max_lines) return fail(Code::TooLarge, "too many SDP lines");
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > limits.max_line) {
      return fail(Code::TooLarge, "SDP line too long", "line " + std::to_string(no));
    }
    if (line.empty()) continue;
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
      return bad(no, "SDP lines must look like '<letter>=<value>'");
    }
    if (hasControlChars(line)) return bad(no, "control character in SDP line");
    Status st = parser.line(line[0], line.substr(2), no);
    if (!st) return st.error();
  }
  return parser.finish();
}

}  // namespace hk::sdp
