#include "sip/endpoint.hpp"

namespace hk::sip {

hk::Result<std::unique_ptr<Endpoint>> Endpoint::create(EventLoop& loop, TransactionUser& tu,
                                                       EndpointConfig config, Executor* dns_workers,
                                                       metrics::Registry* metrics) {
  if (config.listen.empty()) return hk::Error::invalid("no SIP listener configured", "listen");
  if (metrics != nullptr) config.transport.metrics = metrics;
  std::unique_ptr<Endpoint> ep(new Endpoint(loop));
  ep->transport_ = std::make_unique<Transport>(loop, config.transport, dns_workers);
  for (const ListenSpec& spec : config.listen) {
    auto l = ep->transport_->listen(spec);
    if (!l) return l.error();
  }
  ep->transactions_ =
      std::make_unique<TransactionLayer>(loop, *ep->transport_, tu, config.timers, metrics);
  return ep;
}

Endpoint::~Endpoint() {
  transactions_.reset();  // before the transport it uses
  transport_.reset();
}

}  // namespace hk::sip
