#pragma once
// A SIP endpoint on one loop: a Transport with its listeners and the TransactionLayer on
// top of it, handing requests to a TransactionUser (the B2BUA). One per signalling loop.
#include <memory>
#include <vector>

#include "base/executor.hpp"
#include "base/metrics.hpp"
#include "base/result.hpp"
#include "sip/timers.hpp"
#include "sip/transaction.hpp"
#include "sip/transport.hpp"

namespace hk::sip {

struct EndpointConfig {
  std::vector<ListenSpec> listen;  // at least one
  TransportConfig transport;
  TimerConfig timers;
};

class Endpoint {
 public:
  // Binds every listener; fails with the first listener that cannot be bound.
  // `metrics` (optional) receives the transport counters and the transaction gauge.
  static hk::Result<std::unique_ptr<Endpoint>> create(EventLoop& loop, TransactionUser& tu,
                                                      EndpointConfig config,
                                                      Executor* dns_workers = nullptr,
                                                      metrics::Registry* metrics = nullptr);
  ~Endpoint();

  EventLoop& loop() { return loop_; }
  Transport& transport() { return *transport_; }
  TransactionLayer& transactions() { return *transactions_; }
  const std::vector<ListenerInfo>& listeners() const { return transport_->listeners(); }

 private:
  explicit Endpoint(EventLoop& loop) : loop_(loop) {}
  EventLoop& loop_;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<TransactionLayer> transactions_;
};

}  // namespace hk::sip
