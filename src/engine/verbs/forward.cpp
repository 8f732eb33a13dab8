// forward: the executor (the document's validator is flow/verbs/forward.cpp, whose top
// comment is the reference). Rings the targets (or the number's destinations) one at a
// time with the ring timeout; a callee that answers is connected and the flow ends with
// it. When every target failed: all busy (or the lines full) -> on_busy, any unanswered ->
// on_no_answer, otherwise on_failed (some busy -> on_busy); a missing branch ends the call
// with that outcome (486, the callee's 4xx/480, 503), as the default forward handler does.
// round_robin starts each call one target further (per step and number, in this process).
// caller_id, whisper and accept_key go to every attempt (b2bua::ForwardOptions): the core
// plays the whisper to the callee before the connect and waits for the accept key; a
// callee that does not press it fails as no answer ("not accepted": the next target).
#include <map>
#include <mutex>

#include "engine/verbs/post_call_spec.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {

namespace {

constexpr size_t kMaxTargets = 5;

size_t nextRoundRobin(const std::string& key) {
  static std::mutex mu;
  static std::map<std::string, size_t> turns;
  std::lock_guard<std::mutex> l(mu);
  if (turns.size() > 10000) turns.clear();  // bounded: a lost turn only moves the start
  return turns[key]++;
}

// caller_id: absent -> the trunk's presentation (caller by default).
b2bua::ForwardOptions::Presentation presentationOf(const std::string& caller_id) {
  using P = b2bua::ForwardOptions::Presentation;
  if (caller_id == "caller") return P::Caller;
  if (caller_id == "tracking_number") return P::TrackingNumber;
  if (caller_id == "system") return P::System;
  return P::Trunk;
}

class ForwardRun final : public VerbRun {
 public:
  void start(StepContext& ctx) override {
    const Json& p = ctx.params();
    const auto& number = ctx.call().info().number;
    if (auto it = p.find("targets"); it != p.end() && it->is_array()) {
      for (const auto& t : *it) {
        if (t.is_string()) targets_.push_back(t.get<std::string>());
      }
    } else {
      for (const auto& d : number.destinations) {
        if (!d.empty()) targets_.push_back(d);
      }
    }
    if (targets_.size() > kMaxTargets) targets_.resize(kMaxTargets);
    options_.ring_timeout =
        std::chrono::seconds(std::max(1, p.value("ring_timeout_sec", number.ring_timeout_sec)));
    options_.presentation = presentationOf(verbs::stringParam(p, "caller_id"));
    if (auto w = verbs::audioPlay(verbs::objectParam(p, "whisper"))) {
      options_.whisper = *w;
      options_.whisper->to = b2bua::Party::Callee;
    }
    if (std::string k = verbs::stringParam(p, "accept_key"); k.size() == 1) {
      options_.accept_key = k[0];
    }
    if (p.value("order", std::string("sequential")) == "round_robin" && !targets_.empty()) {
      std::string key = std::to_string(number.id) + "/" + ctx.step().id + "/" + p.dump();
      first_ = nextRoundRobin(key) % targets_.size();
    }
    // post_call: armed now, run by the core when the caller hangs up a connected call.
    if (auto pc = verbs::postCallSpec(p)) (void)ctx.call().judgeAfterCall(*pc);
    next(ctx);
  }

  void onAttemptFailed(StepContext& ctx, const b2bua::AttemptResult& r) override {
    switch (r.kind) {
      case b2bua::AttemptResult::Kind::Busy: busy_++; break;
      case b2bua::AttemptResult::Kind::NoAnswer: no_answer_++; break;
      case b2bua::AttemptResult::Kind::Failed: failed_++; break;
    }
    last_code_ = r.sip_code;
    next(ctx);
  }

  void onConnected(StepContext& ctx) override { ctx.finish(); }

  void onLinesFull(StepContext& ctx) override { leave(ctx, "on_busy", 486); }

 private:
  void next(StepContext& ctx) {
    if (tried_ < targets_.size()) {
      const std::string& t = targets_[(first_ + tried_++) % targets_.size()];
      ctx.call().forward(t, options_);
      return;
    }
    if (targets_.empty() || busy_ + no_answer_ == 0) {
      int code = (last_code_ >= 400 && last_code_ != 487) ? last_code_ : 503;
      if (targets_.empty()) code = 480;
      return leave(ctx, "on_failed", code);
    }
    if (no_answer_ > 0) {
      return leave(ctx, "on_no_answer", last_code_ >= 400 ? last_code_ : 480);
    }
    leave(ctx, "on_busy", 486);
  }

  // Through `branch`, or (the step has none) the call ends with `code`.
  static void leave(StepContext& ctx, const char* branch, int code) {
    if (ctx.step().next(branch)) return ctx.go(branch);
    ctx.finish();
    ctx.call().hangUp(code);
  }

  std::vector<std::string> targets_;
  b2bua::ForwardOptions options_;
  size_t first_ = 0;
  size_t tried_ = 0;
  int busy_ = 0, no_answer_ = 0, failed_ = 0;
  int last_code_ = 0;
};

}  // namespace

void registerForwardRun(RunRegistry& r) {
  r.add("forward", [](const flow::Step&) { return std::make_unique<ForwardRun>(); });
}

}  // namespace hk::engine
