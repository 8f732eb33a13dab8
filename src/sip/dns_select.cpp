#include "sip/dns_select.hpp"

#include <algorithm>
#include <random>

namespace hk::sip {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

DnsRandom systemDnsRandom() {
  return [](uint32_t bound) {
    thread_local std::mt19937 gen{std::random_device{}()};
    return std::uniform_int_distribution<uint32_t>(0, bound)(gen);
  };
}

std::vector<SrvRecord> orderSrv(std::vector<SrvRecord> records, const DnsRandom& random) {
  if (records.size() == 1 && records.front().target == ".") return {};
  std::erase_if(records, [](const SrvRecord& r) { return r.target == "." || r.target.empty(); });
  std::stable_sort(records.begin(), records.end(),
                   [](const SrvRecord& a, const SrvRecord& b) { return a.priority < b.priority; });
  std::vector<SrvRecord> out;
  out.reserve(records.size());
  size_t i = 0;
  while (i < records.size()) {
    size_t j = i;
    while (j < records.size() && records[j].priority == records[i].priority) ++j;
    std::vector<SrvRecord> group(records.begin() + static_cast<std::ptrdiff_t>(i),
                                 records.begin() + static_cast<std::ptrdiff_t>(j));
    // Zero weights first (RFC 2782), the others in the order they came.
    std::stable_partition(group.begin(), group.end(),
                          [](const SrvRecord& r) { return r.weight == 0; });
    while (!group.empty()) {
      uint32_t sum = 0;
      for (const auto& r : group) sum += r.weight;  // at most 65535 * 65535: fits
      uint32_t pick = random ? std::min(random(sum), sum) : 0;
      size_t k = 0;
      uint32_t running = 0;
      for (; k < group.size(); ++k) {
        running += group[k].weight;
        if (running >= pick) break;
      }
      if (k >= group.size()) k = group.size() - 1;
      out.push_back(std::move(group[k]));
      group.erase(group.begin() + static_cast<std::ptrdiff_t>(k));
    }
    i = j;
  }
  return out;
}

std::vector<NaptrChoice> selectNaptr(const std::vector<NaptrRecord>& records,
                                     const std::vector<TransportKind>& allowed) {
  std::vector<const NaptrRecord*> usable;
  for (const auto& r : records) {
    std::string service = lower(r.service);
    std::optional<TransportKind> t;
    if (service == "sip+d2u") t = TransportKind::Udp;
    if (service == "sip+d2t") t = TransportKind::Tcp;
    if (!t || lower(r.flags) != "s" || !r.regexp.empty() || r.replacement.empty()) continue;
    if (std::find(allowed.begin(), allowed.end(), *t) == allowed.end()) continue;
    usable.push_back(&r);
  }
  std::stable_sort(usable.begin(), usable.end(), [](const NaptrRecord* a, const NaptrRecord* b) {
    return a->order != b->order ? a->order < b->order : a->preference < b->preference;
  });
  std::vector<NaptrChoice> out;
  for (const NaptrRecord* r : usable) {
    TransportKind t = lower(r->service) == "sip+d2u" ? TransportKind::Udp : TransportKind::Tcp;
    out.push_back(NaptrChoice{t, r->replacement});
  }
  return out;
}

std::string srvName(TransportKind t, const std::string& domain) {
  return (t == TransportKind::Tcp ? "_sip._tcp." : "_sip._udp.") + domain;
}

}  // namespace hk::sip
