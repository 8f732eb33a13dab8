// hangup: end the call.
//   {"verb": "hangup", "reason": "normal"}
// reason  normal (default: BYE, or 480 when the caller was never answered), busy (486),
//         rejected (603), unavailable (503)
// No branches.
#include "flow/verb_registry.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) { r.oneOf("reason", {"normal", "busy", "rejected", "unavailable"}); }

}  // namespace

void registerHangup(VerbRegistry& r) { (void)r.add({"hangup", "end the call", {}, check}); }

}  // namespace hk::flow
