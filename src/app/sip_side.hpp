#pragma once
// The SIP side of hankyod: the calls' event loop, the RTP port pool and media engine, the
// B2BUA, and GET /debug/counters (live calls, transactions, dialogs, RTP ports). Built
// from the [sip] and [trunk.NAME] sections; with no sip.udp_listen the SIP side is off and
// /debug/counters is not served.
#include <memory>

#include "api/router.hpp"
#include "b2bua/attribution_hook.hpp"
#include "base/clock.hpp"
#include "base/config.hpp"
#include "base/metrics.hpp"
#include "base/result.hpp"

namespace hk::store {
class Store;
}
namespace hk::calllog {
class Writer;
}
namespace hk::secure {
class KeyRing;
}
namespace hk::media {
class PromptStore;
}

namespace hk::app {

class SipSide {
 public:
  // `prompts`: the process's prompt store (the API uploads into the same one); required
  // when the SIP side is on, and must outlive the SipSide.
  static Result<std::unique_ptr<SipSide>> create(const Config& cfg, const Clock& clock,
                                                 store::Store& store, calllog::Writer& writer,
                                                 const secure::KeyRing& keys,
                                                 metrics::Registry& metrics,
                                                 media::PromptStore* prompts,
                                                 b2bua::AttributeFn attribute = {});
  ~SipSide();
  void addRoutes(api::Router& router);
  void stop();  // ends the calls, stops the loops; idempotent

  struct Impl;

 private:
  explicit SipSide(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hk::app
