#pragma once
// What outbound-trunk upkeep (OPTIONS keep-alive, REGISTER, DNS) needs from the signalling
// loop, so that it can be driven by a fake in unit tests: sending a request as a client
// transaction, timers, name lookups and our own Contact. Everything runs on the loop.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/timer_queue.hpp"
#include "sip/dns_locator.hpp"
#include "sip/message.hpp"
#include "sip/transaction.hpp"
#include "sip/transport_types.hpp"

namespace hk::b2bua {

class TrunkIo {
 public:
  using Addresses = std::vector<std::string>;
  virtual ~TrunkIo() = default;

  // A new client transaction (the layer adds Via); `cb` gets the responses and a failure
  // (timer F, transport error). A request that cannot be sent fails through `cb` later.
  virtual void send(const sip::Message& request, const sip::Target& to,
                    sip::ClientCallbacks cb) = 0;
  virtual TimerId after(std::chrono::milliseconds delay, std::function<void()> fn) = 0;
  virtual void cancel(TimerId id) = 0;
  // A fresh lookup of a host name (never a cached answer); the callback runs on the loop.
  virtual void resolve(const std::string& host,
                       std::function<void(const Result<Addresses>&)> cb) = 0;
  // RFC 3263 candidates for an outbound trunk's host, in the order to try them; the callback
  // runs on the loop. Default: resolve() on the request's port (5060) and first transport.
  virtual void locate(const sip::LocateRequest& req,
                      std::function<void(const Result<std::vector<sip::Located>>&)> cb) {
    uint16_t port = req.port.value_or(5060);
    auto t = req.transports.empty() ? sip::TransportKind::Udp : req.transports.front();
    resolve(req.host, [port, t, host = req.host, cb = std::move(cb)](const Result<Addresses>& r) {
      if (!r) return cb(r.error());
      std::vector<sip::Located> out;
      for (const auto& a : *r) out.push_back(sip::Located{t, a, port, host, "A"});
      cb(out);
    });
  }
  // "<sip:user@our-address:port>" (;transport=tcp for TCP).
  virtual std::string contact(sip::TransportKind t, std::string_view user) const = 0;
  // Our address as put in From of out-of-dialog requests.
  virtual std::string localHost() const = 0;
  // How long shutdown waits for an un-REGISTER to be answered.
  virtual std::chrono::milliseconds stopWait() const = 0;
};

}  // namespace hk::b2bua
