// sms: the executor (the document's validator is flow/verbs/sms.cpp). There is no SMS sender
// yet: the step records that a message is wanted on the call log, for the sender to come
// (SPEC §9): vars sms_to (the target kind "caller", or the number given), sms_text, and
// sms_status ("wanted", or "skipped: withheld caller" when the caller's number is unknown).
// The caller's number is never in clear on the loop, so "caller" stays a kind, resolved by
// the sender from the call log. Logged at info with any number masked; then next.
#include "base/log.hpp"
#include "engine/verbs/common/step_params.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {
namespace {

class SmsRun final : public VerbRun {
 public:
  SmsRun(std::string to, std::string text) : to_(std::move(to)), text_(std::move(text)) {}

  void start(StepContext& ctx) override {
    auto& call = ctx.call();
    const bool to_caller = to_ == "caller";
    std::string status = "wanted";
    if (to_caller) {
      const auto* rec = call.logRecord();
      if (call.info().caller_masked.empty() ||
          (rec && rec->clr_type == domain::DeviceType::Withheld)) {
        status = "skipped: withheld caller";
      }
    }
    ctx.setVar("sms_to", to_);
    ctx.setVar("sms_text", text_);
    ctx.setVar("sms_status", status);
    HK_LOG_INFO(log::get("engine"), "call {}: sms {}: {} (to {}, {} bytes)", call.info().trn_id,
                ctx.step().id, status,
                to_caller ? "the caller " + call.info().caller_masked : log::maskNumber(to_),
                text_.size());
    ctx.go("next");
  }

 private:
  std::string to_;
  std::string text_;
};

}  // namespace

void registerSmsRun(RunRegistry& r) {
  r.add("sms", [](const flow::Step& s) {
    return std::make_unique<SmsRun>(verbs::stringParam(s.params, "to", "caller"),
                                    verbs::stringParam(s.params, "text"));
  });
}

}  // namespace hk::engine
