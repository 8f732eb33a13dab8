// absence: branch on the absence switch (不在設定) users flip while away
// (PUT /api/v1/numbers/{id}/absence, PUT /api/v1/advertisers/{id}/absence).
//   {"verb": "absence", "absent": "<step>", "present": "<step>"}
// The number counts as absent when its own switch or its advertiser's is on.
// Branches: absent, present (both required). No parameters.
#include "flow/verb_registry.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) {
  r.branch("absent", Need::Required);
  r.branch("present", Need::Required);
}

}  // namespace

void registerAbsence(VerbRegistry& r) {
  (void)r.add({"absence",
               "branch on the absence switch of the number or its advertiser",
               {"absent", "present"},
               check});
}

}  // namespace hk::flow
