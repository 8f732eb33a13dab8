#include "engine/verbs/register.hpp"

namespace hk::engine {

const RunRegistry& RunRegistry::builtin() {
  static const RunRegistry registry = [] {
    RunRegistry r;
    registerAbsenceRun(r);
    registerForwardRun(r);
    registerGatherRun(r);
    registerHangupRun(r);
    registerPlayRun(r);
    registerQueueRun(r);
    registerReceptionRun(r);
    registerRecordRun(r);
    registerSayRun(r);
    registerScheduleRun(r);
    registerSetRun(r);
    registerSmsRun(r);
    registerVoicemailRun(r);
    return r;
  }();
  return registry;
}

}  // namespace hk::engine
