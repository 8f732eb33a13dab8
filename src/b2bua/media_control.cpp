// Prompts, tones and digits in a call (CallControl::play / stopPlay / collectDigits): a play
// becomes one rtp::AudioSource per leg it goes to (prompts and TTS are loaded on the media
// worker pool, never on the loop); its end comes back as MediaEvent::SourceDone. The
// caller's digits: RFC 4733 from the relay (MediaEvent::Digit) while nobody listens for
// in-band tones, and one DtmfListener (in-band + RFC 4733 merged, one digit per press)
// while digits are collected or voicemail records.
#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "media/dtmf_detector.hpp"
#include "media/player.hpp"
#include "media/prompt_store.hpp"
#include "media/tones.hpp"
#include "media/tts_cache.hpp"
#include "rtp/media_engine.hpp"

namespace hk::b2bua {

const char* playEndName(PlayEnd e) {
  switch (e) {
    case PlayEnd::Finished: return "finished";
    case PlayEnd::Stopped: return "stopped";
    case PlayEnd::BargeIn: return "barge_in";
    case PlayEnd::Hangup: return "hangup";
    case PlayEnd::Failed: return "failed";
  }
  return "?";
}

const char* digitsEndName(DigitsEnd e) {
  switch (e) {
    case DigitsEnd::Max: return "max";
    case DigitsEnd::Terminator: return "terminator";
    case DigitsEnd::Timeout: return "timeout";
  }
  return "?";
}

namespace {

constexpr size_t kMaxDigits = 64;

std::vector<rtp::LegSide> legsOf(Party p) {
  switch (p) {
    case Party::Caller: return {rtp::LegSide::A};
    case Party::Callee: return {rtp::LegSide::B};
    case Party::Both: return {rtp::LegSide::A, rtp::LegSide::B};
  }
  return {};
}

size_t idx(rtp::LegSide s) { return static_cast<size_t>(s); }

media::ToneSpec toneSpec(Tone t, int loops) {
  media::ToneSpec s;
  switch (t) {
    case Tone::Ringback: s = media::ringbackJp(); break;
    case Tone::Busy: s = media::busyJp(); break;
    case Tone::Beep: s = media::beep(); break;
  }
  if (t != Tone::Beep) s.repeat = loops == 0;  // a cadence once, or until stopped
  return s;
}

// The audio of a prompt or a text, made on the media worker pool.
Result<media::SharedPcm> loadAudio(media::PromptStore* prompts, media::TtsCache* tts,
                                   const PlaySpec& spec) {
  if (!spec.prompt_id.empty()) {
    if (!prompts) return fail(Code::Unavailable, "no prompt store");
    return prompts->load(spec.prompt_id);
  }
  if (!tts) return fail(Code::Unavailable, "no text-to-speech");
  media::TtsRequest req{spec.text, spec.voice, spec.speed};
  auto clip = tts->get(req);
  if (!clip) return clip.error();
  return clip->pcm;
}

}  // namespace

// ---- CallControl

PlayId Call::play(const PlaySpec& spec) { return core_.startPlay(*this, spec); }

void Call::stopPlay(PlayId id) {
  if (phase == Phase::Ended || !cm.plays.count(id)) return;
  core_.endPlay(*this, id, PlayEnd::Stopped);
}

Status Call::collectDigits(const DigitSpec& spec) {
  if (phase == Phase::Ended) return fail(Code::Conflict, "the call has ended");
  if (!media) return noMedia();
  if (spec.max_digits < 1 || spec.max_digits > kMaxDigits) {
    return fail(Code::Invalid, "max_digits must be 1..64", "max_digits");
  }
  if (spec.first_timeout.count() <= 0 || spec.inter_digit_timeout.count() <= 0) {
    return fail(Code::Invalid, "timeouts must be positive", "timeout");
  }
  auto& loop = core_.deps.loop;
  if (cm.digit_timer) loop.cancelTimer(cm.digit_timer);
  cm.collecting = true;
  cm.digit_spec = spec;
  cm.digits.clear();
  core_.setListening(*this);
  uint64_t cid = id();
  B2bua::Core* core = &core_;
  cm.digit_timer = loop.runAfter(spec.first_timeout, [core, cid] {
    if (Call* c = core->find(cid)) {
      c->cm.digit_timer = 0;
      core->finishDigits(*c, DigitsEnd::Timeout);
    }
  });
  return ok();
}

// ---- plays

PlayId B2bua::Core::startPlay(Call& c, const PlaySpec& spec,
                              std::function<void(PlayEnd)> internal) {
  if (c.phase == Call::Phase::Ended) return 0;
  PlayId id = c.cm.next_play++;
  ActivePlay p;
  p.to = spec.to;
  p.barge_in = spec.barge_in;
  p.internal = std::move(internal);
  c.cm.plays[id] = std::move(p);
  uint64_t cid = c.id();
  auto failLater = [this, cid, id](std::string why) {
    deps.loop.post([this, cid, id, why] {
      Call* cc = find(cid);
      if (!cc || !cc->cm.plays.count(id)) return;
      HK_LOG_INFO(lg, "call {}: play {} failed: {}", cc->info_.trn_id, id, why);
      endPlay(*cc, id, PlayEnd::Failed);
    });
  };
  // Every leg gets its own source (a source is used by one leg at a time).
  auto attach = [this, cid, id](std::function<std::shared_ptr<rtp::AudioSource>()> make) {
    Call* cc = find(cid);
    if (!cc || !cc->cm.plays.count(id)) return;
    Call& c2 = *cc;
    auto to = c2.cm.plays[id].to;
    c2.cm.plays[id].loading = false;
    for (auto leg : legsOf(to)) {
      PlayId old = c2.cm.on_leg[idx(leg)];
      if (old && old != id) endPlay(c2, old, PlayEnd::Stopped);
      if (c2.phase == Call::Phase::Ended || !c2.cm.plays.count(id)) return;
      auto hook = c2.media ? deps.media.setSource(c2.media, leg, make(), rtp::SourceMode::Replace)
                           : Result<rtp::HookId>(fail(Code::Unavailable, "no media session"));
      if (!hook) {
        HK_LOG_INFO(lg, "call {}: play {}: {}", c2.info_.trn_id, id, hook.error().message);
        return endPlay(c2, id, PlayEnd::Failed);
      }
      c2.cm.plays[id].hooks[idx(leg)] = *hook;
      c2.cm.on_leg[idx(leg)] = id;
    }
  };
  int loops = std::max(0, spec.loops);
  if (spec.tone) {
    auto ts = toneSpec(*spec.tone, loops);
    // Asynchronous like the others: the id is returned before any event about it.
    deps.loop.post(
        [attach, ts] { attach([ts] { return std::make_shared<media::ToneSource>(ts); }); });
    return id;
  }
  if (spec.prompt_id.empty() && spec.text.empty()) {
    failLater("nothing to play");
    return id;
  }
  if (!deps.media_work) {
    failLater("no media worker");
    return id;
  }
  media::PromptStore* prompts = deps.prompts;
  media::TtsCache* tts = deps.tts;
  EventLoop* loop = &deps.loop;
  media::PlayerOptions po{loops, spec.barge_in};
  deps.media_work->post([prompts, tts, spec, loop, attach, failLater, po] {
    auto pcm = loadAudio(prompts, tts, spec);
    if (!pcm) return failLater(pcm.error().message);
    loop->post([attach, pcm = *pcm, po] {
      attach([pcm, po] {
        return std::make_shared<media::PromptPlayer>(std::vector<media::SharedPcm>{pcm}, po);
      });
    });
  });
  return id;
}

void B2bua::Core::endPlay(Call& c, PlayId id, PlayEnd why) {
  auto it = c.cm.plays.find(id);
  if (it == c.cm.plays.end()) return;
  ActivePlay p = std::move(it->second);
  c.cm.plays.erase(it);
  for (auto leg : {rtp::LegSide::A, rtp::LegSide::B}) {
    if (c.cm.on_leg[idx(leg)] != id) continue;
    c.cm.on_leg[idx(leg)] = 0;
    // nullptr stops at once, without SourceDone; the relay resumes.
    if (c.media && why != PlayEnd::Finished && why != PlayEnd::Hangup) {
      (void)deps.media.setSource(c.media, leg, nullptr);
    }
  }
  HK_LOG_DEBUG(lg, "call {}: play {} ended: {}", c.info_.trn_id, id, playEndName(why));
  if (p.internal) return p.internal(why);
  if (c.handler) c.handler->onPlayDone(c, id, why);
}

void B2bua::Core::onMediaHook(Call& c, const rtp::MediaEvent& ev) {
  using T = rtp::MediaEvent::Type;
  if (ev.type == T::Digit) {
    if (ev.leg == rtp::LegSide::A) onCallerDigit(c, ev.digit, false);
    return;
  }
  if (ev.type != T::SourceDone) return;
  PlayId id = c.cm.on_leg[idx(ev.leg)];
  auto it = c.cm.plays.find(id);
  if (!id || it == c.cm.plays.end() || it->second.hooks[idx(ev.leg)] != ev.hook) return;
  it->second.hooks[idx(ev.leg)] = 0;
  c.cm.on_leg[idx(ev.leg)] = 0;
  for (auto h : it->second.hooks) {
    if (h) return;  // still playing to the other leg
  }
  endPlay(c, id, PlayEnd::Finished);
}

// ---- digits

void B2bua::Core::setListening(Call& c) {
  bool want = c.cm.collecting || (c.cm.voicemail != nullptr);
  if (!want) {
    if (c.cm.dtmf) c.cm.dtmf->disable();
    return;
  }
  if (!c.media) return;
  if (!c.cm.dtmf) {
    uint64_t cid = c.id();
    EventLoop* loop = &deps.loop;
    auto listener = std::make_shared<media::DtmfListener>(
        rtp::LegSide::A, deps.clock, [this, loop, cid](const media::DigitPress& p) {
          char d = p.digit;  // media thread: over to the call's loop
          loop->post([this, cid, d] {
            if (Call* cc = find(cid)) onCallerDigit(*cc, d, true);
          });
        });
    auto hook = deps.media.addSink(c.media, rtp::LegSide::A, listener);
    if (!hook) {
      HK_LOG_WARN(lg, "call {}: DTMF listener: {}", c.info_.trn_id, hook.error().message);
      return;
    }
    c.cm.dtmf = listener;
    c.cm.dtmf_hook = *hook;
  }
  c.cm.dtmf->enable();
}

void B2bua::Core::onCallerDigit(Call& c, char digit, bool from_listener) {
  if (c.phase == Call::Phase::Ended) return;
  // One path per press: the listener's (merged) while it listens, the relay's otherwise.
  bool listening = c.cm.dtmf && c.cm.dtmf->enabled();
  if (from_listener != listening) return;
  uint64_t cid = c.id();
  std::vector<PlayId> barged;
  for (auto& [id, p] : c.cm.plays) {
    if (p.barge_in && (p.to == Party::Caller || p.to == Party::Both)) barged.push_back(id);
  }
  for (auto id : barged) endPlay(c, id, PlayEnd::BargeIn);
  if (!find(cid) || c.phase == Call::Phase::Ended) return;
  c.handler->onDigit(c, digit);
  if (c.phase == Call::Phase::Ended) return;
  if (c.cm.voicemail) voicemailDigit(c, digit);
  if (!c.cm.collecting || c.phase == Call::Phase::Ended) return;
  const auto& spec = c.cm.digit_spec;
  if (spec.terminator && digit == *spec.terminator) return finishDigits(c, DigitsEnd::Terminator);
  c.cm.digits.push_back(digit);
  if (c.cm.digits.size() >= spec.max_digits) return finishDigits(c, DigitsEnd::Max);
  if (c.cm.digit_timer) deps.loop.cancelTimer(c.cm.digit_timer);
  c.cm.digit_timer = deps.loop.runAfter(spec.inter_digit_timeout, [this, cid] {
    if (Call* cc = find(cid)) {
      cc->cm.digit_timer = 0;
      finishDigits(*cc, DigitsEnd::Timeout);
    }
  });
}

void B2bua::Core::finishDigits(Call& c, DigitsEnd why) {
  if (!c.cm.collecting) return;
  c.cm.collecting = false;
  if (c.cm.digit_timer) deps.loop.cancelTimer(c.cm.digit_timer);
  c.cm.digit_timer = 0;
  setListening(c);
  std::string digits = std::move(c.cm.digits);
  c.cm.digits.clear();
  HK_LOG_INFO(lg, "call {}: {} digit(s) collected ({})", c.info_.trn_id, digits.size(),
              digitsEndName(why));
  if (c.phase != Call::Phase::Ended) c.handler->onDigits(c, digits, why);
}

// ---- ringback for a caller we answered (or gave early media) while a destination rings

void B2bua::Core::calleeProgress(Call& c, bool early_media) {
  if (!c.cm.answered_by_us && !c.cm.early) return;
  if (early_media) {  // the destination's own early media is relayed instead
    if (c.cm.ringback) endPlay(c, c.cm.ringback, PlayEnd::Stopped);
    return;
  }
  if (c.cm.ringback || c.cm.on_leg[0]) return;  // ringing already, or a prompt plays
  PlaySpec rb;
  rb.tone = Tone::Ringback;
  rb.loops = 0;
  uint64_t cid = c.id();
  c.cm.ringback = startPlay(c, rb, [this, cid](PlayEnd) {
    if (Call* cc = find(cid)) cc->cm.ringback = 0;
  });
}

void B2bua::Core::calleeConnected(Call& c) {
  if (c.cm.ringback) endPlay(c, c.cm.ringback, PlayEnd::Stopped);
}

// ---- the end

void B2bua::Core::endMedia(Call& c) {
  if (c.cm.digit_timer) deps.loop.cancelTimer(c.cm.digit_timer);
  c.cm.digit_timer = 0;
  c.cm.collecting = false;
  if (c.cm.voicemail) finishVoicemail(c, VoicemailEnd::Hangup);
  std::vector<PlayId> ids;
  for (auto& [id, p] : c.cm.plays) ids.push_back(id);
  for (auto id : ids) endPlay(c, id, PlayEnd::Hangup);
  finishRecording(c);
}

}  // namespace hk::b2bua
