#pragma once
// The executors' register functions, one per file in engine/verbs/ (listed in builtin.cpp).
// Explicit for the same reason as flow/verb_registry.hpp: a static library drops object files
// nothing refers to.
#include "engine/verb_run.hpp"

namespace hk::engine {

void registerAbsenceRun(RunRegistry& r);
void registerForwardRun(RunRegistry& r);
void registerGatherRun(RunRegistry& r);
void registerHangupRun(RunRegistry& r);
void registerPlayRun(RunRegistry& r);
void registerQueueRun(RunRegistry& r);
void registerReceptionRun(RunRegistry& r);
void registerRecordRun(RunRegistry& r);
void registerSayRun(RunRegistry& r);
void registerScheduleRun(RunRegistry& r);
void registerSetRun(RunRegistry& r);
void registerSmsRun(RunRegistry& r);
void registerVoicemailRun(RunRegistry& r);

}  // namespace hk::engine
