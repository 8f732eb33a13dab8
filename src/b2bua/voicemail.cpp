// CallControl::voicemail: the caller (answered by Hankyo if not yet) hears the greeting and
// a beep, then is recorded (mono) into <voicemail_dir>/<trn_id>.wav until max_sec, silence
// after speech, the end key, or the hang-up. The call log is tagged transferred (SPEC §5
// 通話転移) with vars voicemail / voicemail_ms.
#include <fmt/format.h>

#include <atomic>
#include <filesystem>

#include "b2bua/detail/core.hpp"
#include "media/recorder.hpp"
#include "media/silence.hpp"
#include "rtp/media_engine.hpp"

namespace hk::b2bua {

const char* voicemailEndName(VoicemailEnd e) {
  switch (e) {
    case VoicemailEnd::MaxLength: return "max_length";
    case VoicemailEnd::Silence: return "silence";
    case VoicemailEnd::EndKey: return "end_key";
    case VoicemailEnd::Hangup: return "hangup";
    case VoicemailEnd::Failed: return "failed";
  }
  return "?";
}

namespace {

// Silence after speech on the caller's leg, reported once (media thread -> `on_silence`).
class SilenceWatch final : public rtp::AudioSink {
 public:
  SilenceWatch(std::chrono::milliseconds limit, std::function<void()> on_silence)
      : limit_(limit), on_silence_(std::move(on_silence)) {}
  void onAudio(const rtp::AudioChunk& chunk) override {
    if (fired_ || chunk.from != rtp::LegSide::A) return;
    det_.process(chunk.pcm);
    if (det_.heardVoice() && !det_.inVoice() && det_.silence() >= limit_) {
      fired_ = true;
      on_silence_();
    }
  }

 private:
  std::chrono::milliseconds limit_;
  std::function<void()> on_silence_;
  media::SilenceDetector det_;
  bool fired_ = false;
};

}  // namespace

struct VoicemailState {
  enum class Step { Greeting, Beep, Recording, Done };
  VoicemailSpec spec;
  Step step = Step::Greeting;
  PlayId play = 0;
  std::shared_ptr<media::CallRecorder> recorder;
  rtp::HookId rec_hook = 0;
  rtp::HookId silence_hook = 0;
  TimerId max_timer = 0;
};

Status Call::voicemail(const VoicemailSpec& spec) {
  if (phase == Phase::Ended) return fail(Code::Conflict, "the call has ended");
  if (!media) return noMedia();
  if (cm.voicemail) return fail(Code::Conflict, "voicemail already running");
  if (core_.opts.voicemail_dir.empty()) {
    return fail(Code::Unavailable, "voicemail is not configured (media.dir)");
  }
  if (spec.max_sec.count() <= 0 || spec.max_sec > core_.opts.max_voicemail) {
    return fail(Code::Invalid, "max_sec out of range", "max_sec");
  }
  if (!a_final_sent) {
    if (auto st = answer(AnswerMode::Now); !st) return st;
  } else if (!cm.answered_by_us || facts.connected) {
    return fail(Code::Conflict, "the caller talks to a destination");
  }
  auto st = std::make_shared<VoicemailState>();
  st->spec = spec;
  cm.voicemail = st;
  facts.ended_in_voicemail_or_reception = true;
  HK_LOG_INFO(core_.lg, "call {}: voicemail", info_.trn_id);
  core_.voicemailStep(*this);
  return ok();
}

void B2bua::Core::voicemailStep(Call& c) {
  auto vm = c.cm.voicemail;
  if (!vm || c.phase == Call::Phase::Ended) return;
  uint64_t cid = c.id();
  auto next = [this, cid, vm](VoicemailState::Step s) {
    return [this, cid, vm, s](PlayEnd why) {
      Call* cc = find(cid);
      if (!cc || cc->cm.voicemail != vm || why == PlayEnd::Hangup) return;
      vm->play = 0;
      vm->step = s;
      voicemailStep(*cc);
    };
  };
  using Step = VoicemailState::Step;
  if (vm->step == Step::Greeting) {
    if (vm->spec.greeting.empty() && vm->spec.greeting_text.empty()) {
      vm->step = Step::Beep;
    } else {
      PlaySpec g;
      g.prompt_id = vm->spec.greeting;
      g.text = vm->spec.greeting_text;
      g.barge_in = false;
      vm->play = startPlay(c, g, next(Step::Beep));  // a missing greeting: on to the beep
      return;
    }
  }
  if (vm->step == Step::Beep) {
    if (vm->spec.beep) {
      PlaySpec b;
      b.tone = Tone::Beep;
      vm->play = startPlay(c, b, next(Step::Recording));
      return;
    }
    vm->step = Step::Recording;
  }
  if (vm->step != Step::Recording || vm->recorder) return;
  std::error_code ec;
  std::filesystem::create_directories(opts.voicemail_dir, ec);
  auto path = (std::filesystem::path(opts.voicemail_dir) / (c.info_.trn_id + ".wav")).string();
  media::RecorderOptions ro;
  ro.mode = media::RecordMode::CallerOnly;
  ro.write_errors = rec_write_errors;
  auto rec = std::make_shared<media::CallRecorder>(path, deps.clock, ro);
  if (auto st = rec->start(); !st) {
    c.record.voicemail_error = st.error().message;
    return finishVoicemail(c, VoicemailEnd::Failed);
  }
  vm->recorder = rec;
  if (auto h = deps.media.addSink(c.media, rtp::LegSide::A, rec)) vm->rec_hook = *h;
  if (vm->spec.silence_sec.count() > 0) {
    EventLoop* loop = &deps.loop;
    auto watch = std::make_shared<SilenceWatch>(vm->spec.silence_sec, [this, loop, cid, vm] {
      loop->post([this, cid, vm] {
        Call* cc = find(cid);
        if (cc && cc->cm.voicemail == vm) finishVoicemail(*cc, VoicemailEnd::Silence);
      });
    });
    if (auto h = deps.media.addSink(c.media, rtp::LegSide::A, watch)) vm->silence_hook = *h;
  }
  vm->max_timer = deps.loop.runAfter(vm->spec.max_sec, [this, cid, vm] {
    Call* cc = find(cid);
    vm->max_timer = 0;
    if (cc && cc->cm.voicemail == vm) finishVoicemail(*cc, VoicemailEnd::MaxLength);
  });
  setListening(c);  // the end key, in band too
}

void B2bua::Core::voicemailDigit(Call& c, char digit) {
  auto vm = c.cm.voicemail;
  if (!vm || vm->step != VoicemailState::Step::Recording) return;
  if (vm->spec.end_key && digit == *vm->spec.end_key) finishVoicemail(c, VoicemailEnd::EndKey);
}

void B2bua::Core::finishVoicemail(Call& c, VoicemailEnd why) {
  auto vm = c.cm.voicemail;
  if (!vm) return;
  c.cm.voicemail.reset();
  setListening(c);
  if (vm->max_timer) deps.loop.cancelTimer(vm->max_timer);
  if (vm->play) endPlay(c, vm->play, PlayEnd::Hangup);
  VoicemailResult res;
  res.reason = why;
  if (vm->recorder) {
    if (c.media) {
      if (vm->rec_hook) (void)deps.media.removeSink(c.media, vm->rec_hook);
      if (vm->silence_hook) (void)deps.media.removeSink(c.media, vm->silence_hook);
    }
    auto r = vm->recorder->finish();
    res.path = r.path;
    res.length = r.duration;
    if (!r.complete) res.error = r.error;
    c.record.voicemail = r.path;
    c.record.voicemail_ms = r.duration.count();
    if (!r.complete) c.record.voicemail_error = r.error.empty() ? "incomplete" : r.error;
  } else if (why == VoicemailEnd::Failed) {
    res.error = c.record.voicemail_error;
  }
  HK_LOG_INFO(lg, "call {}: voicemail ended ({}), {} ms", c.info_.trn_id, voicemailEndName(why),
              res.length.count());
  c.handler->onVoicemailDone(c, res);
}

}  // namespace hk::b2bua
