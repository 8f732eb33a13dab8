// queue: the executor (the document's validator is flow/verbs/queue.cpp, whose top comment
// is the reference). The call waits for a line (CallControl::waitForLine: arrival order, no
// line held while waiting): the announcement once, then the hold music (the prompt, or the
// built-in: the ringback tone looped), interrupted by the caller's place in the queue ("N
// 番目" / "You are number N") on entry and every announce_every_sec when announce_position
// is on. A line taken for the call (onLineFree) -> next; max_wait_sec -> on_timeout (logged
// as a queue timeout); max_callers already waiting (or no queue on the call) -> on_full.
// A call that held a line on entry (a busy destination sent it here, our lines are not
// full) has nothing to wait for on our side: after retry_sec it takes a free line and goes
// next ("retry": the forward tries the destination again; max_visits bounds the loop). If
// the lines have filled meanwhile it keeps its place, as does a call that came beyond them.
// vars: queue_position (the place on entry), queue_result = line_free | retry | timeout | full.
#include <fmt/format.h>

#include "engine/verbs/common/step_params.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {

namespace {

using verbs::audioPlay;
using verbs::boolParam;
using verbs::intParam;
using verbs::objectParam;
using verbs::stringParam;

bool isAscii(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

class QueueRun final : public VerbRun {
 public:
  void start(StepContext& ctx) override {
    const Json& p = ctx.params();
    announcement_ = audioPlay(objectParam(p, "announcement"));
    hold_music_ = stringParam(p, "hold_music");
    announce_position_ = boolParam(p, "announce_position", false);
    every_ = std::chrono::seconds(intParam(p, "announce_every_sec", 60));
    auto max_wait = std::chrono::seconds(intParam(p, "max_wait_sec", 300));
    auto max_callers = static_cast<size_t>(intParam(p, "max_callers", 10));
    auto retry = std::chrono::seconds(intParam(p, "retry_sec", 30));
    // The voice of the position announcements: the announcement's.
    if (announcement_ && !announcement_->text.empty()) {
      voice_ = announcement_->voice;
      english_ = voice_ == "en-kal" ||
                 ((voice_.empty() || voice_ == "auto") && isAscii(announcement_->text));
    }

    auto& call = ctx.call();
    const bool had_line = !call.linesFull();  // read before waiting gives the line back
    if (auto st = call.waitForLine(max_callers); !st) {
      ctx.setVar("queue_result", "full");
      return ctx.go("on_full");
    }
    waiting_ = true;
    ctx.setVar("queue_position", std::to_string(call.linePosition()));
    wait_timer_ = ctx.startTimer(max_wait, [this, &ctx] { timedOut(ctx); });
    if (had_line) retry_timer_ = ctx.startTimer(retry, [this, &ctx] { retryDue(ctx); });
    if (announcement_) {
      play(ctx, *announcement_, Playing::Announcement);
    } else {
      afterAnnouncement(ctx);
    }
  }

  void onPlayDone(StepContext& ctx, b2bua::PlayId id, b2bua::PlayEnd end) override {
    if (id != play_ || !waiting_) return;  // replaced by a newer one of ours
    play_ = 0;
    if (end == b2bua::PlayEnd::Hangup) return;
    switch (playing_) {
      case Playing::Announcement: return afterAnnouncement(ctx);
      case Playing::Position: return music(ctx);
      case Playing::Music:
        // A hold-music prompt that cannot play: the built-in music instead (once).
        if (end == b2bua::PlayEnd::Failed && !hold_music_.empty() && !music_failed_) {
          music_failed_ = true;
          return music(ctx);
        }
        return;
      case Playing::None: return;
    }
  }

  void onLineFree(StepContext& ctx) override {
    if (!waiting_) return;
    leave(ctx);
    ctx.setVar("queue_result", "line_free");
    ctx.go("next");
  }

  void onCallerGone(StepContext& ctx) override {
    if (waiting_) ctx.call().leaveLineQueue(false);
    waiting_ = false;
  }

 private:
  enum class Playing { None, Announcement, Position, Music };

  void play(StepContext& ctx, b2bua::PlaySpec spec, Playing what) {
    spec.to = b2bua::Party::Caller;
    spec.barge_in = false;
    play_ = 0;  // the play this one replaces ends Stopped: not ours any more
    playing_ = what;
    play_ = ctx.call().play(spec);
  }

  void afterAnnouncement(StepContext& ctx) {
    if (!announce_position_) return music(ctx);
    announcePosition(ctx);
  }

  void announcePosition(StepContext& ctx) {
    size_t pos = ctx.call().linePosition();
    if (pos == 0) return music(ctx);
    b2bua::PlaySpec s;
    s.voice = voice_;
    s.text = english_ ? fmt::format("You are number {} in line. Please hold.", pos)
                      : fmt::format("ただいま{}番目でお待ちいただいております。", pos);
    play(ctx, s, Playing::Position);  // replaces the music
  }

  void music(StepContext& ctx) {
    b2bua::PlaySpec s;
    if (!hold_music_.empty() && !music_failed_) {
      s.prompt_id = hold_music_;
    } else {
      s.tone = b2bua::Tone::Ringback;
    }
    s.loops = 0;  // until stopped
    play(ctx, s, Playing::Music);
    if (announce_position_ && !position_timer_) {
      position_timer_ = ctx.startTimer(every_, [this, &ctx] {
        position_timer_ = 0;
        if (waiting_) announcePosition(ctx);
      });
    }
  }

  void timedOut(StepContext& ctx) {
    wait_timer_ = 0;
    if (!waiting_) return;
    ctx.call().leaveLineQueue(true);
    leave(ctx);
    ctx.setVar("queue_result", "timeout");
    ctx.go("on_timeout");
  }

  // retry_sec after entering with a line: retry when a line is still free for the call;
  // lines full by now: it waits for one like the others (onLineFree).
  void retryDue(StepContext& ctx) {
    retry_timer_ = 0;
    if (!waiting_ || !ctx.call().takeFreeLine()) return;
    leave(ctx);
    ctx.setVar("queue_result", "retry");
    ctx.go("next");
  }

  // Stops waiting: timers, the music or announcement.
  void leave(StepContext& ctx) {
    waiting_ = false;
    for (TimerId* t : {&wait_timer_, &position_timer_, &retry_timer_}) {
      if (*t) ctx.cancelTimer(*t);
      *t = 0;
    }
    if (play_) {
      b2bua::PlayId id = play_;
      play_ = 0;
      ctx.call().stopPlay(id);
    }
  }

  std::optional<b2bua::PlaySpec> announcement_;
  std::string hold_music_;
  bool announce_position_ = false;
  std::chrono::seconds every_{60};
  std::string voice_;
  bool english_ = false;
  bool waiting_ = false;
  bool music_failed_ = false;
  Playing playing_ = Playing::None;
  b2bua::PlayId play_ = 0;
  TimerId wait_timer_ = 0;
  TimerId position_timer_ = 0;
  TimerId retry_timer_ = 0;
};

}  // namespace

void registerQueueRun(RunRegistry& r) {
  r.add("queue", [](const flow::Step&) { return std::make_unique<QueueRun>(); });
}

}  // namespace hk::engine
