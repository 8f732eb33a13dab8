#pragma once
// English synthesis with libflite in process (voice cmu_us_kal). Flite keeps global state and
// is not thread-safe: every call takes one process-wide mutex.
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace hk::media::detail {

struct FliteWave {
  std::vector<int16_t> samples;  // mono
  int sample_rate = 0;
};

// `text` is plain ASCII (the caller strips the rest); `speed` 1.0 is the voice's own pace.
// Errors: Invalid (flite produced no audio for the text), Internal (flite reported an error).
Result<FliteWave> fliteSynthesize(const std::string& text, double speed);

}  // namespace hk::media::detail
