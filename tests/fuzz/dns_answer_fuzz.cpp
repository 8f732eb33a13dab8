// libFuzzer target for DNS answers (src/sip/dns_message.*), which come from the network.
// Properties checked on every input:
// - parsing never crashes or reads out of bounds (ASan/UBSan watch);
// - what parses is sane: names fit DNS limits, A/AAAA hold an address, SRV targets are
//   non-empty, and the RFC 3263 choices (NAPTR filter, SRV order) run on it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "sip/dns_message.hpp"
#include "sip/dns_select.hpp"

namespace {

using namespace hk::sip;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "dns_answer_fuzz: property violated: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto a = parseDnsAnswer(std::span<const uint8_t>(data, size));
  if (!a) return 0;
  check(a->rcode >= 0 && a->rcode <= 15, "rcode is 4 bits");
  std::vector<SrvRecord> srvs;
  std::vector<NaptrRecord> naptrs;
  for (const auto* list : {&a->answers, &a->additional}) {
    for (const auto& r : *list) {
      check(r.name.size() <= 255, "owner name longer than 255");
      check(r.ttl <= 0x7fffffffu, "TTL above 2^31-1");
      if (r.type == static_cast<uint16_t>(DnsType::A) ||
          r.type == static_cast<uint16_t>(DnsType::Aaaa)) {
        check(!r.address.empty(), "address record without an address");
      }
      if (r.type == static_cast<uint16_t>(DnsType::Srv)) {
        check(!r.srv.target.empty(), "SRV without a target");
        srvs.push_back(r.srv);
      }
      if (r.type == static_cast<uint16_t>(DnsType::Naptr)) naptrs.push_back(r.naptr);
    }
  }
  uint32_t seed = 0;
  auto ordered =
      orderSrv(srvs, [&seed](uint32_t bound) { return bound == 0 ? 0 : seed++ % (bound + 1); });
  check(ordered.size() <= srvs.size(), "SRV order invented records");
  for (size_t i = 1; i < ordered.size(); ++i) {
    check(ordered[i - 1].priority <= ordered[i].priority, "SRV order not by priority");
  }
  auto chosen = selectNaptr(naptrs, {TransportKind::Udp, TransportKind::Tcp});
  check(chosen.size() <= naptrs.size(), "NAPTR filter invented records");
  return 0;
}
