// Between the callee's 2xx and the conversation (ForwardOptions): the callee, ACKed, hears
// the whisper while the caller keeps hearing ringback (a Replace source on each leg: neither
// hears the other), then presses the accept key (RFC 4733 or in-band: a DtmfListener on leg
// B, silence to the callee while it waits). The right key connects the two (connectCaller:
// the caller's 200, tst_tms); another key, none within accept_timeout or the callee's BYE
// ends the attempt as NoAnswer ("not accepted"): the handler tries the next target, the
// caller still hearing ringback. Then, at the connect, the consent guidance of a recorded
// call (CallInfo::consent) to both parties before they hear each other, then onConnected
// (where the handler starts the recording).
#include "b2bua/detail/core.hpp"
#include "media/dtmf_detector.hpp"
#include "rtp/media_engine.hpp"

namespace hk::b2bua {

struct CalleeScreen {
  enum class Stage { Whisper, Key };
  Stage stage = Stage::Whisper;
  PlayId whisper = 0;
  std::shared_ptr<media::DtmfListener> listener;
  rtp::HookId listen_hook = 0;
  bool silence = false;  // a silent source on leg B while the key is awaited
  TimerId timer = 0;
};

namespace {

class Silence final : public rtp::AudioSource {
 public:
  bool fill(std::span<int16_t>) override { return true; }  // the frame comes zeroed
};

}  // namespace

bool B2bua::Core::screening(const Call& c) const { return c.attempt && c.attempt->screen; }

void B2bua::Core::calleeAnswered(Call& c) {
  Attempt& a = *c.attempt;
  if (!a.options.whisper && !a.options.accept_key) return connectCaller(c);
  a.screen = std::make_shared<CalleeScreen>();
  HK_LOG_INFO(lg, "call {}: {} answered: {}{}before the connect", c.info_.trn_id, a.destination,
              a.options.whisper ? "whisper " : "", a.options.accept_key ? "accept key " : "");
  uint64_t cid = c.id();
  std::string call_id = a.dialog.call_id;
  // The caller keeps hearing ringback (or what a handler plays to it), never the callee.
  if (!c.cm.on_leg[0] && !c.cm.ringback) {
    PlaySpec rb;
    rb.tone = Tone::Ringback;
    rb.loops = 0;
    c.cm.ringback = startPlay(c, rb, [this, cid](PlayEnd) {
      if (Call* cc = find(cid)) cc->cm.ringback = 0;
    });
  }
  // The current attempt still screening, by its Call-ID (a later attempt has another).
  auto current = [this, cid, call_id]() -> Call* {
    Call* cc = find(cid);
    if (!cc || cc->phase == Call::Phase::Ended || !screening(*cc) ||
        cc->attempt->dialog.call_id != call_id) {
      return nullptr;
    }
    return cc;
  };
  auto awaitKey = [this, current] {
    Call* cc = current();
    if (!cc) return;
    Attempt& at = *cc->attempt;
    if (!at.options.accept_key) {  // a whisper only: connected when it ends
      endScreen(*cc);
      return connectCaller(*cc);
    }
    auto& s = *at.screen;
    s.stage = CalleeScreen::Stage::Key;
    s.silence = deps.media
                    .setSource(cc->media, rtp::LegSide::B, std::make_shared<Silence>(),
                               rtp::SourceMode::Replace)
                    .has_value();
    EventLoop* loop = &deps.loop;
    uint64_t id = cc->id();
    std::string cid2 = at.dialog.call_id;
    auto listener = std::make_shared<media::DtmfListener>(
        rtp::LegSide::B, deps.clock, [this, loop, id, cid2](const media::DigitPress& p) {
          char d = p.digit;  // media thread: over to the call's loop
          loop->post([this, id, cid2, d] {
            Call* c2 = find(id);
            if (!c2 || c2->phase == Call::Phase::Ended || !screening(*c2) ||
                c2->attempt->dialog.call_id != cid2 ||
                c2->attempt->screen->stage != CalleeScreen::Stage::Key) {
              return;
            }
            if (d == *c2->attempt->options.accept_key) {
              HK_LOG_INFO(lg, "call {}: {} accepted the call", c2->info_.trn_id,
                          c2->attempt->destination);
              endScreen(*c2);
              return connectCaller(*c2);
            }
            refuseCallee(*c2, "not accepted (another key)", true);
          });
        });
    auto hook = deps.media.addSink(cc->media, rtp::LegSide::B, listener);
    if (!hook) {
      HK_LOG_WARN(lg, "call {}: callee key listener: {}", cc->info_.trn_id, hook.error().message);
      return refuseCallee(*cc, "not accepted (no key listener)", true);
    }
    listener->enable();
    s.listener = listener;
    s.listen_hook = *hook;
    std::string cid3 = at.dialog.call_id;
    s.timer = deps.loop.runAfter(at.options.accept_timeout, [this, id, cid3] {
      Call* c2 = find(id);
      if (!c2 || c2->phase == Call::Phase::Ended || !screening(*c2) ||
          c2->attempt->dialog.call_id != cid3) {
        return;
      }
      c2->attempt->screen->timer = 0;
      refuseCallee(*c2, "not accepted (no key)", true);
    });
  };
  if (!a.options.whisper) return awaitKey();
  PlaySpec w = *a.options.whisper;
  w.to = Party::Callee;
  w.barge_in = false;
  a.screen->whisper = startPlay(c, w, [awaitKey](PlayEnd why) {
    // Stopped: the screen ended (accepted, refused); Hangup: the call ended.
    if (why == PlayEnd::Finished || why == PlayEnd::Failed) awaitKey();
  });
}

void B2bua::Core::endScreen(Call& c) {
  if (!screening(c)) return;
  auto s = std::move(c.attempt->screen);
  c.attempt->screen.reset();
  if (s->timer) deps.loop.cancelTimer(s->timer);
  if (s->listener) s->listener->disable();
  if (c.media && s->listen_hook) (void)deps.media.removeSink(c.media, s->listen_hook);
  if (c.media && s->silence) (void)deps.media.setSource(c.media, rtp::LegSide::B, nullptr);
  if (s->whisper && c.cm.plays.count(s->whisper)) endPlay(c, s->whisper, PlayEnd::Stopped);
}

void B2bua::Core::refuseCallee(Call& c, const std::string& why, bool send_bye) {
  HK_LOG_INFO(lg, "call {}: {} {}", c.info_.trn_id, c.attempt->destination, why);
  endScreen(c);
  if (send_bye) sendByeToCallee(c);
  Attempt& a = *c.attempt;
  // Not an answer for the log: the attempt is classed no answer, the next target is tried.
  c.facts.attempts[a.fact].answered.reset();
  a.timed_out = true;
  a.state = Attempt::State::Done;
  if (a.dialog.established && c.dialogs > 0) {
    c.dialogs--;
    n_dialogs--;
  }
  a.dialog.established = false;
  tombstone(a.dialog.call_id);  // a late request on the callee's dialog still gets an answer
  attemptFailed(c, 0, why, false);
}

void B2bua::Core::calleeHungUpInScreen(Call& c) {
  refuseCallee(c, "not accepted (hung up)", false);
  publish();
}

void B2bua::Core::startConversation(Call& c) {
  if (!c.info_.consent || !c.info_.recording || !c.media) return c.handler->onConnected(c);
  PlaySpec p = *c.info_.consent;
  p.to = Party::Both;  // each party hears it instead of the other one
  p.barge_in = false;
  p.loops = 1;
  HK_LOG_INFO(lg, "call {}: recording consent to both parties", c.info_.trn_id);
  uint64_t cid = c.id();
  startPlay(c, p, [this, cid](PlayEnd why) {
    Call* cc = find(cid);
    if (!cc || cc->phase == Call::Phase::Ended || why == PlayEnd::Hangup) return;
    cc->handler->onConnected(*cc);  // bridged now: the relay resumes on both legs
  });
}

}  // namespace hk::b2bua
