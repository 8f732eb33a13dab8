#include "sip/transport_resolver.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <list>
#include <unordered_map>

namespace hk::sip {
namespace {

using Answer = hk::Result<Resolver::Addresses>;

// Blocking: runs on a worker thread.
Answer lookup(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &res);
  if (rc != 0) {
    return hk::fail(hk::Code::NotFound, "cannot resolve " + host + ": " + ::gai_strerror(rc));
  }
  Resolver::Addresses v4;
  Resolver::Addresses v6;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (ai->ai_family == AF_INET) {
      const auto* sa = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      if (::inet_ntop(AF_INET, &sa->sin_addr, buf, sizeof buf)) v4.emplace_back(buf);
    } else if (ai->ai_family == AF_INET6) {
      const auto* sa = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      if (::inet_ntop(AF_INET6, &sa->sin6_addr, buf, sizeof buf)) v6.emplace_back(buf);
    }
  }
  ::freeaddrinfo(res);
  for (auto& a : v6) {
    bool dup = false;
    for (const auto& b : v4) dup = dup || a == b;
    if (!dup) v4.push_back(std::move(a));
  }
  if (v4.empty()) return hk::fail(hk::Code::NotFound, "no address for " + host);
  return v4;
}

}  // namespace

struct Resolver::State {
  State(Executor& l, Executor& w, const Clock& c, ResolverConfig cfg)
      : loop(l), workers(w), clock(c), config(cfg) {
    std::shared_ptr<DnsClient> client = config.dns_client;
    if (!client) client = makeSystemDnsClient(config.dns);
    LocatorConfig lc = config.locator;
    // The system's own servers: a name DNS does not know may be in /etc/hosts.
    if (!config.dns_client && config.dns.servers.empty() && !lc.fallback) lc.fallback = lookup;
    locator = std::make_shared<SipLocator>(std::move(client), clock, std::move(lc), config.random);
  }

  struct Entry {
    Answer answer{Addresses{}};
    MonoTime expires{};
    std::list<std::string>::iterator age;
  };

  Executor& loop;
  Executor& workers;
  const Clock& clock;
  ResolverConfig config;
  std::unordered_map<std::string, Entry> cache;
  std::list<std::string> order;  // oldest first
  std::unordered_map<std::string, std::vector<Callback>> waiting;
  size_t lookups = 0;
  std::shared_ptr<SipLocator> locator;

  const Entry* fresh(const std::string& host) const {
    auto it = cache.find(host);
    if (it == cache.end() || it->second.expires <= clock.mono()) return nullptr;
    return &it->second;
  }

  void store(const std::string& host, const Answer& answer) {
    auto it = cache.find(host);
    if (it != cache.end()) {
      order.erase(it->second.age);
      cache.erase(it);
    }
    while (!order.empty() && cache.size() >= config.max_entries) {
      cache.erase(order.front());
      order.pop_front();
    }
    if (config.max_entries == 0) return;
    auto ttl = answer ? config.ttl : config.negative_ttl;
    order.push_back(host);
    cache[host] = Entry{answer, clock.mono() + ttl, std::prev(order.end())};
  }

  void complete(const std::string& host, const Answer& answer) {
    store(host, answer);
    auto it = waiting.find(host);
    if (it == waiting.end()) return;
    std::vector<Callback> cbs = std::move(it->second);
    waiting.erase(it);
    for (auto& cb : cbs) cb(answer);
  }
};

Resolver::Resolver(Executor& loop, Executor& workers, const Clock& clock, ResolverConfig config)
    : state_(std::make_shared<State>(loop, workers, clock, config)) {}

Resolver::~Resolver() = default;

std::optional<std::string> Resolver::ipLiteral(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(host);
  unsigned char buf[sizeof(in6_addr)];
  if (::inet_pton(AF_INET, s.c_str(), buf) == 1) return s;
  if (::inet_pton(AF_INET6, s.c_str(), buf) == 1) return s;
  return std::nullopt;
}

void Resolver::resolve(std::string_view host, Callback cb) {
  if (auto ip = ipLiteral(host)) {
    cb(Answer(Addresses{std::move(*ip)}));
    return;
  }
  std::string name(host);
  if (name.empty()) {
    cb(Answer(hk::Error::invalid("empty host name")));
    return;
  }
  if (const State::Entry* e = state_->fresh(name)) {
    Answer copy = e->answer;
    cb(copy);
    return;
  }
  auto& list = state_->waiting[name];
  list.push_back(std::move(cb));
  if (list.size() > 1) return;  // a lookup of this name is already running
  ++state_->lookups;
  std::weak_ptr<State> weak = state_;
  Executor& loop = state_->loop;
  state_->workers.post([weak, name, &loop] {
    Answer answer = lookup(name);
    loop.post([weak, name, answer = std::move(answer)] {
      if (auto s = weak.lock()) s->complete(name, answer);
    });
  });
}

void Resolver::locate(LocateRequest req, LocateCallback cb) {
  using LocateAnswer = hk::Result<std::vector<sip::Located>>;
  if (auto ip = ipLiteral(req.host)) {
    TransportKind t = req.transports.empty() ? TransportKind::Udp : req.transports.front();
    cb(LocateAnswer(std::vector<sip::Located>{
        sip::Located{t, std::move(*ip), req.port.value_or(5060), {}, "literal"}}));
    return;
  }
  ++state_->lookups;
  std::weak_ptr<State> weak = state_;
  Executor& loop = state_->loop;
  state_->workers.post(
      [weak, locator = state_->locator, req = std::move(req), cb = std::move(cb), &loop]() mutable {
        LocateAnswer answer = locator->locate(req);
        loop.post([weak, answer = std::move(answer), cb = std::move(cb)] {
          if (weak.lock()) cb(answer);
        });
      });
}

std::optional<Resolver::Addresses> Resolver::cached(std::string_view host) const {
  if (auto ip = ipLiteral(host)) return Addresses{std::move(*ip)};
  const State::Entry* e = state_->fresh(std::string(host));
  if (e == nullptr || !e->answer) return std::nullopt;
  return e->answer.value();
}

size_t Resolver::lookups() const { return state_->lookups; }
size_t Resolver::pending() const { return state_->waiting.size(); }

}  // namespace hk::sip
