#include "media/detail/flite_voice.hpp"

#include <flite/flite.h>

#include <csetjmp>
#include <mutex>

extern "C" cst_voice* register_cmu_us_kal(const char* voxdir);

namespace hk::media::detail {
namespace {

std::mutex& fliteMutex() {
  static std::mutex m;
  return m;
}

cst_voice* kalVoice() {  // under fliteMutex()
  static cst_voice* voice = [] {
    flite_init();
    return register_cmu_us_kal(nullptr);
  }();
  return voice;
}

// Flite reports internal errors with cst_error(), which exit()s the process unless
// cst_errjmp is set: catch it here. No object with a destructor lives in this frame, so the
// longjmp out of flite's C frames skips nothing C++ needs to clean up (flite may leak).
cst_wave* synthGuarded(const char* text, cst_voice* voice) {
  std::jmp_buf env;
  std::jmp_buf* saved = cst_errjmp;
  cst_errjmp = &env;
  cst_wave* volatile wave = nullptr;
  if (setjmp(env) == 0) wave = flite_text_to_wave(text, voice);
  cst_errjmp = saved;
  return wave;
}

}  // namespace

Result<FliteWave> fliteSynthesize(const std::string& text, double speed) {
  std::lock_guard lock(fliteMutex());
  cst_voice* voice = kalVoice();
  if (!voice) return fail(Code::Unavailable, "flite: voice cmu_us_kal failed to load");
  flite_feat_set_float(voice->features, "duration_stretch", static_cast<float>(1.0 / speed));
  cst_wave* wave = synthGuarded(text.c_str(), voice);
  if (!wave) return fail(Code::Internal, "flite: synthesis failed");
  FliteWave out;
  out.sample_rate = wave->sample_rate;
  int n = wave->num_samples * wave->num_channels;
  if (n > 0 && wave->samples) out.samples.assign(wave->samples, wave->samples + n);
  int channels = wave->num_channels;
  delete_wave(wave);
  if (channels > 1) {  // not for kal; keep the first channel if a voice ever has more
    std::vector<int16_t> mono;
    for (size_t i = 0; i < out.samples.size(); i += static_cast<size_t>(channels)) {
      mono.push_back(out.samples[i]);
    }
    out.samples.swap(mono);
  }
  if (out.samples.empty()) return fail(Code::Invalid, "flite produced no audio for the text");
  return out;
}

}  // namespace hk::media::detail
