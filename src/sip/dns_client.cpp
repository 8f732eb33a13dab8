#include "sip/dns_client.hpp"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <algorithm>
#include <charconv>

namespace hk::sip {
namespace {

constexpr size_t kAnswerBuffer = 65535;

class SystemDnsClient final : public DnsClient {
 public:
  explicit SystemDnsClient(DnsClientConfig c) : config_(std::move(c)) {}

  Result<DnsAnswer> query(const std::string& name, DnsType type) override {
    struct __res_state st {};
    if (::res_ninit(&st) != 0) return hk::Error::unavailable("cannot set up the DNS resolver");
    st.retrans = static_cast<int>(std::max<int64_t>(1, config_.timeout.count()));
    st.retry = std::max(1, config_.attempts);
    st.options |= RES_USE_EDNS0;
    if (!config_.servers.empty()) {
      st.nscount = 0;
      for (const auto& s : config_.servers) {
        if (st.nscount >= MAXNS) break;
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(s.port);
        if (::inet_pton(AF_INET, s.ip.c_str(), &sa.sin_addr) != 1) continue;
        st.nsaddr_list[st.nscount++] = sa;
      }
    }
    std::vector<uint8_t> buf(kAnswerBuffer);
    int n = ::res_nquery(&st, name.c_str(), ns_c_in, static_cast<int>(type), buf.data(),
                         static_cast<int>(buf.size()));
    int herr = st.res_h_errno;
    ::res_nclose(&st);
    if (n < 0) {
      if (herr == HOST_NOT_FOUND || herr == NO_DATA) {
        DnsAnswer none;
        none.rcode = herr == HOST_NOT_FOUND ? 3 : 0;
        return none;
      }
      return hk::Error::unavailable("DNS query " + name + " type " +
                                    std::to_string(static_cast<int>(type)) + ": " +
                                    (herr == TRY_AGAIN ? "no answer" : "failed"));
    }
    size_t len = std::min(static_cast<size_t>(n), buf.size());
    return parseDnsAnswer(std::span<const uint8_t>(buf.data(), len));
  }

 private:
  DnsClientConfig config_;
};

}  // namespace

Result<std::vector<DnsServer>> parseDnsServers(std::string_view list) {
  std::vector<DnsServer> out;
  size_t i = 0;
  while (i < list.size()) {
    size_t j = list.find_first_of(", \t", i);
    if (j == std::string_view::npos) j = list.size();
    std::string_view item = list.substr(i, j - i);
    i = j + 1;
    if (item.empty()) continue;
    DnsServer s;
    size_t colon = item.find(':');
    std::string ip(item.substr(0, colon));
    in_addr a{};
    if (::inet_pton(AF_INET, ip.c_str(), &a) != 1) {
      return hk::Error::invalid("not an IPv4 address: " + std::string(item), "sip.dns_servers");
    }
    s.ip = ip;
    if (colon != std::string_view::npos) {
      std::string_view p = item.substr(colon + 1);
      unsigned v = 0;
      auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
      if (ec != std::errc() || end != p.data() + p.size() || v == 0 || v > 65535) {
        return hk::Error::invalid("bad port in " + std::string(item), "sip.dns_servers");
      }
      s.port = static_cast<uint16_t>(v);
    }
    out.push_back(s);
  }
  if (out.size() > MAXNS) {
    return hk::Error::invalid("at most " + std::to_string(MAXNS) + " DNS servers",
                              "sip.dns_servers");
  }
  return out;
}

std::unique_ptr<DnsClient> makeSystemDnsClient(DnsClientConfig config) {
  return std::make_unique<SystemDnsClient>(std::move(config));
}

}  // namespace hk::sip
