// The B2BUA's side of outbound-trunk upkeep: a TrunkIo over its sip::Endpoint (OPTIONS
// and REGISTER are client transactions of their own, outside the call counters), name
// lookups (getaddrinfo, and RFC 3263 NAPTR/SRV/A with B2buaOptions::dns) on a worker of
// their own, and the monitor's start and stop.
#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "sip/transport_resolver.hpp"

namespace hk::b2bua {

namespace {

class CoreTrunkIo final : public TrunkIo {
 public:
  explicit CoreTrunkIo(B2bua::Core& core) : core_(core) {}
  ~CoreTrunkIo() override {
    resolver_.reset();  // before the worker it posts to
    workers_.reset();
  }

  void send(const sip::Message& request, const sip::Target& to, sip::ClientCallbacks cb) override {
    auto on_failure = cb.on_failure;
    hk::Error err = hk::Error::unavailable("the SIP endpoint is stopped");
    if (core_.endpoint) {
      auto txn = core_.endpoint->transactions().sendRequest(request, to, std::move(cb));
      if (txn) return;
      err = txn.error();
    }
    HK_LOG_DEBUG(core_.lg, "cannot send {} to {}:{}: {}", request.method(), to.host, to.port,
                 err.message);
    if (on_failure) core_.deps.loop.post([on_failure, err] { on_failure(err); });
  }

  TimerId after(std::chrono::milliseconds delay, std::function<void()> fn) override {
    return core_.deps.loop.runAfter(delay, std::move(fn));
  }

  void cancel(TimerId id) override { core_.deps.loop.cancelTimer(id); }

  void resolve(const std::string& host, std::function<void(const Result<Addresses>&)> cb) override {
    resolver().resolve(host, std::move(cb));
  }

  void locate(const sip::LocateRequest& req,
              std::function<void(const Result<std::vector<sip::Located>>&)> cb) override {
    sip::LocateRequest r = req;
    // Without a TCP listener, NAPTR/SRV pick UDP only (a trunk set to tcp keeps it).
    if (core_.tcp_port == 0 && r.transports.size() > 1) r.transports = {sip::TransportKind::Udp};
    resolver().locate(std::move(r), std::move(cb));
  }

  std::string contact(sip::TransportKind t, std::string_view user) const override {
    if (t == sip::TransportKind::Tcp) {
      return fmt::format("<sip:{}@{}:{};transport=tcp>", user, core_.adv_ip, core_.tcp_port);
    }
    return fmt::format("<sip:{}@{}:{}>", user, core_.adv_ip, core_.udp_port);
  }

  std::string localHost() const override { return core_.adv_ip; }

  std::chrono::milliseconds stopWait() const override {
    return std::min(core_.opts.timers.timerF(), std::chrono::milliseconds(3000));
  }

 private:
  sip::Resolver& resolver() {
    if (!resolver_) {
      workers_ = std::make_unique<WorkerPool>("sip-dns", 1);
      sip::ResolverConfig rc = core_.opts.dns;
      rc.max_entries = 0;  // getaddrinfo: every lookup asks the system again (DNS: by TTL)
      resolver_ = std::make_unique<sip::Resolver>(core_.deps.loop, *workers_, core_.deps.clock, rc);
    }
    return *resolver_;
  }

  B2bua::Core& core_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<sip::Resolver> resolver_;
};

}  // namespace

void B2bua::Core::startTrunks() {
  if (stopping || trunk_monitor) return;
  trunk_io = std::make_unique<CoreTrunkIo>(*this);
  trunk_monitor = std::make_unique<TrunkMonitor>(*trunk_io, deps.trunks, deps.metrics);
  trunk_monitor->start();
}

void B2bua::Core::stopTrunks(std::function<void()> done) {
  if (!trunk_monitor) return done();
  trunk_monitor->stop([this, done = std::move(done)] {
    // Not from inside the monitor's own callback: on the next loop turn.
    deps.loop.post([this, done] {
      trunk_monitor.reset();
      trunk_io.reset();
      done();
    });
  });
}

}  // namespace hk::b2bua
