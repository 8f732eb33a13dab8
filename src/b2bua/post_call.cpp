// The end of a call as the flow wants it logged: automatic reception (CallControl::
// markReception) and the post-call judgement (judgeAfterCall): when the caller hangs up a
// connected call, the callee's leg stays, hears "press 1 if ...", and the key it presses (in
// band or RFC 4733, one DtmfListener on leg B) sets valid_res; then the callee gets a BYE.
// The conversation (talking_ms, the recording) ends with the caller's BYE.
#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "domain/enum_names.hpp"
#include "media/dtmf_detector.hpp"
#include "rtp/media_engine.hpp"

namespace hk::b2bua {

struct PostCallState {
  PostCallSpec spec;
  PlayId prompt = 0;
  TimerId timer = 0;
  std::shared_ptr<media::DtmfListener> listener;
  rtp::HookId hook = 0;
  bool done = false;
};

namespace {

constexpr std::chrono::seconds kMaxTimeout{60};

bool isKey(char c) { return (c >= '0' && c <= '9') || c == '*' || c == '#'; }

}  // namespace

void Call::markReception() {
  if (phase != Phase::Ended) facts.ended_in_voicemail_or_reception = true;
}

Status Call::judgeAfterCall(const PostCallSpec& spec) {
  if (phase == Phase::Ended) return fail(Code::Conflict, "the call has ended");
  if (post_run) return fail(Code::Conflict, "the judgement is running");
  if (spec.keys.empty()) return fail(Code::Invalid, "no keys", "keys");
  for (const auto& [key, res] : spec.keys) {
    if (!isKey(key)) return fail(Code::Invalid, "keys are 0-9, * or #", "keys");
  }
  if (spec.timeout.count() < 1 || spec.timeout > kMaxTimeout) {
    return fail(Code::Invalid, "timeout must be 1..60 s", "timeout_sec");
  }
  post_call = spec;
  return ok();
}

bool B2bua::Core::startPostCall(Call& c) {
  if (c.post_run) return true;  // a retransmitted BYE
  // Not before the parties were connected (a caller Hankyo answered, gone in the whisper).
  if (!c.post_call || !c.media || c.phase != Call::Phase::Connected || !c.facts.connected ||
      !c.attempt || c.attempt->state != Attempt::State::Connected) {
    return false;
  }
  auto st = std::make_shared<PostCallState>();
  st->spec = *c.post_call;
  c.post_run = st;
  c.facts.hung_up_first = domain::HupUsr::Caller;
  c.facts.conversation_ended = calllog::stampNow(deps.clock);
  c.a.established = false;  // the caller's dialog is over: no BYE to it later
  c.a_retx.reset();
  // The caller has gone: nothing more is sent towards its address (the callee's words while
  // it judges the call are not the carrier's), and leg A has no media timeout any more.
  silenceCallerLeg(c);
  finishRecording(c);  // the conversation's recording ends with it
  uint64_t cid = c.id();
  EventLoop* loop = &deps.loop;
  std::weak_ptr<PostCallState> weak = st;  // st holds the listener: no cycle
  st->listener = std::make_shared<media::DtmfListener>(
      rtp::LegSide::B, deps.clock, [this, loop, cid, weak](const media::DigitPress& p) {
        char d = p.digit;  // media thread: over to the call's loop
        loop->post([this, cid, weak, d] {
          auto run = weak.lock();
          Call* cc = find(cid);
          if (run && cc && cc->post_run == run && run->spec.keys.count(d) != 0) {
            finishPostCall(*cc, d);
          }
        });
      });
  if (auto h = deps.media.addSink(c.media, rtp::LegSide::B, st->listener)) {
    st->hook = *h;
    st->listener->enable();
  } else {
    HK_LOG_WARN(lg, "call {}: callee DTMF listener: {}", c.info_.trn_id, h.error().message);
  }
  auto arm = [this, cid, st] {
    st->timer = deps.loop.runAfter(st->spec.timeout, [this, cid, st] {
      st->timer = 0;
      Call* cc = find(cid);
      if (cc && cc->post_run == st) finishPostCall(*cc, 0);
    });
  };
  PlaySpec prompt = st->spec.prompt;
  prompt.to = Party::Callee;
  prompt.barge_in = false;
  st->prompt = startPlay(c, prompt, [this, cid, st, arm](PlayEnd why) {
    st->prompt = 0;
    Call* cc = find(cid);
    if (why != PlayEnd::Hangup && cc && cc->post_run == st && !st->done && !st->timer) arm();
  });
  HK_LOG_INFO(lg, "call {}: the caller hung up; post-call judgement with the callee",
              c.info_.trn_id);
  return true;
}

void B2bua::Core::finishPostCall(Call& c, char key) {
  auto st = c.post_run;
  if (!st || st->done || c.phase == Call::Phase::Ended) return;
  st->done = true;
  if (st->timer) deps.loop.cancelTimer(st->timer);
  st->timer = 0;
  if (st->listener) st->listener->disable();
  if (st->hook && c.media) (void)deps.media.removeSink(c.media, st->hook);
  st->hook = 0;
  if (st->prompt) endPlay(c, st->prompt, PlayEnd::Stopped);
  if (key) {
    auto res = st->spec.keys.at(key);
    c.record.valid_res = res;
    c.record.valid_rule = "post_call_key";
    c.record.vars["post_call_key"] = std::string(1, key);
  }
  HK_LOG_INFO(lg, "call {}: post-call judgement: {}", c.info_.trn_id,
              key ? fmt::format("key {} ({})", key, domain::name(st->spec.keys.at(key)))
                  : std::string("no key"));
  sendByeToCallee(c);
  endCall(c);
}

}  // namespace hk::b2bua
