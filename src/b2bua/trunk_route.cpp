// Which outbound trunk a forwarding attempt leaves through: the trunks that are up, by
// priority, and within a trunk named by a host name its RFC 3263 candidates (SRV targets
// by priority and weight). An INVITE that a candidate does not take (transport error, no
// response at all before timer B, 503) goes to the trunk's next candidate, then to the
// next trunk, for the same destination, in the same attempt row, whose reason names the
// trunks and servers that failed.
#include <fmt/format.h>

#include "b2bua/detail/core.hpp"

namespace hk::b2bua {

const Trunk* B2bua::Core::beginRoute(Call& c, std::chrono::seconds ring, std::string& why) {
  routes.erase(c.id());
  if (!trunk_monitor || !trunk_monitor->anyOutbound()) {
    why = "no outbound trunk";
    return nullptr;
  }
  TrunkRoute r;
  r.trunks = trunk_monitor->usable();
  r.ring = ring;
  if (r.trunks.empty()) {
    why = "no trunk up";
    return nullptr;
  }
  const Trunk* first = r.trunk();
  r.targets = trunk_monitor->targets(*first);
  routes[c.id()] = std::move(r);
  return first;
}

void B2bua::Core::trunkHeard(uint64_t call) {
  auto it = routes.find(call);
  if (it != routes.end()) it->second.heard = true;
}

bool B2bua::Core::tryNextTrunk(Call& c, const std::string& why) {
  auto it = routes.find(c.id());
  if (it == routes.end() || !c.attempt || c.phase == Call::Phase::Ended || stopping) return false;
  TrunkRoute& r = it->second;
  Attempt& a = *c.attempt;
  if (a.state == Attempt::State::Connected || a.state == Attempt::State::Done) return false;
  // Cancelling: the caller left (never here: the attempt is gone), or the ring timeout came
  // while the trunk had not answered at all; then the next trunk gets a ring time of its own.
  if (a.state == Attempt::State::Cancelling && (!a.timed_out || r.heard)) return false;
  const Trunk* failed = r.trunk();
  if (!failed) return false;
  // A trunk with several candidates names the one that failed.
  bool several =
      r.targets.size() > 1 || (r.target < r.targets.size() && !r.targets[r.target].name.empty());
  std::string where = several && r.target < r.targets.size()
                          ? fmt::format(" ({})", r.targets[r.target].describe())
                          : std::string();
  r.failures.push_back(fmt::format("trunk {}{}: {}", failed->name, where, why));
  c.facts.attempts[a.fact].reason = r.describe();
  trunk_monitor->reportFailure(*failed);
  if (r.target + 1 < r.targets.size()) {
    ++r.target;  // the same trunk's next server (RFC 3263 §4.3)
    HK_LOG_INFO(lg, "call {}: trunk {}{} failed ({}); {} through {}", c.info_.trn_id, failed->name,
                where, why, a.destination, r.targets[r.target].describe());
  } else {
    size_t next = r.current + 1;
    while (next < r.trunks.size() && !trunk_monitor->isUp(*r.trunks[next])) ++next;
    if (next >= r.trunks.size()) return false;
    r.current = next;
    r.targets = trunk_monitor->targets(*r.trunk());
    r.target = 0;
    HK_LOG_INFO(lg, "call {}: trunk {} failed ({}); {} through trunk {}", c.info_.trn_id,
                failed->name, why, a.destination, r.trunk()->name);
  }
  r.heard = false;
  Attempt fresh;
  fresh.destination = a.destination;
  fresh.fact = a.fact;
  if (a.ring_timer) deps.loop.cancelTimer(a.ring_timer);
  by_call_id.erase(a.dialog.call_id);
  c.attempt.reset();
  sendInvite(c, std::move(fresh), *r.trunk(), r.ring, true);
  return true;
}

sip::Target B2bua::Core::routeTarget(const Call& c, const Trunk& t) const {
  auto it = routes.find(c.id());
  if (it != routes.end() && it->second.trunk() == &t &&
      it->second.target < it->second.targets.size()) {
    return it->second.targets[it->second.target].target();
  }
  return trunk_monitor->target(t);
}

std::string B2bua::Core::finishRoute(Call& c, std::string reason) {
  auto it = routes.find(c.id());
  if (it == routes.end()) return reason;
  std::string failed = it->second.describe();
  routes.erase(it);
  if (failed.empty() || reason == failed) return reason;
  if (reason.empty()) return failed;
  return fmt::format("{} ({})", reason, failed);
}

}  // namespace hk::b2bua
