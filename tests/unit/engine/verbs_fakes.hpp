#pragma once
// Test doubles for the step executors (gather, schedule, absence, record, voicemail, sms,
// queue, reception): a CallControl that behaves like the B2BUA core where the verbs can
// tell (a play to a party replaces the one playing there, a play ends Stopped when stopped
// and BargeIn on a key, a new collection replaces the old one without an event, digits end
// at max/terminator/timeout, a stopped recording writes its path on the record, a line
// queue where the test says where the call stands), a StepContext that records what the
// step did (vars, branches, timers fired by hand), and VerbHarness, which runs one step
// built from a checked flow document and delivers events the way the engine does (none
// after the step left).
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/flow_env.hpp"
#include "engine/verb_run.hpp"
#include "flow/flow_doc.hpp"
#include "support/fake_clock.hpp"

namespace hk::engine::test {

// A step as the engine gets it: `step` checked inside a flow document whose other steps
// are the branch targets named in `targets` (hang-ups).
inline flow::Step checkedStep(const Json& step, const std::vector<std::string>& targets) {
  Json doc = {{"name", "verbs test"}, {"start", "step"}, {"steps", {{"step", step}}}};
  for (const auto& t : targets) doc["steps"][t] = {{"verb", "hangup"}};
  auto check = flow::checkFlow(doc);
  if (!check.ok()) {
    std::string why;
    for (const auto& e : check.errors) why += e.field + ": " + e.reason + "; ";
    throw std::invalid_argument("bad test step: " + why);
  }
  return check.document->steps.at("step");
}

class FakeEnv final : public FlowEnv {
 public:
  bool absent(domain::Id number_id, domain::Id advertiser_id) const override {
    return absent_numbers.count(number_id) || absent_advertisers.count(advertiser_id);
  }
  std::set<domain::Id> absent_numbers;
  std::set<domain::Id> absent_advertisers;
};

class FakeCall final : public b2bua::CallControl {
 public:
  struct Play {
    b2bua::PlayId id = 0;
    b2bua::PlaySpec spec;
  };

  FakeCall() {
    info_.trn_id = "TRNTEST000000000000000001";
    info_.dialled = "0501234567";
    info_.number.id = 12;
    info_.number.advertiser_id = 3;
    info_.number.number = "0501234567";
    info_.caller_masked = "090****5678";
  }

  const b2bua::CallInfo& info() const override { return info_; }
  void forward(const std::string& d, std::chrono::seconds) override { forwards.push_back(d); }
  void hangUp(int sip_code) override { hangups.push_back(sip_code); }

  Status answer(b2bua::AnswerMode m) override {
    answers.push_back(m);
    if (answered) return fail(Code::Conflict, "the caller is answered already");
    if (m == b2bua::AnswerMode::Now) answered = true;
    return ok();
  }

  b2bua::PlayId play(const b2bua::PlaySpec& spec) override {
    if (ended) return 0;
    Play p{next_play_++, spec};
    plays.push_back(p);
    // A play to a party replaces the one playing there.
    std::vector<b2bua::PlayId> old;
    for (const auto& [id, s] : active_) {
      if (s.to == spec.to) old.push_back(id);
    }
    for (auto id : old) endPlay(id, b2bua::PlayEnd::Stopped);
    active_[p.id] = spec;
    return p.id;
  }
  void stopPlay(b2bua::PlayId id) override {
    stopped.push_back(id);
    endPlay(id, b2bua::PlayEnd::Stopped);
  }

  Status collectDigits(const b2bua::DigitSpec& spec) override {
    if (!collect_status) return collect_status;
    collections.push_back(spec);
    collecting = true;  // replaces a running one, without an event
    digits_.clear();
    return ok();
  }

  Status startRecording(const b2bua::RecordSpec& spec) override {
    if (!record_status) return record_status;
    if (recording) return fail(Code::Conflict, "already recording");
    recording = true;
    record_specs.push_back(spec);
    return ok();
  }
  void stopRecording() override {
    ++record_stops;
    if (!recording) return;
    recording = false;
    record.recording =
        "/media/recordings/" + info_.trn_id + "-" + std::to_string(record_specs.size()) + ".wav";
  }

  Status voicemail(const b2bua::VoicemailSpec& spec) override {
    if (!voicemail_status) return voicemail_status;
    voicemails.push_back(spec);
    answered = true;
    return ok();
  }

  domain::CallRecord* logRecord() override { return &record; }

  bool linesFull() const override { return !has_line; }
  Status waitForLine(size_t max_callers) override {
    max_callers_asked = max_callers;
    if (queue_status_override) return *queue_status_override;
    if (waiting) return fail(Code::Conflict, "waiting");
    if (max_callers > 0 && ahead >= max_callers) return fail(Code::TooLarge, "full");
    waiting = true;
    has_line = false;
    return ok();
  }
  void leaveLineQueue(bool gave_up) override {
    if (!waiting) return;
    waiting = false;
    gave_up_ = gave_up;
    left_queue = true;
  }
  size_t linePosition() const override { return waiting ? ahead + 1 : 0; }
  void markReception() override { reception = true; }

  // ---- driving it (what the media side would do)

  // Ends a play: the handler hears onPlayDone (unless it was over already).
  void endPlay(b2bua::PlayId id, b2bua::PlayEnd why) {
    if (!active_.erase(id)) return;
    if (on_play_done) on_play_done(id, why);
  }
  // The most recent play still playing; 0 if none.
  b2bua::PlayId playing() const { return active_.empty() ? 0 : active_.rbegin()->first; }
  const b2bua::PlaySpec& current() const { return active_.rbegin()->second; }
  // Finishes the most recent play still playing.
  void finishPlay() { endPlay(playing(), b2bua::PlayEnd::Finished); }
  // The running collection ends with `d` (without the key-by-key events).
  void digits(const std::string& d, b2bua::DigitsEnd why) {
    ASSERT_TRUE(collecting);
    collecting = false;
    digits_.clear();
    if (on_digits) on_digits(d, why);
  }

  // The caller presses `key`: barge-in plays end, onDigit, then the collection takes it.
  void press(char key) {
    std::vector<b2bua::PlayId> barged;
    for (const auto& [id, spec] : active_) {
      if (spec.barge_in) barged.push_back(id);
    }
    for (auto id : barged) endPlay(id, b2bua::PlayEnd::BargeIn);
    if (on_digit) on_digit(key);
    if (!collecting) return;
    const auto& spec = collections.back();
    if (spec.terminator && key == *spec.terminator)
      return finishDigits(b2bua::DigitsEnd::Terminator);
    digits_.push_back(key);
    if (digits_.size() >= spec.max_digits) finishDigits(b2bua::DigitsEnd::Max);
  }
  void pressAll(const std::string& keys) {
    for (char k : keys) press(k);
  }
  // The running collection's timer fires (first or inter-digit timeout).
  void digitTimeout() {
    if (collecting) finishDigits(b2bua::DigitsEnd::Timeout);
  }

  b2bua::CallInfo info_;
  domain::CallRecord record;
  bool answered = false;
  bool ended = false;
  bool collecting = false;
  bool recording = false;
  int record_stops = 0;
  bool reception = false;
  // The line queue: has_line once a line is free, `ahead` calls waiting before this one.
  bool has_line = false;
  bool waiting = false;
  bool left_queue = false;
  bool gave_up_ = false;
  size_t ahead = 0;
  size_t max_callers_asked = 0;
  std::optional<Status> queue_status_override;
  Status collect_status = ok();
  Status record_status = ok();
  Status voicemail_status = ok();
  std::vector<std::string> forwards;
  std::vector<int> hangups;
  std::vector<b2bua::AnswerMode> answers;
  std::vector<Play> plays;
  std::vector<b2bua::PlayId> stopped;
  std::vector<b2bua::DigitSpec> collections;
  std::vector<b2bua::RecordSpec> record_specs;
  std::vector<b2bua::VoicemailSpec> voicemails;

  std::function<void(b2bua::PlayId, b2bua::PlayEnd)> on_play_done;
  std::function<void(char)> on_digit;
  std::function<void(const std::string&, b2bua::DigitsEnd)> on_digits;

 private:
  void finishDigits(b2bua::DigitsEnd why) {
    collecting = false;
    std::string d = std::move(digits_);
    digits_.clear();
    if (on_digits) on_digits(d, why);
  }

  b2bua::PlayId next_play_ = 1;
  std::map<b2bua::PlayId, b2bua::PlaySpec> active_;
  std::string digits_;
};

class FakeStepContext final : public StepContext {
 public:
  FakeStepContext(FakeCall& call, const flow::Step& step, const FlowEnv& env, const Clock& clock)
      : call_(call), step_(step), env_(env), clock_(clock) {}

  b2bua::CallControl& call() override { return call_; }
  const flow::Step& step() const override { return step_; }
  const FlowEnv& env() const override { return env_; }
  const Clock& clock() const override { return clock_; }
  // Like the engine: the flow's vars, copied onto the call record.
  void setVar(const std::string& name, const std::string& value) override {
    vars[name] = value;
    call_.record.vars[name] = value;
  }
  const std::string* var(const std::string& name) const override {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : &it->second;
  }
  void go(std::string_view branch) override {
    if (left()) ADD_FAILURE() << "go(" << branch << ") after the step left";
    went.emplace_back(branch);
  }
  void finish() override {
    if (left()) ADD_FAILURE() << "finish() after the step left";
    finished = true;
  }
  TimerId startTimer(std::chrono::milliseconds after, std::function<void()> fn) override {
    timers[++next_timer_] = {after, std::move(fn)};
    return next_timer_;
  }
  void cancelTimer(TimerId id) override { timers.erase(id); }

  // Fires the pending timer set for `after` (the test's clock).
  bool fire(std::chrono::milliseconds after) {
    for (auto it = timers.begin(); it != timers.end(); ++it) {
      if (it->second.first == after) {
        auto fn = std::move(it->second.second);
        timers.erase(it);
        fn();
        return true;
      }
    }
    return false;
  }

  bool left() const { return finished || !went.empty(); }
  // The branch taken ("" while the step runs, "<finish>" when the flow ended there).
  std::string outcome() const {
    if (!went.empty()) return went.front();
    return finished ? "<finish>" : "";
  }

  std::map<std::string, std::string> vars;
  std::vector<std::string> went;
  bool finished = false;
  std::map<TimerId, std::pair<std::chrono::milliseconds, std::function<void()>>> timers;

 private:
  FakeCall& call_;
  const flow::Step& step_;
  const FlowEnv& env_;
  const Clock& clock_;
  TimerId next_timer_ = 0;
};

// One visit of one step; events reach the run only while it is the current step.
class VerbHarness {
 public:
  VerbHarness(const Json& step, const std::vector<std::string>& targets)
      : step_(checkedStep(step, targets)), ctx(call, step_, env, clock) {
    const MakeRun* make = RunRegistry::builtin().find(step_.verb);
    if (!make) throw std::invalid_argument("no executor for " + step_.verb);
    run = (*make)(step_);
    call.on_play_done = [this](b2bua::PlayId id, b2bua::PlayEnd why) {
      if (!ctx.left()) run->onPlayDone(ctx, id, why);
    };
    call.on_digit = [this](char d) {
      if (!ctx.left()) run->onDigit(ctx, d);
    };
    call.on_digits = [this](const std::string& d, b2bua::DigitsEnd why) {
      if (!ctx.left()) run->onDigits(ctx, d, why);
    };
  }

  void start() { run->start(ctx); }
  void voicemailDone(const b2bua::VoicemailResult& r) {
    if (!ctx.left()) run->onVoicemailDone(ctx, r);
  }
  // A line frees for the queued call.
  void lineFree() {
    call.waiting = false;
    call.has_line = true;
    if (!ctx.left()) run->onLineFree(ctx);
  }
  void callerGone() {
    if (!ctx.left()) run->onCallerGone(ctx);
  }

  FakeCall call;
  FakeEnv env;
  hk::test::FakeClock clock;

 private:
  flow::Step step_;

 public:
  FakeStepContext ctx;
  std::unique_ptr<VerbRun> run;
};

}  // namespace hk::engine::test
