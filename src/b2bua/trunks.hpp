#pragma once
// SIP trunks from the configuration ([trunk.NAME] sections): where calls come from
// (inbound: by source address; anything else gets 403) and how forwarded calls leave
// (outbound: host, transport, digest credentials, failover order).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "b2bua/caller_id.hpp"
#include "base/config.hpp"
#include "base/result.hpp"

namespace hk::b2bua {

// An IPv4 or IPv6 network ("203.0.113.0/24", "2001:db8::1", "127.0.0.1").
struct Cidr {
  std::vector<uint8_t> addr;  // 4 or 16 bytes
  int prefix = 0;
  static Result<Cidr> parse(const std::string& text);
  bool contains(const std::string& ip) const;
};

enum class Presentation { Caller, Tracking, System };

struct Trunk {
  std::string name;
  bool inbound = false, outbound = false;
  std::vector<Cidr> sources;  // inbound: who may send us calls
  std::string host;           // outbound: name or IP
  uint16_t port = 5060;
  std::string transport = "udp";  // udp or tcp
  // Written in the config. A host name without a port is looked up by RFC 3263 (NAPTR, SRV,
  // A/AAAA); without a transport, NAPTR/SRV may pick UDP or TCP.
  bool port_set = false, transport_set = false;
  std::string username, password;  // digest credentials (401/407)
  CallerSource caller_from = CallerSource::PAssertedIdentity;
  bool number_from_to = false;     // dialled number from To instead of the R-URI
  bool behind_nat = false;         // latch RTP to where it comes from (never for carriers)
  std::string advertised_address;  // Contact/SDP address seen by this trunk
  Presentation present = Presentation::Caller;  // number shown on the forwarded leg
  std::string system_number;                    // shown when present = system (and on 0120/0800)
  int priority = 100;                           // outbound failover order, lowest first
  int options_ping_sec = 0;                     // keep-alive OPTIONS; 0 = off
  bool do_register = false;                     // outbound: REGISTER and keep it refreshed
  int register_expires_sec = 3600;              // asked for; the registrar's answer rules
  std::string register_user;                    // AOR user; empty: username
  std::string register_domain;                  // AOR domain and Request-URI; empty: host

  // The AOR's user and domain (register_user/username, register_domain/host).
  std::string aorUser() const { return register_user.empty() ? username : register_user; }
  std::string aorDomain() const { return register_domain.empty() ? host : register_domain; }
};

// The keys of a [trunk.NAME] section, for the config schema.
std::vector<ConfigKey> trunkConfigKeys();

class Trunks {
 public:
  static Result<Trunks> fromConfig(const Config& cfg);
  // The inbound trunk a source address belongs to, if any.
  const Trunk* inboundFor(const std::string& ip) const;
  // Outbound trunks in failover order.
  std::vector<const Trunk*> outbound() const;
  const std::vector<Trunk>& all() const { return trunks_; }

 private:
  std::vector<Trunk> trunks_;
};

}  // namespace hk::b2bua
