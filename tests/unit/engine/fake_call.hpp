#pragma once
// A CallControl for engine tests: records what the handler asks (forwards, plays, digit
// collections, answers, hang-ups, timers) and lets the test play the call's side (a play
// ends, keys, an attempt fails or connects, the caller hangs up). Timers run on the test's
// FakeClock: advance() fires those that are due, in order. Like the real call, the handler
// gets onEnded once, and a timer never fires after the call ended.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "b2bua/call_control.hpp"
#include "support/fake_clock.hpp"

namespace hk::test {

class FakeCall final : public b2bua::CallControl {
 public:
  explicit FakeCall(FakeClock& clock) : clock_(clock) {
    info_.trn_id = "TESTTRN";
    info_.number.id = 7;
    info_.number.operator_id = 1;
    info_.number.advertiser_id = 2;
    info_.number.number = "0312345678";
    info_.number.destinations = {"0311110001", "0311110002"};
    info_.number.ring_timeout_sec = 20;
  }

  // ---- What the test sets up and drives
  b2bua::CallInfo info_;
  domain::CallRecord record;
  b2bua::CallHandler* handler = nullptr;
  bool media = true;  // false: answer/collect/voicemail refuse (no media), plays return 0

  struct Forward {
    std::string destination;
    std::chrono::seconds ring_timeout;
    b2bua::ForwardOptions options;  // whisper, accept key, presentation
  };
  std::vector<Forward> forwards;
  std::vector<b2bua::PlaySpec> plays;
  std::vector<b2bua::PlayId> play_ids;  // in the order of plays
  std::vector<b2bua::PlayId> stopped;
  std::vector<b2bua::DigitSpec> collections;
  std::vector<b2bua::AnswerMode> answers;
  std::vector<b2bua::VoicemailSpec> voicemails;
  std::vector<b2bua::RecordSpec> recordings;
  std::optional<int> hangup_code;  // what hangUp() was given
  bool answered = false;           // 200 sent (answer(Now) or a callee connected)
  bool early = false;              // 183 sent
  bool ended = false;

  void start() { handler->onStart(*this); }
  // The number's lines are all taken: CallControl::linesFull() says so from now on and the
  // handler hears onLinesFull.
  void fillLines() {
    lines_full = true;
    handler->onLinesFull(*this);
  }
  bool linesFull() const override { return lines_full; }
  bool lines_full = false;
  void playDone(b2bua::PlayEnd end = b2bua::PlayEnd::Finished) {
    handler->onPlayDone(*this, play_ids.back(), end);
  }
  void playDone(b2bua::PlayId id, b2bua::PlayEnd end) { handler->onPlayDone(*this, id, end); }
  void digits(const std::string& d, b2bua::DigitsEnd end = b2bua::DigitsEnd::Max) {
    for (char c : d) handler->onDigit(*this, c);
    handler->onDigits(*this, d, end);
  }
  void attemptFails(b2bua::AttemptResult::Kind kind, int code = 0) {
    handler->onAttemptFailed(*this, {kind, code, ""});
  }
  void connect() {
    answered = true;
    connected = true;
    handler->onConnected(*this);
  }
  void voicemailDone(const b2bua::VoicemailResult& r) { handler->onVoicemailDone(*this, r); }
  void callerHangsUp() { end(); }
  // Moves the clock by `d`, firing the timers that fall due, in order.
  void advance(std::chrono::milliseconds d) {
    MonoTime until = clock_.mono() + d;
    for (;;) {
      auto it = std::min_element(timers_.begin(), timers_.end(), [](const auto& a, const auto& b) {
        return a.second.due < b.second.due;
      });
      if (it == timers_.end() || it->second.due > until) break;
      clock_.advance(
          std::chrono::duration_cast<std::chrono::milliseconds>(it->second.due - clock_.mono()));
      auto fn = std::move(it->second.fn);
      timers_.erase(it);
      if (!ended) fn();
    }
    clock_.advance(std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_.mono()));
  }
  size_t pendingTimers() const { return timers_.size(); }
  bool connected = false;

  // ---- CallControl
  const b2bua::CallInfo& info() const override { return info_; }
  void forward(const std::string& destination, std::chrono::seconds ring_timeout) override {
    b2bua::ForwardOptions o;
    o.ring_timeout = ring_timeout;
    forward(destination, o);
  }
  void forward(const std::string& destination, const b2bua::ForwardOptions& options) override {
    if (ended) return;
    forwards.push_back({destination, options.ring_timeout, options});
  }
  void hangUp(int sip_code) override {
    if (ended) return;
    hangup_code = sip_code;
    end();
  }
  Status answer(b2bua::AnswerMode mode) override {
    if (ended) return fail(Code::Conflict, "the call has ended");
    if (!media) return noMedia();
    if (mode == b2bua::AnswerMode::OnConnect) return ok();
    if (answered) return fail(Code::Conflict, "the caller is answered already");
    answers.push_back(mode);
    if (mode == b2bua::AnswerMode::Now) answered = true;
    if (mode == b2bua::AnswerMode::EarlyMedia) early = true;
    return ok();
  }
  b2bua::PlayId play(const b2bua::PlaySpec& spec) override {
    if (ended || !media) return 0;
    plays.push_back(spec);
    play_ids.push_back(++next_play_);
    return next_play_;
  }
  void stopPlay(b2bua::PlayId id) override { stopped.push_back(id); }
  Status collectDigits(const b2bua::DigitSpec& spec) override {
    if (ended) return fail(Code::Conflict, "the call has ended");
    if (!media) return noMedia();
    collections.push_back(spec);
    return ok();
  }
  Status startRecording(const b2bua::RecordSpec& spec) override {
    if (!media) return noMedia();
    recordings.push_back(spec);
    return ok();
  }
  Status voicemail(const b2bua::VoicemailSpec& spec) override {
    if (ended) return fail(Code::Conflict, "the call has ended");
    if (!media) return noMedia();
    voicemails.push_back(spec);
    return ok();
  }
  domain::CallRecord* logRecord() override { return &record; }
  uint64_t startTimer(std::chrono::milliseconds after, std::function<void()> fn) override {
    if (ended) return 0;
    timers_[++next_timer_] = {clock_.mono() + after, std::move(fn)};
    return next_timer_;
  }
  void cancelTimer(uint64_t id) override { timers_.erase(id); }

 private:
  void end() {
    if (ended) return;
    ended = true;
    timers_.clear();
    if (handler) handler->onEnded(*this);
  }

  struct Timer {
    MonoTime due;
    std::function<void()> fn;
  };
  FakeClock& clock_;
  std::map<uint64_t, Timer> timers_;
  b2bua::PlayId next_play_ = 0;
  uint64_t next_timer_ = 0;
};

}  // namespace hk::test
