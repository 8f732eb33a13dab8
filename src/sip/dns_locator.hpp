#pragma once
// RFC 3263 §4 for an outbound SIP host: the ordered list of (transport, address, port) to
// try. A host with an explicit port or an IP literal: A/AAAA only. Otherwise NAPTR
// (SIP+D2U / SIP+D2T among the allowed transports) -> SRV (or _sip._udp / _sip._tcp when
// there is no usable NAPTR) -> A/AAAA of each SRV target, in RFC 2782 order; no SRV at all:
// A/AAAA of the host on 5060. Answers are cached for their own TTL (capped). Blocking: runs
// on a worker; thread-safe.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "sip/dns_client.hpp"
#include "sip/dns_select.hpp"
#include "sip/transport_types.hpp"

namespace hk::sip {

struct LocateRequest {
  std::string host;              // name or IP literal (brackets allowed)
  std::optional<uint16_t> port;  // explicit port: no NAPTR/SRV
  // Transports the peer may be reached over, in our order of preference (not empty).
  std::vector<TransportKind> transports{TransportKind::Udp};
};

// One place to try.
struct Located {
  TransportKind transport = TransportKind::Udp;
  std::string address;  // IP literal, IPv6 without brackets
  uint16_t port = 5060;
  std::string name;  // the name whose A/AAAA gave the address (an SRV target, or the host)
  std::string how;   // "NAPTR+SRV", "SRV", "A" (what led there), for logs and call rows
  // From an SRV record: its priority and weight, and which SRV answer of the lookup it
  // came from (-1: not from SRV), so that each call can draw the weights again.
  uint16_t priority = 0;
  uint16_t weight = 0;
  int srv_set = -1;

  // "sip1.example.net 192.0.2.10:5070/udp"
  std::string describe() const;
  Target target() const { return Target{transport, address, port, {}}; }
};

// The same candidates with a fresh RFC 2782 weighted draw among the SRV targets of equal
// priority (each new call spreads the load as the weights say); the rest keeps its order.
std::vector<Located> redrawSrv(const std::vector<Located>& in, const DnsRandom& random);

struct LocatorConfig {
  std::chrono::seconds ttl_cap{300};      // a record is reused for min(its TTL, this)
  std::chrono::seconds negative_ttl{30};  // "no such record", when no SOA tells
  size_t max_entries = 1024;              // cached (name, type) answers
  size_t max_targets = 16;                // candidates returned
  // Addresses of a name when DNS has none (e.g. getaddrinfo for /etc/hosts); may be empty.
  std::function<Result<std::vector<std::string>>(const std::string&)> fallback;
};

class SipLocator {
 public:
  SipLocator(std::shared_ptr<DnsClient> client, const Clock& clock, LocatorConfig config,
             DnsRandom random);

  // Candidates in the order to try them; Code::NotFound when the host has no address.
  Result<std::vector<Located>> locate(const LocateRequest& req);
  // DNS queries sent (cache misses).
  size_t queries() const;

 private:
  struct Cached {
    DnsAnswer answer;
    MonoTime expires{};
  };
  Result<DnsAnswer> query(const std::string& name, DnsType type);
  Result<std::vector<std::string>> addresses(const std::string& name);
  void addSrvTargets(const std::string& srv, TransportKind t, const std::string& how,
                     std::vector<Located>& out, int& sets);

  std::shared_ptr<DnsClient> client_;
  const Clock& clock_;
  LocatorConfig config_;
  DnsRandom random_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, uint16_t>, Cached> cache_;
  size_t queries_ = 0;
};

}  // namespace hk::sip
