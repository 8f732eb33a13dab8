// absence: the executor (the document's validator is flow/verbs/absence.cpp). Reads the
// engine's snapshot of the absence switches (FlowEnv, never the store) for the called
// number and its advertiser: absent when either is on.
#include "engine/flow_env.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {
namespace {

class AbsenceRun final : public VerbRun {
 public:
  void start(StepContext& ctx) override {
    const auto& number = ctx.call().info().number;
    ctx.go(ctx.env().absent(number.id, number.advertiser_id) ? "absent" : "present");
  }
};

}  // namespace

void registerAbsenceRun(RunRegistry& r) {
  r.add("absence", [](const flow::Step&) { return std::make_unique<AbsenceRun>(); });
}

}  // namespace hk::engine
