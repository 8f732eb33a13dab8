#include "sip/dns_locator.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sip/transport_resolver.hpp"

namespace hk::sip {

std::string Located::describe() const {
  bool v6 = address.find(':') != std::string::npos;
  std::string where =
      v6 ? fmt::format("[{}]:{}", address, port) : fmt::format("{}:{}", address, port);
  std::string t = transport == TransportKind::Tcp ? "tcp" : "udp";
  if (name.empty() || name == address) return fmt::format("{}/{}", where, t);
  return fmt::format("{} {}/{}", name, where, t);
}

std::vector<Located> redrawSrv(const std::vector<Located>& in, const DnsRandom& random) {
  std::vector<Located> out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    size_t j = i + 1;
    while (j < in.size() && in[i].srv_set >= 0 && in[j].srv_set == in[i].srv_set &&
           in[j].priority == in[i].priority) {
      ++j;
    }
    // One priority of one SRV answer: its servers (name and port; a name's addresses stay
    // together, in their order) drawn again by weight.
    std::vector<SrvRecord> servers;
    for (size_t k = i; k < j; ++k) {
      bool seen = std::any_of(servers.begin(), servers.end(), [&](const SrvRecord& s) {
        return s.target == in[k].name && s.port == in[k].port;
      });
      if (!seen) servers.push_back(SrvRecord{in[k].priority, in[k].weight, in[k].port, in[k].name});
    }
    for (const SrvRecord& s : servers.size() > 1 ? orderSrv(servers, random) : servers) {
      for (size_t k = i; k < j; ++k) {
        if (in[k].name == s.target && in[k].port == s.port) out.push_back(in[k]);
      }
    }
    i = j;
  }
  return out;
}

SipLocator::SipLocator(std::shared_ptr<DnsClient> client, const Clock& clock, LocatorConfig config,
                       DnsRandom random)
    : client_(std::move(client)),
      clock_(clock),
      config_(std::move(config)),
      random_(random ? std::move(random) : systemDnsRandom()) {}

size_t SipLocator::queries() const {
  std::lock_guard<std::mutex> l(mu_);
  return queries_;
}

Result<DnsAnswer> SipLocator::query(const std::string& name, DnsType type) {
  auto key = std::make_pair(name, static_cast<uint16_t>(type));
  {
    std::lock_guard<std::mutex> l(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.expires > clock_.mono()) return it->second.answer;
    ++queries_;
  }
  auto answer = client_->query(name, type);
  if (!answer) return answer;  // servers not answering: not cached
  std::chrono::seconds ttl = config_.ttl_cap;
  auto records = answer->of(type);
  if (records.empty()) {
    ttl = config_.negative_ttl;
    if (answer->soa_minimum > 0) ttl = std::min(ttl, std::chrono::seconds(answer->soa_minimum));
  }
  for (const DnsRecord* r : records) ttl = std::min(ttl, std::chrono::seconds(r->ttl));
  std::lock_guard<std::mutex> l(mu_);
  if (config_.max_entries == 0 || ttl.count() <= 0) return answer;
  if (cache_.size() >= config_.max_entries) {
    MonoTime now = clock_.mono();
    std::erase_if(cache_, [now](const auto& kv) { return kv.second.expires <= now; });
  }
  while (cache_.size() >= config_.max_entries) cache_.erase(cache_.begin());
  cache_[key] = Cached{*answer, clock_.mono() + ttl};
  return answer;
}

Result<std::vector<std::string>> SipLocator::addresses(const std::string& name) {
  std::vector<std::string> out;
  std::optional<hk::Error> err;
  for (DnsType t : {DnsType::A, DnsType::Aaaa}) {
    auto a = query(name, t);
    if (!a) {
      err = a.error();
      continue;
    }
    for (const DnsRecord* r : a->of(t)) {
      if (std::find(out.begin(), out.end(), r->address) == out.end()) out.push_back(r->address);
    }
  }
  if (out.empty() && config_.fallback) return config_.fallback(name);
  if (out.empty() && err) return *err;
  if (out.empty()) return hk::Error::notFound("no address for " + name);
  return out;
}

void SipLocator::addSrvTargets(const std::string& srv, TransportKind t, const std::string& how,
                               std::vector<Located>& out, int& sets) {
  auto a = query(srv, DnsType::Srv);
  if (!a) return;
  std::vector<SrvRecord> records;
  for (const DnsRecord* r : a->of(DnsType::Srv)) records.push_back(r->srv);
  if (records.empty()) return;
  int set = sets++;
  for (const SrvRecord& s : orderSrv(std::move(records), random_)) {
    auto addrs = addresses(s.target);
    if (!addrs) continue;
    for (const auto& ip : *addrs) {
      out.push_back(Located{t, ip, s.port, s.target, how, s.priority, s.weight, set});
    }
  }
}

Result<std::vector<Located>> SipLocator::locate(const LocateRequest& req) {
  std::vector<TransportKind> transports = req.transports;
  if (transports.empty()) transports.push_back(TransportKind::Udp);
  std::string host = req.host;
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty()) return hk::Error::invalid("empty host name");
  std::vector<Located> out;
  if (auto ip = Resolver::ipLiteral(host)) {
    out.push_back(Located{transports.front(), *ip, req.port.value_or(5060), {}, "literal"});
    return out;
  }
  if (req.port) {
    auto addrs = addresses(host);
    if (!addrs) return addrs.error();
    for (const auto& ip : *addrs)
      out.push_back(Located{transports.front(), ip, *req.port, host, "A"});
    return out;
  }
  int sets = 0;  // SRV answers with records
  std::vector<NaptrChoice> choices;
  if (auto naptr = query(host, DnsType::Naptr)) {
    std::vector<NaptrRecord> records;
    for (const DnsRecord* r : naptr->of(DnsType::Naptr)) records.push_back(r->naptr);
    choices = selectNaptr(records, transports);
  }
  for (const auto& c : choices) addSrvTargets(c.srv_name, c.transport, "NAPTR+SRV", out, sets);
  if (choices.empty()) {
    for (TransportKind t : transports) addSrvTargets(srvName(t, host), t, "SRV", out, sets);
  }
  if (sets == 0) {
    auto addrs = addresses(host);
    if (!addrs) return addrs.error();
    for (const auto& ip : *addrs) out.push_back(Located{transports.front(), ip, 5060, host, "A"});
  }
  std::vector<Located> unique;
  for (auto& l : out) {
    bool dup = std::any_of(unique.begin(), unique.end(), [&](const Located& u) {
      return u.transport == l.transport && u.address == l.address && u.port == l.port;
    });
    if (!dup && unique.size() < config_.max_targets) unique.push_back(std::move(l));
  }
  if (unique.empty()) return hk::Error::notFound("no SIP server found for " + host);
  return unique;
}

}  // namespace hk::sip
