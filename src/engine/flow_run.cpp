#include "engine/flow_run.hpp"

#include "base/log.hpp"

namespace hk::engine {

namespace {

std::shared_ptr<spdlog::logger>& lg() {
  static auto l = log::get("engine");
  return l;
}

b2bua::AnswerMode toCall(flow::AnswerMode m) {
  switch (m) {
    case flow::AnswerMode::Now: return b2bua::AnswerMode::Now;
    case flow::AnswerMode::EarlyMedia: return b2bua::AnswerMode::EarlyMedia;
    case flow::AnswerMode::OnConnect: break;
  }
  return b2bua::AnswerMode::OnConnect;
}

}  // namespace

FlowRun::FlowRun(std::shared_ptr<const void> keep_alive, const CompiledFlow& flow,
                 const FlowEnv& env, const Clock& clock, const RunRegistry& runs)
    : keep_alive_(std::move(keep_alive)), flow_(flow), env_(env), clock_(clock), runs_(runs) {}

FlowRun::~FlowRun() = default;

template <class F>
void FlowRun::dispatch(F&& f) {
  ++depth_;
  f();
  --depth_;
  if (depth_ == 0) settle();
}

void FlowRun::settle() {
  ++depth_;
  for (int guard = 0; guard < 10000 && !ended_ && current_; ++guard) {
    if (leave_ == Leave::None && step_call_->takeLinesFull()) {
      current_->onLinesFull(*this);
      continue;
    }
    if (leave_ == Leave::Finish) {
      leave_ = Leave::None;
      endFlow("finished", false);
      break;
    }
    if (leave_ != Leave::Branch) break;
    leave_ = Leave::None;
    const std::string* next = step_->next(branch_);
    if (!next) {
      endFlow("a branch that leads nowhere", true);
      break;
    }
    visit(*next);
  }
  --depth_;
  if (depth_ == 0) retired_.clear();
}

void FlowRun::retire() {
  for (TimerId t : timers_) step_call_->cancelTimer(t);
  timers_.clear();
  if (current_) retired_.push_back(std::move(current_));
  leave_ = Leave::None;
  ++visit_;
}

void FlowRun::visit(const std::string& step_id) {
  retire();
  auto it = flow_.doc.steps.find(step_id);
  if (it == flow_.doc.steps.end()) {  // the document checks this: never here
    endFlow("a step that does not exist", true);
    return;
  }
  if (++visits_[step_id] > flow_.doc.max_visits) {
    HK_LOG_INFO(lg(), "call {}: step {} reached max_visits ({}): the flow ends",
                step_call_->info().trn_id, step_id, flow_.doc.max_visits);
    endFlow("max_visits", true);
    return;
  }
  step_ = &it->second;
  if (auto* rec = step_call_->logRecord()) rec->flow_path.push_back(step_id);
  const MakeRun* make = runs_.find(step_->verb);
  std::unique_ptr<VerbRun> run = make ? (*make)(*step_) : nullptr;
  if (!run) {  // the directory leaves such flows out: never here
    HK_LOG_ERROR(lg(), "call {}: no executor for verb {}", step_call_->info().trn_id, step_->verb);
    endFlow("no executor", true);
    return;
  }
  step_call_->newVisit();
  current_ = std::move(run);
  current_->start(*this);
}

void FlowRun::endFlow(const char* why, bool hang_up) {
  retire();
  done_ = true;
  if (ended_) return;
  HK_LOG_DEBUG(lg(), "call {}: flow {} ends ({})", step_call_->info().trn_id, flow_.id, why);
  if (hang_up && !connected_ && !step_call_->inVoicemail() && !step_call_->hungUp()) {
    step_call_->hangUp(480);  // before an answer: 480; after: BYE
  }
}

void FlowRun::begin(b2bua::CallControl& call) {
  step_call_ = std::make_unique<StepCall>(call);
  step_call_->setLinesFull(lines_full_);
  step_call_->setEarlyMedia(flow_.doc.answer == flow::AnswerMode::EarlyMedia);
  if (auto* rec = call.logRecord()) {
    rec->flow_id = flow_.id;
    rec->flow_version = flow_.version;
  }
  if (flow_.doc.answer != flow::AnswerMode::OnConnect) {
    if (auto st = step_call_->answer(toCall(flow_.doc.answer)); !st) {
      HK_LOG_WARN(lg(), "call {}: answering ({}) failed: {}", call.info().trn_id,
                  flow::answerModeName(flow_.doc.answer), st.error().message);
    }
  }
  if (ended_) return;
  dispatch([&] { visit(flow_.doc.start); });
}

// ---- CallHandler

void FlowRun::onStart(b2bua::CallControl& call) { begin(call); }

void FlowRun::onLinesFull(b2bua::CallControl& call) {
  lines_full_ = true;
  begin(call);
}

void FlowRun::onAttemptFailed(b2bua::CallControl&, const b2bua::AttemptResult& r) {
  if (!current_ || !step_call_->forwarding()) return;
  dispatch([&] { current_->onAttemptFailed(*this, r); });
}

void FlowRun::onConnected(b2bua::CallControl& call) {
  connected_ = true;
  // What the number asks for (as the forward handler does); a record step may have started.
  if (call.info().recording) (void)call.startRecording(*call.info().recording);
  if (!current_ || !step_call_->forwarding()) return;
  dispatch([&] { current_->onConnected(*this); });
}

void FlowRun::onEnded(b2bua::CallControl&) {
  if (ended_) return;
  bool by_us = step_call_ && step_call_->hungUp();
  ended_ = true;
  if (current_ && !by_us) {
    ++depth_;
    current_->onCallerGone(*this);
    --depth_;
  }
  retire();
  done_ = true;
  if (depth_ == 0) retired_.clear();
}

void FlowRun::onPlayDone(b2bua::CallControl&, b2bua::PlayId id, b2bua::PlayEnd end) {
  if (!current_ || !step_call_->takePlay(id)) return;
  dispatch([&] { current_->onPlayDone(*this, id, end); });
}

void FlowRun::onDigit(b2bua::CallControl&, char digit) {
  if (!current_) return;
  dispatch([&] { current_->onDigit(*this, digit); });
}

void FlowRun::onDigits(b2bua::CallControl&, const std::string& digits, b2bua::DigitsEnd end) {
  if (!current_ || !step_call_->takeDigits()) return;
  dispatch([&] { current_->onDigits(*this, digits, end); });
}

void FlowRun::onVoicemailDone(b2bua::CallControl&, const b2bua::VoicemailResult& r) {
  if (!current_ || !step_call_->ownsVoicemail()) return;
  dispatch([&] { current_->onVoicemailDone(*this, r); });
}

void FlowRun::onLineFree(b2bua::CallControl&) {
  if (!current_) return;
  dispatch([&] { current_->onLineFree(*this); });
}

// ---- StepContext

void FlowRun::setVar(const std::string& name, const std::string& value) {
  vars_[name] = value;
  if (auto* rec = step_call_ ? step_call_->logRecord() : nullptr) rec->vars[name] = value;
}

const std::string* FlowRun::var(const std::string& name) const {
  auto it = vars_.find(name);
  return it == vars_.end() ? nullptr : &it->second;
}

void FlowRun::go(std::string_view branch) {
  if (ended_ || done_ || leave_ != Leave::None) return;  // the first word counts
  leave_ = Leave::Branch;
  branch_ = std::string(branch);
}

void FlowRun::finish() {
  if (ended_ || done_ || leave_ != Leave::None) return;
  leave_ = Leave::Finish;
}

TimerId FlowRun::startTimer(std::chrono::milliseconds after, std::function<void()> fn) {
  if (ended_ || done_ || !current_) return 0;
  uint64_t visit = visit_;
  auto id = std::make_shared<TimerId>(0);
  *id = step_call_->startTimer(after, [this, visit, id, fn = std::move(fn)] {
    if (ended_ || visit != visit_ || !current_) return;  // a step left since
    timers_.erase(*id);
    dispatch(fn);
  });
  if (*id != 0) timers_.insert(*id);
  return *id;
}

void FlowRun::cancelTimer(TimerId id) {
  if (timers_.erase(id) != 0) step_call_->cancelTimer(id);
}

}  // namespace hk::engine
