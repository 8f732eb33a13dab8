#pragma once
// How the flow engine runs a step. Each verb has a validator (flow/verbs/<verb>.cpp, in the
// VerbRegistry) and an executor (engine/verbs/<verb>.cpp, in the RunRegistry below); the
// engine knows no verb by name. One VerbRun object runs one visit of one step on one call:
// the engine creates it, calls start(), passes it the call's events while it is the current
// step, and destroys it after it leaves (go/finish). Everything runs on the call's event
// loop; nothing here may block (TTS, files and the store are behind CallControl / FlowEnv).
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "b2bua/call_control.hpp"
#include "base/clock.hpp"
#include "flow/flow_doc.hpp"

namespace hk::engine {

using flow::Json;
class FlowEnv;  // engine/flow_env.hpp: state users change while calls run (absence)

using TimerId = uint64_t;

// What a running step may use. Implemented by the engine's per-call run.
class StepContext {
 public:
  virtual ~StepContext() = default;
  virtual b2bua::CallControl& call() = 0;
  virtual const flow::Step& step() const = 0;
  const Json& params() const { return step().params; }
  virtual const FlowEnv& env() const = 0;
  virtual const Clock& clock() const = 0;
  // A callee answered and is bridged to the caller (forward): plays "to callee" reach it.
  virtual bool connected() const { return false; }

  // Call variables and tags: written to the call log's vars (set, gather "variable",
  // reception answers...).
  virtual void setVar(const std::string& name, const std::string& value) = 0;
  virtual const std::string* var(const std::string& name) const = 0;

  // Leaves this step through `branch` ("on_busy", "choices/1", "next"...). When the step
  // has no such branch, the flow ends (the call is hung up unless it is connected or in
  // voicemail). The VerbRun is destroyed after the current event handler returns.
  virtual void go(std::string_view branch) = 0;
  // The flow ends here, leaving the call as it is (connected, or hung up by the step).
  virtual void finish() = 0;

  // One-shot timer on the call's loop; cancelled when the step is left or the call ends.
  virtual TimerId startTimer(std::chrono::milliseconds after, std::function<void()> fn) = 0;
  virtual void cancelTimer(TimerId id) = 0;
};

// One visit of one step. Event handlers default to "not mine": the engine drops events a
// step does not handle (a late onPlayDone of a previous step's prompt...).
class VerbRun {
 public:
  virtual ~VerbRun() = default;
  virtual void start(StepContext& ctx) = 0;
  virtual void onPlayDone(StepContext&, b2bua::PlayId, b2bua::PlayEnd) {}
  virtual void onDigit(StepContext&, char) {}
  virtual void onDigits(StepContext&, const std::string&, b2bua::DigitsEnd) {}
  virtual void onAttemptFailed(StepContext&, const b2bua::AttemptResult&) {}
  virtual void onConnected(StepContext&) {}
  virtual void onVoicemailDone(StepContext&, const b2bua::VoicemailResult&) {}
  virtual void onLinesFull(StepContext& ctx) { ctx.go("on_busy"); }
  virtual void onLineFree(StepContext&) {}  // queue: a line freed and it is this call's turn
  // The caller hung up while this step ran (the engine then ends the run).
  virtual void onCallerGone(StepContext&) {}
};

using MakeRun = std::function<std::unique_ptr<VerbRun>(const flow::Step&)>;

class RunRegistry {
 public:
  void add(std::string verb, MakeRun make) { runs_[std::move(verb)] = std::move(make); }
  const MakeRun* find(std::string_view verb) const {
    auto it = runs_.find(verb);
    return it == runs_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, make] : runs_) out.push_back(name);
    return out;
  }
  // Every executor of Hankyo (engine/verbs/builtin.cpp), built once.
  static const RunRegistry& builtin();

 private:
  std::map<std::string, MakeRun, std::less<>> runs_;
};

}  // namespace hk::engine
