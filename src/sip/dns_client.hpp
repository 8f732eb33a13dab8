#pragma once
// One DNS query at a time, blocking: for the resolver's worker threads only, never the
// loop. The system client asks glibc's resolver library (res_nquery) the servers of the
// setting sip.dns_servers, or those of /etc/resolv.conf when the list is empty.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sip/dns_message.hpp"

namespace hk::sip {

struct DnsServer {
  std::string ip;  // IPv4 literal
  uint16_t port = 53;
};

// "127.0.0.1:5353, 192.0.2.53" (commas and/or spaces; port 53 when none). Empty: none.
// IPv4 only (glibc's resolver takes IPv6 servers only from /etc/resolv.conf); at most 3.
Result<std::vector<DnsServer>> parseDnsServers(std::string_view list);

class DnsClient {
 public:
  virtual ~DnsClient() = default;
  // The answer to `name` `type`. A name or type with no record gives an answer with no
  // records (rcode 3 for NXDOMAIN); no server answering fails with Code::Unavailable.
  virtual Result<DnsAnswer> query(const std::string& name, DnsType type) = 0;
};

struct DnsClientConfig {
  std::vector<DnsServer> servers;   // empty: /etc/resolv.conf
  std::chrono::seconds timeout{2};  // per try, per server
  int attempts = 2;                 // tries per server
};

// Thread-safe (each query has its own resolver state).
std::unique_ptr<DnsClient> makeSystemDnsClient(DnsClientConfig config);

}  // namespace hk::sip
