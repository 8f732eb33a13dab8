#include "engine/step_call.hpp"

namespace hk::engine {

void StepCall::newVisit() {
  plays_.clear();
  collecting_ = false;
  forwarding_ = false;
  voicemail_ = false;
  lines_full_refused_ = false;
}

bool StepCall::takeDigits() {
  bool mine = collecting_;
  collecting_ = false;
  return mine;
}

bool StepCall::takeLinesFull() {
  bool refused = lines_full_refused_;
  lines_full_refused_ = false;
  return refused;
}

void StepCall::forward(const std::string& destination, std::chrono::seconds ring_timeout) {
  b2bua::ForwardOptions o;
  o.ring_timeout = ring_timeout;
  forward(destination, o);
}

void StepCall::forward(const std::string& destination, const b2bua::ForwardOptions& options) {
  // The core's word: full on arrival, and again free once the line queue gave it a line.
  if (lines_full_ && call_.linesFull()) {
    lines_full_refused_ = true;
    return;
  }
  forwarding_ = true;
  call_.forward(destination, options);
}

void StepCall::hangUp(int sip_code) {
  hung_up_ = true;
  call_.hangUp(sip_code);
}

Status StepCall::answer(b2bua::AnswerMode mode) {
  auto st = call_.answer(mode);
  if (st && mode == b2bua::AnswerMode::Now) answered_now_ = true;
  return st;
}

b2bua::PlayId StepCall::play(const b2bua::PlaySpec& spec) {
  b2bua::PlayId id = call_.play(spec);
  if (id != 0) plays_.insert(id);
  return id;
}

Status StepCall::collectDigits(const b2bua::DigitSpec& spec) {
  // Early media carries no keys reliably: the caller is answered before the menu listens.
  if (early_media_ && !answered_now_) (void)answer(b2bua::AnswerMode::Now);
  auto st = call_.collectDigits(spec);
  if (st) collecting_ = true;
  return st;
}

Status StepCall::voicemail(const b2bua::VoicemailSpec& spec) {
  auto st = call_.voicemail(spec);
  if (st) {
    voicemail_ = true;
    in_voicemail_ = true;
  }
  return st;
}

}  // namespace hk::engine
