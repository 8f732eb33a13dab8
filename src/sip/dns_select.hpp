#pragma once
// The pure parts of RFC 3263 §4.1-4.2: which NAPTR records a SIP client follows and in
// what order, and the order of SRV targets (RFC 2782: by priority, weighted random within
// one priority). No I/O; the random source is injected so tests can pin it.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sip/dns_message.hpp"
#include "sip/transport_types.hpp"

namespace hk::sip {

// A uniform random number in [0, bound] (both ends included).
using DnsRandom = std::function<uint32_t(uint32_t bound)>;
// A DnsRandom from a per-thread std::mt19937 seeded from std::random_device.
DnsRandom systemDnsRandom();

// SRV records in the order to try them: ascending priority; within one priority the RFC
// 2782 weighted draw (zero weights first in the running sum, so they are picked rarely).
// A lone record whose target is "." (the service is not offered) gives an empty list.
std::vector<SrvRecord> orderSrv(std::vector<SrvRecord> records, const DnsRandom& random);

struct NaptrChoice {
  TransportKind transport = TransportKind::Udp;
  std::string srv_name;  // the replacement: the SRV name to query
};

// The NAPTR records a SIP client follows: flag "s", service SIP+D2U (UDP) or SIP+D2T (TCP)
// among `allowed`, a replacement (no regexp), sorted by order then preference.
// Case-insensitive; anything else (SIPS+D2T, E2U, "a"/"u" flags) is ignored.
std::vector<NaptrChoice> selectNaptr(const std::vector<NaptrRecord>& records,
                                     const std::vector<TransportKind>& allowed);

// "_sip._udp.<domain>" / "_sip._tcp.<domain>".
std::string srvName(TransportKind t, const std::string& domain);

}  // namespace hk::sip
