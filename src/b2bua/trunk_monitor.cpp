#include "b2bua/trunk_monitor.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/ids.hpp"
#include "sip/transport_resolver.hpp"

namespace hk::b2bua {

namespace {

constexpr size_t kMaxKnownAddresses = 8;

sip::TransportKind kindOf(const Trunk& t) {
  return t.transport == "tcp" ? sip::TransportKind::Tcp : sip::TransportKind::Udp;
}

// RFC 3263 for the trunk: an explicit port gives A/AAAA only; an explicit transport is the
// only one NAPTR/SRV may pick.
sip::LocateRequest locateRequest(const Trunk& t) {
  sip::LocateRequest req;
  req.host = t.host;
  if (t.port_set || t.port != 5060) req.port = t.port;
  req.transports = {kindOf(t)};
  if (!t.transport_set) req.transports = {sip::TransportKind::Udp, sip::TransportKind::Tcp};
  return req;
}

}  // namespace

std::string TrunkRoute::describe() const {
  std::string out;
  for (const auto& f : failures) out += (out.empty() ? "" : "; ") + f;
  return out;
}

struct TrunkMonitor::State {
  const Trunk* trunk = nullptr;
  bool up = true;      // until an OPTIONS goes unanswered
  bool named = false;  // host is a name to look up
  std::string address;
  std::vector<std::string> known;     // addresses it has had
  std::vector<sip::Located> located;  // the last lookup's candidates, in order
  bool lookup_running = false;
  bool lookup_recent = false;  // a lookup after a failure waits kDnsRetry
  TimerId ping_timer = 0, dns_timer = 0, recent_timer = 0;
  uint64_t ping_gen = 0;
  metrics::Gauge* g_up = nullptr;
  metrics::Gauge* g_targets = nullptr;  // named trunks: candidates of the last lookup
  std::unique_ptr<Registration> reg;
};

TrunkMonitor::TrunkMonitor(TrunkIo& io, const Trunks& trunks, metrics::Registry& metrics)
    : io_(io), self_(std::make_shared<TrunkMonitor*>(this)) {
  for (const Trunk* t : trunks.outbound()) {
    auto s = std::make_unique<State>();
    s->trunk = t;
    s->named = !sip::Resolver::ipLiteral(t->host).has_value();
    std::string label = fmt::format("trunk=\"{}\"", t->name);
    s->g_up = &metrics.gauge("hankyo_trunk_up",
                             "outbound trunk reachable (OPTIONS keep-alive; 1 without it)", label);
    s->g_up->set(1);
    if (s->named) {
      s->g_targets = &metrics.gauge("hankyo_trunk_dns_targets",
                                    "servers found for an outbound trunk's host name (RFC 3263: "
                                    "NAPTR, SRV, A/AAAA); 0 before the first answer",
                                    label);
    }
    if (t->do_register) {
      State* raw = s.get();
      s->reg = std::make_unique<Registration>(
          io_, *t, [this, raw] { return target(*raw->trunk); },
          &metrics.gauge("hankyo_trunk_registered", "outbound trunk registration in place", label));
    }
    states_.push_back(std::move(s));
  }
}

TrunkMonitor::~TrunkMonitor() {
  for (auto& s : states_) {
    for (TimerId id : {s->ping_timer, s->dns_timer, s->recent_timer}) {
      if (id) io_.cancel(id);
    }
  }
}

TrunkMonitor::State* TrunkMonitor::find(const Trunk& t) const {
  for (const auto& s : states_) {
    if (s->trunk == &t) return s.get();
  }
  return nullptr;
}

void TrunkMonitor::start() {
  for (auto& s : states_) {
    if (s->named) lookup(*s);
    if (s->trunk->options_ping_sec > 0) ping(*s);
    if (s->reg) s->reg->start();
  }
}

void TrunkMonitor::stop(std::function<void()> done) {
  stopped_ = true;
  for (auto& s : states_) {
    for (TimerId* id : {&s->ping_timer, &s->dns_timer, &s->recent_timer}) {
      if (*id) io_.cancel(*id);
      *id = 0;
    }
  }
  auto left = std::make_shared<size_t>(1);  // one for this call, so `done` runs once, last
  auto finish = std::make_shared<std::function<void()>>(std::move(done));
  auto one = [left, finish] {
    if (--*left == 0 && *finish) (*finish)();
  };
  for (auto& s : states_) {
    if (!s->reg) continue;
    ++*left;
    s->reg->stop(one);
  }
  one();
}

std::vector<const Trunk*> TrunkMonitor::usable() const {
  std::vector<const Trunk*> out;
  for (const auto& s : states_) {
    if (s->up) out.push_back(s->trunk);
  }
  return out;
}

bool TrunkMonitor::isUp(const Trunk& t) const {
  const State* s = find(t);
  return s != nullptr && s->up;
}

sip::Target TrunkMonitor::target(const Trunk& t) const {
  const State* s = find(t);
  if (s && !s->located.empty()) return s->located.front().target();
  std::string host = s && !s->address.empty() ? s->address : t.host;
  return sip::Target{kindOf(t), host, t.port, {}};
}

std::vector<sip::Located> TrunkMonitor::targets(const Trunk& t) const {
  const State* s = find(t);
  if (s && !s->located.empty()) return sip::redrawSrv(s->located, random_);
  sip::Target to = target(t);
  return {sip::Located{to.transport, to.host, to.port, {}, {}}};
}

const Trunk* TrunkMonitor::trunkFor(const sip::Target& to) const {
  auto bare = sip::Resolver::ipLiteral(to.host).value_or(to.host);
  for (const auto& s : states_) {
    const Trunk& t = *s->trunk;
    for (const auto& l : s->located) {
      if (l.address == bare && l.port == to.port && l.transport == to.transport) return &t;
    }
    if (t.port != to.port || kindOf(t) != to.transport) continue;
    if (to.host == t.host || bare == s->address ||
        std::find(s->known.begin(), s->known.end(), bare) != s->known.end()) {
      return &t;
    }
  }
  return nullptr;
}

const Registration* TrunkMonitor::registration(const Trunk& t) const {
  const State* s = find(t);
  return s ? s->reg.get() : nullptr;
}

void TrunkMonitor::reportFailure(const Trunk& t) {
  State* s = find(t);
  if (!s || !s->named || stopped_ || s->lookup_recent) return;
  lookup(*s);
}

void TrunkMonitor::lookup(State& s) {
  if (s.lookup_running || stopped_) return;
  s.lookup_running = true;
  s.lookup_recent = true;
  std::weak_ptr<TrunkMonitor*> weak = self_;
  const Trunk* t = s.trunk;
  if (s.recent_timer) io_.cancel(s.recent_timer);
  s.recent_timer = io_.after(kDnsRetry, [weak, t] {
    if (auto self = weak.lock()) {
      if (State* st = (*self)->find(*t)) {
        st->recent_timer = 0;
        st->lookup_recent = false;
      }
    }
  });
  io_.locate(locateRequest(*t), [weak, t](const Result<std::vector<sip::Located>>& r) {
    auto self = weak.lock();
    if (!self) return;
    TrunkMonitor& m = **self;
    State* st = m.find(*t);
    if (!st || m.stopped_) return;
    st->lookup_running = false;
    if (!r || r->empty()) {
      HK_LOG_WARN(m.lg_, "trunk {}: cannot resolve {}: {}{}", t->name, t->host,
                  r ? "no address" : r.error().message,
                  st->address.empty() ? "" : fmt::format(" (keeping {})", st->address));
    } else {
      std::string list;
      for (const auto& l : *r) list += (list.empty() ? "" : ", ") + l.describe();
      std::string before;
      for (const auto& l : st->located) before += (before.empty() ? "" : ", ") + l.describe();
      if (list != before) {
        HK_LOG_INFO(m.lg_, "trunk {}: {} is {} ({}){}", t->name, t->host, list, r->front().how,
                    st->address.empty() ? "" : fmt::format(" (was {})", st->address));
      }
      st->located = *r;
      if (st->g_targets) st->g_targets->set(static_cast<int64_t>(r->size()));
      st->address = r->front().address;
      for (const auto& l : *r) {
        if (std::find(st->known.begin(), st->known.end(), l.address) != st->known.end()) continue;
        if (st->known.size() >= kMaxKnownAddresses) st->known.erase(st->known.begin());
        st->known.push_back(l.address);
      }
    }
    if (st->dns_timer) m.io_.cancel(st->dns_timer);
    st->dns_timer = m.io_.after(kDnsRefresh, [weak, t] {
      if (auto s2 = weak.lock()) {
        if (State* st2 = (*s2)->find(*t)) {
          st2->dns_timer = 0;
          (*s2)->lookup(*st2);
        }
      }
    });
  });
}

void TrunkMonitor::ping(State& s) {
  if (stopped_) return;
  const Trunk& t = *s.trunk;
  // A host name looked up by NAPTR/SRV stays bare, as in the INVITEs (leg.cpp).
  bool bare = !t.port_set && t.port == 5060 && s.named;
  std::string uri = bare ? "sip:" + t.host : fmt::format("sip:{}:{}", t.host, t.port);
  if (t.transport == "tcp") uri += ";transport=tcp";
  auto m = sip::Message::request("OPTIONS", uri);
  m.addHeader("Max-Forwards", "70");
  m.addHeader("From", fmt::format("<sip:hankyo@{}>;tag={}", io_.localHost(), randomHex(8)));
  m.addHeader("To", fmt::format("<{}>", uri));
  m.addHeader("Call-ID", randomHex(16) + "@hankyo");
  m.addHeader("CSeq", "1 OPTIONS");
  m.addHeader("Contact", io_.contact(kindOf(t), "hankyo"));
  m.addHeader("Accept", "application/sdp");
  uint64_t gen = ++s.ping_gen;
  std::weak_ptr<TrunkMonitor*> weak = self_;
  const Trunk* tp = &t;
  auto with = [weak, tp, gen](auto fn) {
    if (auto self = weak.lock()) {
      State* st = (*self)->find(*tp);
      if (st && st->ping_gen == gen && !(*self)->stopped_) fn(**self, *st);
    }
  };
  sip::ClientCallbacks cb;
  cb.on_response = [with](const sip::Message& r) {
    with([&r](TrunkMonitor& mon, State& st) {
      if (r.status() < 200) return mon.setUp(st, true, {});
      mon.pinged(st, true, {});
    });
  };
  cb.on_failure = [with](const hk::Error& e) {
    with([&e](TrunkMonitor& mon, State& st) { mon.pinged(st, false, e.message); });
  };
  io_.send(m, target(t), std::move(cb));
}

void TrunkMonitor::pinged(State& s, bool up, const std::string& why) {
  ++s.ping_gen;  // this OPTIONS is over
  setUp(s, up, why);
  if (!up) reportFailure(*s.trunk);
  std::weak_ptr<TrunkMonitor*> weak = self_;
  const Trunk* t = s.trunk;
  if (s.ping_timer) io_.cancel(s.ping_timer);
  s.ping_timer = io_.after(std::chrono::seconds(t->options_ping_sec), [weak, t] {
    if (auto self = weak.lock()) {
      if (State* st = (*self)->find(*t)) {
        st->ping_timer = 0;
        (*self)->ping(*st);
      }
    }
  });
}

void TrunkMonitor::setUp(State& s, bool up, const std::string& why) {
  if (s.up == up) return;
  s.up = up;
  s.g_up->set(up ? 1 : 0);
  if (up) {
    HK_LOG_INFO(lg_, "trunk {} is up (answers OPTIONS)", s.trunk->name);
  } else {
    HK_LOG_WARN(lg_, "trunk {} is down (OPTIONS: {}); calls skip it", s.trunk->name, why);
  }
}

}  // namespace hk::b2bua
