#include "b2bua/trunks.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace hk::b2bua {

namespace {

bool parseIp(const std::string& ip, std::vector<uint8_t>& out) {
  std::string s = ip;
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    auto* b = reinterpret_cast<const uint8_t*>(&v4);
    out.assign(b, b + 4);
    return true;
  }
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    auto* b = reinterpret_cast<const uint8_t*>(&v6);
    out.assign(b, b + 16);
    return true;
  }
  return false;
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

Result<Cidr> Cidr::parse(const std::string& text) {
  Cidr c;
  auto slash = text.find('/');
  std::string ip = text.substr(0, slash);
  if (!parseIp(ip, c.addr))
    return fail(Code::Invalid, fmt::format("'{}' is not an IP address", ip));
  int max = static_cast<int>(c.addr.size()) * 8;
  c.prefix = max;
  if (slash != std::string::npos) {
    try {
      size_t pos = 0;
      c.prefix = std::stoi(text.substr(slash + 1), &pos);
      if (pos != text.size() - slash - 1) throw std::invalid_argument("prefix");
    } catch (...) {
      return fail(Code::Invalid, fmt::format("'{}': bad prefix length", text));
    }
    if (c.prefix < 0 || c.prefix > max) {
      return fail(Code::Invalid, fmt::format("'{}': prefix must be 0..{}", text, max));
    }
  }
  return c;
}

bool Cidr::contains(const std::string& ip) const {
  std::vector<uint8_t> a;
  if (!parseIp(ip, a)) return false;
  // An IPv4-mapped IPv6 source (::ffff:a.b.c.d) matches IPv4 networks.
  if (a.size() == 16 && addr.size() == 4 &&
      std::all_of(a.begin(), a.begin() + 10, [](uint8_t b) { return b == 0; }) && a[10] == 0xff &&
      a[11] == 0xff) {
    a.erase(a.begin(), a.begin() + 12);
  }
  if (a.size() != addr.size()) return false;
  int bits = prefix;
  for (size_t i = 0; i < a.size() && bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((a[i] & mask) != (addr[i] & mask)) return false;
  }
  return true;
}

std::vector<ConfigKey> trunkConfigKeys() {
  using T = ConfigKey::Type;
  return {
      {"trunk.*.direction",
       T::Enum,
       "inbound",
       "inbound, outbound or both",
       0,
       0,
       {"inbound", "outbound", "both"}},
      {"trunk.*.sources", T::String, "", "inbound: comma-separated source addresses/networks"},
      {"trunk.*.host", T::String, "", "outbound: host name or IP of the carrier or PBX"},
      {"trunk.*.port", T::Int, "5060",
       "outbound: port; unset with a host name: NAPTR/SRV lookup (RFC 3263)", 1, 65535},
      {"trunk.*.transport",
       T::Enum,
       "udp",
       "outbound: udp or tcp; unset with a host name: as NAPTR/SRV say",
       0,
       0,
       {"udp", "tcp"}},
      {"trunk.*.username", T::String, "", "outbound: digest user name"},
      {"trunk.*.password", T::String, "", "outbound: digest password", 0, 0, {}, true},
      {"trunk.*.caller_id_from",
       T::Enum,
       "pai",
       "inbound: caller number from pai or from",
       0,
       0,
       {"pai", "from"}},
      {"trunk.*.number_from",
       T::Enum,
       "ruri",
       "inbound: dialled number from ruri or to",
       0,
       0,
       {"ruri", "to"}},
      {"trunk.*.behind_nat", T::Bool, "false",
       "latch RTP to its source (a PBX behind NAT; never a carrier)"},
      {"trunk.*.advertised_address", T::String, "", "address put in Contact and SDP for it"},
      {"trunk.*.present",
       T::Enum,
       "caller",
       "outbound: number shown to the callee: caller, tracking or system",
       0,
       0,
       {"caller", "tracking", "system"}},
      {"trunk.*.system_number", T::String, "", "outbound: the system number (present=system)"},
      {"trunk.*.priority", T::Int, "100", "outbound failover order, lowest first", 0, 10000},
      {"trunk.*.options_ping_sec", T::Int, "0", "OPTIONS keep-alive period; 0 = off", 0, 3600},
      {"trunk.*.register", T::Bool, "false", "outbound: REGISTER to it and keep it refreshed"},
      {"trunk.*.register_expires_sec", T::Int, "3600", "outbound: Expires asked in REGISTER", 60,
       86400},
      {"trunk.*.register_user", T::String, "",
       "outbound: user of the registered AOR; empty: "
       "username"},
      {"trunk.*.register_domain", T::String, "",
       "outbound: domain of the AOR and REGISTER Request-URI; empty: host"},
  };
}

Result<Trunks> Trunks::fromConfig(const Config& cfg) {
  Trunks out;
  for (const auto& name : cfg.instances("trunk")) {
    auto key = [&](const char* k) { return fmt::format("trunk.{}.{}", name, k); };
    Trunk t;
    t.name = name;
    const auto& dir = cfg.str(key("direction"));
    t.inbound = dir == "inbound" || dir == "both";
    t.outbound = dir == "outbound" || dir == "both";
    for (const auto& src : splitList(cfg.str(key("sources")))) {
      auto c = Cidr::parse(src);
      if (!c) return fail(Code::Invalid, fmt::format("{}: {}", key("sources"), c.error().message));
      t.sources.push_back(*c);
    }
    if (t.inbound && t.sources.empty()) {
      return fail(Code::Invalid,
                  fmt::format("{}: an inbound trunk needs its source addresses", key("sources")));
    }
    t.host = cfg.str(key("host"));
    if (t.outbound && t.host.empty()) {
      return fail(Code::Invalid, fmt::format("{}: an outbound trunk needs a host", key("host")));
    }
    t.port = static_cast<uint16_t>(cfg.integer(key("port")));
    t.transport = cfg.str(key("transport"));
    t.port_set = cfg.source(key("port")) != Config::Source::Default;
    t.transport_set = cfg.source(key("transport")) != Config::Source::Default;
    t.username = cfg.str(key("username"));
    t.password = cfg.str(key("password"));
    t.caller_from = cfg.str(key("caller_id_from")) == "from" ? CallerSource::From
                                                             : CallerSource::PAssertedIdentity;
    t.number_from_to = cfg.str(key("number_from")) == "to";
    t.behind_nat = cfg.flag(key("behind_nat"));
    t.advertised_address = cfg.str(key("advertised_address"));
    const auto& present = cfg.str(key("present"));
    t.present = present == "tracking" ? Presentation::Tracking
                : present == "system" ? Presentation::System
                                      : Presentation::Caller;
    t.system_number = cfg.str(key("system_number"));
    if (t.present == Presentation::System && t.system_number.empty()) {
      return fail(Code::Invalid,
                  fmt::format("{}: present = system needs a system_number", key("present")));
    }
    t.priority = static_cast<int>(cfg.integer(key("priority")));
    t.options_ping_sec = static_cast<int>(cfg.integer(key("options_ping_sec")));
    t.do_register = cfg.flag(key("register"));
    t.register_expires_sec = static_cast<int>(cfg.integer(key("register_expires_sec")));
    t.register_user = cfg.str(key("register_user"));
    t.register_domain = cfg.str(key("register_domain"));
    if (t.do_register && !t.outbound) {
      return fail(Code::Invalid,
                  fmt::format("{}: only an outbound trunk registers", key("register")));
    }
    if (t.do_register && t.aorUser().empty()) {
      return fail(Code::Invalid, fmt::format("{}: register = true needs a username or "
                                             "register_user",
                                             key("register")));
    }
    out.trunks_.push_back(std::move(t));
  }
  return out;
}

const Trunk* Trunks::inboundFor(const std::string& ip) const {
  for (const auto& t : trunks_) {
    if (!t.inbound) continue;
    for (const auto& c : t.sources) {
      if (c.contains(ip)) return &t;
    }
  }
  return nullptr;
}

std::vector<const Trunk*> Trunks::outbound() const {
  std::vector<const Trunk*> out;
  for (const auto& t : trunks_) {
    if (t.outbound) out.push_back(&t);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Trunk* a, const Trunk* b) { return a->priority < b->priority; });
  return out;
}

}  // namespace hk::b2bua
