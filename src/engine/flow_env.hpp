#pragma once
// What a running flow reads besides its own document: state that users change while calls
// run (the absence switches). Implemented by the engine's in-memory snapshot, refreshed off
// the loop; read on the call's loop without blocking.
#include "domain/ids.hpp"

namespace hk::engine {

class FlowEnv {
 public:
  virtual ~FlowEnv() = default;
  // The absence switch (不在設定): on when the number's own switch or its advertiser's is.
  virtual bool absent(domain::Id number_id, domain::Id advertiser_id) const = 0;
};

}  // namespace hk::engine
