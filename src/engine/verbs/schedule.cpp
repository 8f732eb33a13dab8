// schedule: the executor (the document's validator is flow/verbs/schedule.cpp). The hours are
// compiled when the step's run is made (the time zone comes from the process-wide cache the
// validator filled on save) and asked once, at the engine clock's now: open, else holiday
// when the step has that branch and the reason is a national holiday or a special day, else
// closed. The reason ("weekday hours", "outside hours", "holiday: 元日", "special day: 年末")
// is kept on the call log as the variable "schedule". A schedule that no longer compiles (its
// time zone vanished from the system) counts as closed, reason "error: ...".
#include "base/log.hpp"
#include "engine/verbs/register.hpp"
#include "flow/schedule_json.hpp"

namespace hk::engine {
namespace {

Result<flow::Schedule> compile(const flow::Step& step) {
  const Json& p = step.params;
  if (!p.is_object() || !p.contains("hours")) return fail(Code::Invalid, "no hours", "hours");
  return flow::scheduleFromJson(p["hours"]);
}

class ScheduleRun final : public VerbRun {
 public:
  explicit ScheduleRun(Result<flow::Schedule> schedule) : schedule_(std::move(schedule)) {}

  void start(StepContext& ctx) override {
    if (!schedule_) {
      HK_LOG_WARN(log::get("engine"), "call {}: schedule {}: unusable hours: {}",
                  ctx.call().info().trn_id, ctx.step().id, schedule_.error().message);
      ctx.setVar("schedule", "error: " + schedule_.error().message);
      ctx.go("closed");
      return;
    }
    flow::OpenStatus st = schedule_->isOpen(ctx.clock().now());
    ctx.setVar("schedule", st.reason);
    if (st.open) return ctx.go("open");
    const bool holiday = st.basis != flow::OpenStatus::Basis::Weekday;
    ctx.go(holiday && ctx.step().next("holiday") ? "holiday" : "closed");
  }

 private:
  Result<flow::Schedule> schedule_;
};

}  // namespace

void registerScheduleRun(RunRegistry& r) {
  r.add("schedule", [](const flow::Step& s) { return std::make_unique<ScheduleRun>(compile(s)); });
}

}  // namespace hk::engine
