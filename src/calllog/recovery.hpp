#pragma once
// Start-up recovery of calls left in_progress by a crash or a kill -9.
#include "base/clock.hpp"
#include "base/result.hpp"
#include "store/store.hpp"

namespace hk::calllog {

// Closes every call still in_progress so none is lost, in one transaction, and returns how
// many. Run it before the SIP side accepts calls (and before the Writer writes). Each gets
// eoc_tms = last_activity (never before din_tms or tst_tms, never after now), hup_usr
// system, end_reason "crash recovery", and dial_stat from the outcome rules with the facts
// the row knows: its attempts if it has any (a busy attempt stays busy), answered when
// tst_tms is set, and otherwise incomplete (the call never completed; the record cannot say
// who left). Durations come from wall-time differences: the monotonic stamps died with the
// process.
Result<int> recoverInProgress(store::Store& store, const Clock& clock);

}  // namespace hk::calllog
