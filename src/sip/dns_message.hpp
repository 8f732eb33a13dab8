#pragma once
// DNS answers as they come off the wire (RFC 1035 §4, SRV RFC 2782, NAPTR RFC 3403), parsed
// with a bounds check on every read: a hostile or broken answer is an error, never a crash.
// Only what RFC 3263 needs is kept: A, AAAA, SRV and NAPTR records (others are skipped).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace hk::sip {

enum class DnsType : uint16_t { A = 1, Cname = 5, Aaaa = 28, Srv = 33, Naptr = 35 };

struct SrvRecord {
  uint16_t priority = 0;
  uint16_t weight = 0;
  uint16_t port = 0;
  std::string target;  // without the trailing dot; "." (no service) is kept as "."
};

struct NaptrRecord {
  uint16_t order = 0;
  uint16_t preference = 0;
  std::string flags;
  std::string service;
  std::string regexp;
  std::string replacement;  // without the trailing dot
};

struct DnsRecord {
  std::string name;  // owner name, without the trailing dot
  uint16_t type = 0;
  uint32_t ttl = 0;
  std::string address;  // A / AAAA as text (IPv6 without brackets)
  SrvRecord srv;
  NaptrRecord naptr;
};

struct DnsAnswer {
  uint16_t id = 0;
  int rcode = 0;  // 0 NOERROR, 3 NXDOMAIN, ...
  bool truncated = false;
  std::vector<DnsRecord> answers;     // answer section, known types only
  std::vector<DnsRecord> additional;  // additional section, known types only
  uint32_t soa_minimum = 0;           // negative-caching TTL from an SOA in authority, if any

  // Answers of `type` (owner names are not checked: CNAME chains are followed by the server).
  std::vector<const DnsRecord*> of(DnsType type) const;
};

// Parses a whole DNS response message. Records of other types are skipped; a record whose
// data does not fit its type fails the whole answer (Code::Invalid).
Result<DnsAnswer> parseDnsAnswer(std::span<const uint8_t> bytes);

}  // namespace hk::sip
