#pragma once
// The SDP model (RFC 4566): what parse() produces and serialize() writes. Only the fields
// Hankyo acts on are typed; every other attribute is kept as it came (name and value).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hk::sdp {

enum class AddrType { Ip4, Ip6 };

// RFC 3264 §5.1 direction attributes (a=sendrecv...), from the point of view of whoever
// wrote the SDP.
enum class Direction { SendRecv, SendOnly, RecvOnly, Inactive };

struct Origin {  // o=<username> <sess-id> <sess-version> IN <addrtype> <address>
  std::string username = "-";
  std::string session_id = "0";  // digits, kept as text (some peers exceed 64 bits)
  uint64_t session_version = 0;
  AddrType addr_type = AddrType::Ip4;
  std::string address;
  bool operator==(const Origin&) const = default;
};

struct Connection {  // c=IN <addrtype> <address>[/<ttl>][/<count>]
  AddrType addr_type = AddrType::Ip4;
  std::string address;
  std::string suffix;  // "/127" or "/127/3" for multicast, as written; usually empty
  bool operator==(const Connection&) const = default;
};

struct Timing {  // t=<start> <stop>
  uint64_t start = 0;
  uint64_t stop = 0;
  bool operator==(const Timing&) const = default;
};

struct Rtpmap {  // a=rtpmap:<pt> <encoding>/<clock rate>[/<params>]
  uint8_t payload_type = 0;
  std::string encoding;  // as written ("PCMU", "telephone-event"); compare case-insensitively
  uint32_t clock_rate = 0;
  std::string params;  // channels, usually empty
  bool operator==(const Rtpmap&) const = default;
};

struct Fmtp {  // a=fmtp:<format> <parameters>
  std::string format;
  std::string params;
  bool operator==(const Fmtp&) const = default;
};

struct Rtcp {  // a=rtcp:<port> [IN <addrtype> <address>] (RFC 3605)
  uint16_t port = 0;
  std::optional<Connection> connection;
  bool operator==(const Rtcp&) const = default;
};

struct Attribute {  // any other a= line: a=<name> or a=<name>:<value>
  std::string name;
  std::optional<std::string> value;
  bool operator==(const Attribute&) const = default;
};

struct Media {       // m=<type> <port>[/<count>] <proto> <fmt> ...
  std::string type;  // audio, video, image, application...
  uint16_t port = 0;
  std::optional<uint16_t> port_count;
  std::string proto;                 // RTP/AVP, RTP/SAVP, udptl...
  std::vector<std::string> formats;  // payload types for RTP, "t38" for udptl
  std::optional<std::string> title;  // i=
  std::optional<Connection> connection;
  std::vector<std::string> bandwidths;  // b= values ("AS:64")
  std::vector<Rtpmap> rtpmaps;
  std::vector<Fmtp> fmtps;
  std::optional<uint32_t> ptime;
  std::optional<uint32_t> maxptime;
  std::optional<Direction> direction;
  std::optional<Rtcp> rtcp;
  std::vector<Attribute> attributes;
  bool operator==(const Media&) const = default;
};

struct Session {
  Origin origin;
  std::string name = "-";           // s=
  std::optional<std::string> info;  // i=
  std::optional<std::string> uri;   // u=
  std::vector<std::string> emails;  // e=
  std::vector<std::string> phones;  // p=
  std::optional<Connection> connection;
  std::vector<std::string> bandwidths;
  std::vector<Timing> timings;  // at least one when serialized ("t=0 0" when empty)
  std::optional<Direction> direction;
  std::vector<Attribute> attributes;
  std::vector<Media> media;
  bool operator==(const Session&) const = default;
};

const char* directionName(Direction d);  // "sendrecv", ...
std::optional<Direction> parseDirection(std::string_view name);

}  // namespace hk::sdp
