#pragma once
// Host name resolution for outbound SIP without blocking the loop: getaddrinfo() runs on a
// worker (hk::WorkerPool) and its answer is posted back to the loop, then cached with a
// TTL (getaddrinfo tells none, so the TTL is configured). IP literals need no lookup.
// locate() is RFC 3263 (NAPTR -> SRV -> A/AAAA, dns_locator.hpp) on the same worker, with
// its own cache that keeps each record for its TTL.
// Lives on one loop thread: resolve(), locate() and every callback run there.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/executor.hpp"
#include "base/result.hpp"
#include "sip/dns_client.hpp"
#include "sip/dns_locator.hpp"
#include "sip/dns_select.hpp"

namespace hk::sip {

struct ResolverConfig {
  std::chrono::seconds ttl{60};          // how long an answer is reused
  std::chrono::seconds negative_ttl{5};  // how long a failure is reused
  size_t max_entries = 1024;             // cache size; the oldest entry goes first
  // locate() (RFC 3263): DNS servers (sip.dns_servers; empty: /etc/resolv.conf), the TTL
  // cap and negative TTL of its record cache, the SRV weight draw. `dns_client` replaces
  // the system resolver (tests).
  DnsClientConfig dns;
  LocatorConfig locator;
  DnsRandom random;
  std::shared_ptr<DnsClient> dns_client;
};

class Resolver {
 public:
  // IP literals (IPv6 without brackets), IPv4 first.
  using Addresses = std::vector<std::string>;
  using Callback = std::function<void(const hk::Result<Addresses>&)>;
  using LocateCallback = std::function<void(const hk::Result<std::vector<Located>>&)>;

  // `loop` is the thread that calls resolve() and gets the callbacks; `workers` runs the
  // blocking lookups. Both must outlive the Resolver (a lookup still running when the
  // Resolver goes is dropped when it ends).
  Resolver(Executor& loop, Executor& workers, const Clock& clock, ResolverConfig config = {});
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // IP literals and fresh cache entries call `cb` before resolve() returns; other names
  // are looked up on a worker and `cb` runs later on the loop. Lookups of one name at the
  // same time share one getaddrinfo(). A name with no address fails with Code::NotFound.
  void resolve(std::string_view host, Callback cb);
  // RFC 3263 candidates for `req`: an IP literal calls `cb` before locate() returns; names
  // are looked up on a worker (NAPTR, SRV, A/AAAA, each cached for its TTL) and `cb` runs
  // later on the loop.
  void locate(LocateRequest req, LocateCallback cb);
  // The cached answer, if fresh (IP literals: themselves).
  std::optional<Addresses> cached(std::string_view host) const;

  size_t lookups() const;  // getaddrinfo() calls started
  size_t pending() const;  // names being looked up now

  // An IP literal (brackets allowed) without its brackets; nullopt for a name.
  static std::optional<std::string> ipLiteral(std::string_view host);

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace hk::sip
