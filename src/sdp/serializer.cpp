#include <string>

#include "sdp/detail/text.hpp"
#include "sdp/parser.hpp"

namespace hk::sdp {
namespace {

void line(std::string& out, char type, std::string_view value) {
  out += type;
  out += '=';
  out += value;
  out += "\r\n";
}

std::string connection(const Connection& c) {
  return std::string("IN ") + detail::addrTypeName(c.addr_type) + " " + c.address + c.suffix;
}

void attributes(std::string& out, const std::vector<Attribute>& attrs) {
  for (const auto& a : attrs) line(out, 'a', a.value ? a.name + ":" + *a.value : a.name);
}

void media(std::string& out, const Media& m) {
  std::string v = m.type + " " + std::to_string(m.port);
  if (m.port_count) v += "/" + std::to_string(*m.port_count);
  v += " " + m.proto;
  for (const auto& f : m.formats) v += " " + f;
  line(out, 'm', v);
  if (m.title) line(out, 'i', *m.title);
  if (m.connection) line(out, 'c', connection(*m.connection));
  for (const auto& b : m.bandwidths) line(out, 'b', b);
  for (const auto& r : m.rtpmaps) {
    std::string map = "rtpmap:" + std::to_string(r.payload_type) + " " + r.encoding + "/" +
                      std::to_string(r.clock_rate);
    if (!r.params.empty()) map += "/" + r.params;
    line(out, 'a', map);
  }
  for (const auto& f : m.fmtps) {
    line(out, 'a', f.params.empty() ? "fmtp:" + f.format : "fmtp:" + f.format + " " + f.params);
  }
  if (m.ptime) line(out, 'a', "ptime:" + std::to_string(*m.ptime));
  if (m.maxptime) line(out, 'a', "maxptime:" + std::to_string(*m.maxptime));
  if (m.rtcp) {
    std::string r = "rtcp:" + std::to_string(m.rtcp->port);
    if (m.rtcp->connection) r += " " + connection(*m.rtcp->connection);
    line(out, 'a', r);
  }
  attributes(out, m.attributes);
  if (m.direction) line(out, 'a', directionName(*m.direction));
}

}  // namespace

std::string serialize(const Session& s) {
  std::string out;
  out.reserve(512);
  line(out, 'v', "0");
  const Origin& o = s.origin;
  line(out, 'o',
       o.username + " " + o.session_id + " " + std::to_string(o.session_version) + " IN " +
           detail::addrTypeName(o.addr_type) + " " + o.address);
  line(out, 's', s.name.empty() ? std::string("-") : s.name);
  if (s.info) line(out, 'i', *s.info);
  if (s.uri) line(out, 'u', *s.uri);
  for (const auto& e : s.emails) line(out, 'e', e);
  for (const auto& p : s.phones) line(out, 'p', p);
  if (s.connection) line(out, 'c', connection(*s.connection));
  for (const auto& b : s.bandwidths) line(out, 'b', b);
  if (s.timings.empty()) line(out, 't', "0 0");
  for (const auto& t : s.timings)
    line(out, 't', std::to_string(t.start) + " " + std::to_string(t.stop));
  attributes(out, s.attributes);
  if (s.direction) line(out, 'a', directionName(*s.direction));
  for (const auto& m : s.media) media(out, m);
  return out;
}

const char* directionName(Direction d) {
  switch (d) {
    case Direction::SendRecv: return "sendrecv";
    case Direction::SendOnly: return "sendonly";
    case Direction::RecvOnly: return "recvonly";
    case Direction::Inactive: return "inactive";
  }
  return "sendrecv";
}

std::optional<Direction> parseDirection(std::string_view name) {
  if (name == "sendrecv") return Direction::SendRecv;
  if (name == "sendonly") return Direction::SendOnly;
  if (name == "recvonly") return Direction::RecvOnly;
  if (name == "inactive") return Direction::Inactive;
  return std::nullopt;
}

}  // namespace hk::sdp
