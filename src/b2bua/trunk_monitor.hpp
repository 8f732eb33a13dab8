#pragma once
// The live state of the outbound trunks, on the signalling loop: reachability from OPTIONS
// keep-alives (any response: up; timer F or a transport error: down), the addresses of a
// trunk named by a host name (RFC 3263: NAPTR/SRV/A looked up off the loop, again every
// minute and after a failure; each SRV target a failover candidate), and the registration
// of those with register = true. Forwarding asks it which trunks to use, in failover order.
// Metrics: hankyo_trunk_up{trunk=...}, hankyo_trunk_registered{trunk=...} and
// hankyo_trunk_dns_targets{trunk=...} (named trunks: servers found).
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "b2bua/registration.hpp"
#include "b2bua/trunk_io.hpp"
#include "b2bua/trunks.hpp"
#include "base/log.hpp"
#include "base/metrics.hpp"
#include "sip/dns_select.hpp"
#include "sip/transport_types.hpp"

namespace hk::b2bua {

// The trunks one forwarding attempt may use, in order, and what went wrong on each.
struct TrunkRoute {
  std::vector<const Trunk*> trunks;
  size_t current = 0;
  std::vector<std::string> failures;  // "name: why"
  std::chrono::seconds ring{0};
  bool heard = false;  // the current trunk sent a response (it is alive)

  // The current trunk's candidates (RFC 3263; one for an IP trunk) and the one in use: a
  // failure tries the next candidate before the next trunk.
  std::vector<sip::Located> targets;
  size_t target = 0;

  const Trunk* trunk() const { return current < trunks.size() ? trunks[current] : nullptr; }
  // "trunk a: no response; trunk b: 503 Service Unavailable" (empty when none failed).
  std::string describe() const;
};

class TrunkMonitor {
 public:
  // How often a host name is looked up again, and how soon after a failure at the soonest.
  static constexpr std::chrono::seconds kDnsRefresh{60};
  static constexpr std::chrono::seconds kDnsRetry{5};

  TrunkMonitor(TrunkIo& io, const Trunks& trunks, metrics::Registry& metrics);
  ~TrunkMonitor();
  TrunkMonitor(const TrunkMonitor&) = delete;
  TrunkMonitor& operator=(const TrunkMonitor&) = delete;

  // Looks names up, sends the first OPTIONS and REGISTERs.
  void start();
  // Stops pinging; un-REGISTERs; `done` runs when that is over (at once without any).
  void stop(std::function<void()> done);

  bool anyOutbound() const { return !states_.empty(); }
  // Outbound trunks in failover order (priority), without those known to be down.
  std::vector<const Trunk*> usable() const;
  bool isUp(const Trunk& t) const;
  // Where requests to the trunk go: its address once looked up, else the name itself
  // (the transport then looks it up).
  sip::Target target(const Trunk& t) const;
  // Every candidate of the trunk in the order to try them (its SRV targets' addresses; the
  // target() alone for a trunk without them).
  // SRV targets of equal priority are drawn again by weight on each call (RFC 2782).
  std::vector<sip::Located> targets(const Trunk& t) const;
  // The weighted draw's random source (tests); default: sip::systemDnsRandom().
  void setRandom(sip::DnsRandom random) { random_ = std::move(random); }
  // A request to the trunk failed (transport error, no response): look its name up again.
  void reportFailure(const Trunk& t);
  // The outbound trunk a request target belongs to (its host, a past address of it, port
  // and transport), for credentials of in-dialog requests; nullptr when none.
  const Trunk* trunkFor(const sip::Target& to) const;
  const Registration* registration(const Trunk& t) const;

 private:
  struct State;
  State* find(const Trunk& t) const;
  void ping(State& s);
  void pinged(State& s, bool up, const std::string& why);
  void lookup(State& s);
  void setUp(State& s, bool up, const std::string& why);

  TrunkIo& io_;
  std::vector<std::unique_ptr<State>> states_;  // outbound trunks, failover order
  std::shared_ptr<TrunkMonitor*> self_;
  std::shared_ptr<spdlog::logger> lg_ = log::get("trunk");
  bool stopped_ = false;
  sip::DnsRandom random_ = sip::systemDnsRandom();
};

}  // namespace hk::b2bua
