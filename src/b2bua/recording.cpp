// Call recording (CallControl::startRecording / stopRecording) and the fax-tone watch. The
// recorder is one media::CallRecorder sink on the legs it records; its file is
// <recordings_dir>/<trn_id>.wav. Whatever happens to the file, the call goes on: the call
// log gets the path and length (recording, recording_ms) or why it is missing
// (recording_error).
#include <fmt/format.h>

#include <filesystem>

#include "b2bua/detail/core.hpp"
#include "media/fax_detector.hpp"
#include "media/opus_file.hpp"
#include "media/recorder.hpp"
#include "rtp/media_engine.hpp"

namespace hk::b2bua {

namespace {

media::RecordMode modeOf(RecordWhat w) {
  switch (w) {
    case RecordWhat::Stereo: return media::RecordMode::Stereo;
    case RecordWhat::Caller: return media::RecordMode::CallerOnly;
    case RecordWhat::Callee: return media::RecordMode::CalleeOnly;
  }
  return media::RecordMode::Stereo;
}

// Fax tones on both legs for the first `window` of each; the first tone found, and each leg
// whose watch is over, is posted to the call's loop.
class FaxWatch final : public rtp::AudioSink {
 public:
  FaxWatch(std::chrono::milliseconds window, media::FaxToneDetector::OnTone on_tone,
           media::FaxCallWatch::OnLegDone on_leg_done)
      : watch_(window, std::move(on_tone), std::move(on_leg_done)) {}
  void onAudio(const rtp::AudioChunk& chunk) override {
    watch_.process(chunk.from == rtp::LegSide::A ? 0 : 1, chunk.arrival, chunk.pcm);
  }

 private:
  media::FaxCallWatch watch_;  // media thread only
};

}  // namespace

Status Call::startRecording(const RecordSpec& spec) {
  if (phase == Phase::Ended) return fail(Code::Conflict, "the call has ended");
  if (!media) return noMedia();
  if (cm.recorder) return fail(Code::Conflict, "already recording");
  return core_.beginRecording(*this, spec.what);
}

void Call::stopRecording() {
  if (phase != Phase::Ended) core_.finishRecording(*this);
}

Status B2bua::Core::beginRecording(Call& c, RecordWhat what) {
  auto& r = c.record;
  if (opts.recordings_dir.empty()) {
    r.recording_error = "recording is not configured (media.dir)";
    return fail(Code::Unavailable, r.recording_error);
  }
  std::error_code ec;
  std::filesystem::create_directories(opts.recordings_dir, ec);
  // A second recording of the same call gets its own file.
  std::string name = !r.recording.empty()
                         ? fmt::format("{}-{}.wav", c.info_.trn_id, ++c.cm.recordings)
                         : c.info_.trn_id + ".wav";
  auto path = (std::filesystem::path(opts.recordings_dir) / name).string();
  media::RecorderOptions ro;
  ro.mode = modeOf(what);
  ro.write_errors = rec_write_errors;
  auto rec = std::make_shared<media::CallRecorder>(path, deps.clock, ro);
  if (auto st = rec->start(); !st) {
    r.recording_error = st.error().message;
    HK_LOG_WARN(lg, "call {}: recording: {}", c.info_.trn_id, st.error().message);
    return st;
  }
  if (what != RecordWhat::Callee) {
    auto h = deps.media.addSink(c.media, rtp::LegSide::A, rec);
    if (h) c.cm.rec_a = *h;
  }
  if (what != RecordWhat::Caller) {
    auto h = deps.media.addSink(c.media, rtp::LegSide::B, rec);
    if (h) c.cm.rec_b = *h;
  }
  c.cm.recorder = std::move(rec);
  r.recording_error.clear();
  HK_LOG_INFO(lg, "call {}: recording to {}", c.info_.trn_id, path);
  return ok();
}

void B2bua::Core::finishRecording(Call& c) {
  if (!c.cm.recorder) return;
  if (c.media) {
    if (c.cm.rec_a) (void)deps.media.removeSink(c.media, c.cm.rec_a);
    if (c.cm.rec_b) (void)deps.media.removeSink(c.media, c.cm.rec_b);
  }
  c.cm.rec_a = c.cm.rec_b = 0;
  auto res = c.cm.recorder->finish();  // thread-safe against the media thread
  c.cm.recorder.reset();
  auto& r = c.record;
  r.recording = res.path;
  r.recording_ms = res.duration.count();
  if (!res.complete) r.recording_error = res.error.empty() ? "incomplete" : res.error;
  if (opts.recording_opus && deps.media_work && !res.path.empty()) {
    // Encoded after the call on a worker; until the .opus is there the API serves the WAV.
    auto opus = std::filesystem::path(res.path).replace_extension(".opus").string();
    r.recording = opus;
    deps.media_work->post([wav = res.path, opus, lg = lg] {
      if (auto st = media::encodeOpusFile(wav, opus); !st) {
        HK_LOG_WARN(lg, "recording {}: Opus encoding failed, the WAV stays: {}", wav,
                    st.error().message);
        return;
      }
      std::error_code ec;
      std::filesystem::remove(wav, ec);
    });
  }
  HK_LOG_INFO(lg, "call {}: recording {} ({} ms{}{})", c.info_.trn_id, res.path,
              res.duration.count(), res.complete ? "" : ", ", res.error);
}

void B2bua::Core::watchFax(Call& c) {
  if (!opts.fax_detect || !c.media) return;
  uint64_t cid = c.id();
  EventLoop* loop = &deps.loop;
  auto watch = std::make_shared<FaxWatch>(
      opts.fax_detect_window,
      [this, loop, cid](media::FaxTone t) {
        loop->post([this, cid, t] {
          Call* cc = find(cid);
          if (!cc || cc->phase == Call::Phase::Ended) return;
          cc->facts.fax_detected = true;
          HK_LOG_INFO(lg, "call {}: fax tone {}", cc->info_.trn_id, media::faxToneName(t));
        });
      },
      [this, loop, cid](int leg) {  // the leg's window is over (or a tone was found)
        loop->post([this, cid, leg] {
          Call* cc = find(cid);
          if (!cc || !cc->media) return;
          rtp::HookId& h = leg == 0 ? cc->cm.fax_hook : cc->cm.fax_hook_b;
          if (h) (void)deps.media.removeSink(cc->media, h);
          h = 0;
        });
      });
  auto a = deps.media.addSink(c.media, rtp::LegSide::A, watch);
  auto b = deps.media.addSink(c.media, rtp::LegSide::B, watch);
  if (a) c.cm.fax_hook = *a;
  if (b) c.cm.fax_hook_b = *b;
}

}  // namespace hk::b2bua
