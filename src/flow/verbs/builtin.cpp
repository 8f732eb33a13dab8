// The verbs of Hankyo: adding a verb is a file in this folder plus one line here.
#include "flow/verb_registry.hpp"

namespace hk::flow {

const VerbRegistry& VerbRegistry::builtin() {
  static const VerbRegistry registry = [] {
    VerbRegistry r;
    for (auto reg : {registerAbsence, registerForward, registerGather, registerHangup, registerPlay,
                     registerQueue, registerReception, registerRecord, registerSay,
                     registerSchedule, registerSet, registerSms, registerVoicemail}) {
      reg(r);
    }
    return r;
  }();
  return registry;
}

}  // namespace hk::flow
