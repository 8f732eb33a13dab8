#pragma once
// One call running one flow: the CallHandler the B2BUA drives, and the StepContext of its
// current step. It starts the document's steps in turn (one VerbRun per visit, from the
// RunRegistry), passes the call's events to the step that asked for them (StepCall drops
// the rest), follows the branch a step leaves through, bounds every step's visits by
// max_visits, and writes flow_id, flow_version, flow_path and vars onto the call's log.
// A branch that leads nowhere ends the flow: the caller is hung up (480 before an answer,
// BYE after) unless a callee is connected or the caller is in voicemail.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/flow_directory.hpp"
#include "engine/step_call.hpp"
#include "engine/verb_run.hpp"

namespace hk::engine {

class FlowRun final : public b2bua::CallHandler, public StepContext {
 public:
  // `flow` lives in `snapshot` (or outlives the run); `env` is what steps read (absence).
  FlowRun(std::shared_ptr<const void> keep_alive, const CompiledFlow& flow, const FlowEnv& env,
          const Clock& clock, const RunRegistry& runs = RunRegistry::builtin());
  ~FlowRun() override;

  // ---- CallHandler
  void onStart(b2bua::CallControl& call) override;
  void onLinesFull(b2bua::CallControl& call) override;
  void onAttemptFailed(b2bua::CallControl& call, const b2bua::AttemptResult& r) override;
  void onConnected(b2bua::CallControl& call) override;
  void onEnded(b2bua::CallControl& call) override;
  void onPlayDone(b2bua::CallControl& call, b2bua::PlayId id, b2bua::PlayEnd end) override;
  void onDigit(b2bua::CallControl& call, char digit) override;
  void onDigits(b2bua::CallControl& call, const std::string& digits, b2bua::DigitsEnd end) override;
  void onVoicemailDone(b2bua::CallControl& call, const b2bua::VoicemailResult& r) override;
  void onLineFree(b2bua::CallControl& call) override;

  // ---- StepContext
  b2bua::CallControl& call() override { return *step_call_; }
  const flow::Step& step() const override { return *step_; }
  const FlowEnv& env() const override { return env_; }
  const Clock& clock() const override { return clock_; }
  bool connected() const override { return connected_; }
  void setVar(const std::string& name, const std::string& value) override;
  const std::string* var(const std::string& name) const override;
  void go(std::string_view branch) override;
  void finish() override;
  TimerId startTimer(std::chrono::milliseconds after, std::function<void()> fn) override;
  void cancelTimer(TimerId id) override;

  bool running() const { return current_ != nullptr; }

 private:
  enum class Leave { None, Branch, Finish };

  void begin(b2bua::CallControl& call);
  // Runs `f` against the current step, then follows what it asked for (go/finish), start
  // after start, until a step waits for an event. Re-entrant: only the outermost settles.
  template <class F>
  void dispatch(F&& f);
  void settle();
  void visit(const std::string& step_id);
  void endFlow(const char* why, bool hang_up);
  void retire();

  std::shared_ptr<const void> keep_alive_;
  const CompiledFlow& flow_;
  const FlowEnv& env_;
  const Clock& clock_;
  const RunRegistry& runs_;
  std::unique_ptr<StepCall> step_call_;
  const flow::Step* step_ = nullptr;
  std::unique_ptr<VerbRun> current_;
  std::vector<std::unique_ptr<VerbRun>> retired_;  // destroyed once no handler runs
  uint64_t visit_ = 0;                             // generation of the current visit
  std::set<TimerId> timers_;                       // the current visit's
  std::map<std::string, int> visits_;
  std::map<std::string, std::string> vars_;
  Leave leave_ = Leave::None;
  std::string branch_;
  int depth_ = 0;
  bool lines_full_ = false;
  bool connected_ = false;
  bool ended_ = false;
  bool done_ = false;  // the flow has ended (the call may go on, connected)
};

}  // namespace hk::engine
