// hangup: the executor (the document's validator is flow/verbs/hangup.cpp). Ends the call:
// normal -> 480 before an answer, BYE after; busy 486, rejected 603, unavailable 503 (the
// code only matters before the answer: after it, a BYE). The call log says the system hung
// up through the flow (calllog::SystemReason::FlowHangup).
#include "engine/verbs/register.hpp"

namespace hk::engine {

namespace {

int codeOf(const std::string& reason) {
  if (reason == "busy") return 486;
  if (reason == "rejected") return 603;
  if (reason == "unavailable") return 503;
  return 480;
}

class HangupRun final : public VerbRun {
 public:
  void start(StepContext& ctx) override {
    int code = codeOf(ctx.params().value("reason", std::string("normal")));
    ctx.finish();
    ctx.call().hangUp(code);
  }
};

}  // namespace

void registerHangupRun(RunRegistry& r) {
  r.add("hangup", [](const flow::Step&) { return std::make_unique<HangupRun>(); });
}

}  // namespace hk::engine
