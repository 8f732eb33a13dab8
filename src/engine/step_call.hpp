#pragma once
// The CallControl a step sees (StepContext::call()): the call itself, plus what the
// engine needs to route the call's events to the step that asked for them. It notes what
// the current visit started (its plays, a digit collection, a forwarding attempt, a
// voicemail), so that events of an earlier step are dropped; it answers the caller before
// the first digit collection when the flow plays early media; and while the number's
// lines are full, a forward is not placed: the step gets onLinesFull instead.
#include <set>

#include "b2bua/call_control.hpp"

namespace hk::engine {

class StepCall final : public b2bua::CallControl {
 public:
  explicit StepCall(b2bua::CallControl& call) : call_(call) {}

  // ---- The engine's side
  void newVisit();  // forgets what the previous visit started
  void setLinesFull(bool full) { lines_full_ = full; }
  void setEarlyMedia(bool early) { early_media_ = early; }
  // An event is the current visit's: true once (the play id / collection / attempt...).
  bool takePlay(b2bua::PlayId id) { return plays_.erase(id) != 0; }
  bool takeDigits();
  bool forwarding() const { return forwarding_; }
  bool ownsVoicemail() const { return voicemail_; }
  bool inVoicemail() const { return in_voicemail_; }
  bool hungUp() const { return hung_up_; }
  bool answeredByUs() const { return answered_now_; }
  // A forward refused because the lines are full (deliver onLinesFull); true once.
  bool takeLinesFull();

  // ---- CallControl
  const b2bua::CallInfo& info() const override { return call_.info(); }
  void forward(const std::string& destination, std::chrono::seconds ring_timeout) override;
  void forward(const std::string& destination, const b2bua::ForwardOptions& options) override;
  void hangUp(int sip_code) override;
  Status answer(b2bua::AnswerMode mode) override;
  b2bua::PlayId play(const b2bua::PlaySpec& spec) override;
  void stopPlay(b2bua::PlayId id) override { call_.stopPlay(id); }
  Status collectDigits(const b2bua::DigitSpec& spec) override;
  Status startRecording(const b2bua::RecordSpec& spec) override {
    return call_.startRecording(spec);
  }
  void stopRecording() override { call_.stopRecording(); }
  Status voicemail(const b2bua::VoicemailSpec& spec) override;
  domain::CallRecord* logRecord() override { return call_.logRecord(); }
  uint64_t startTimer(std::chrono::milliseconds after, std::function<void()> fn) override {
    return call_.startTimer(after, std::move(fn));
  }
  void cancelTimer(uint64_t id) override { call_.cancelTimer(id); }
  // The line queue and the end of the call (b2bua line_queue.cpp, post_call.cpp).
  bool linesFull() const override { return call_.linesFull(); }
  Status waitForLine(size_t max_callers) override { return call_.waitForLine(max_callers); }
  void leaveLineQueue(bool gave_up) override { call_.leaveLineQueue(gave_up); }
  size_t linePosition() const override { return call_.linePosition(); }
  bool takeFreeLine() override { return call_.takeFreeLine(); }
  void markReception() override { call_.markReception(); }
  Status judgeAfterCall(const b2bua::PostCallSpec& spec) override {
    return call_.judgeAfterCall(spec);
  }

 private:
  b2bua::CallControl& call_;
  std::set<b2bua::PlayId> plays_;
  bool collecting_ = false;
  bool forwarding_ = false;
  bool voicemail_ = false;
  bool lines_full_refused_ = false;
  bool lines_full_ = false;
  bool early_media_ = false;
  bool answered_now_ = false;
  bool in_voicemail_ = false;
  bool hung_up_ = false;
};

}  // namespace hk::engine
