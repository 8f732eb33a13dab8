#pragma once
// The audio files of a call: its recording and the voicemail left, as the call log names
// them (paths below media.dir). Who may read the call may listen to them (SPEC §1: an
// advertiser user only its own advertiser's calls). A path outside media.dir, a missing
// file or a call without one answers NotFound; nothing a user sends becomes a path.
//
// A recording being encoded to Opus after the call (media.recording_format = opus) is named
// <trn_id>.opus in the log while its WAV is still there: the WAV is served until the .opus
// is written.
#include <filesystem>
#include <string>

#include "service/calls.hpp"

namespace hk::service {

enum class CallAudio { Recording, Voicemail };

struct CallAudioFile {
  std::filesystem::path path;
  std::string content_type;  // audio/wav or audio/ogg
  uintmax_t size = 0;
};

class CallMedia {
 public:
  // media_dir empty: no media (every file answers NotFound).
  CallMedia(Calls& calls, std::filesystem::path media_dir);

  Result<CallAudioFile> file(store::Tx& tx, const domain::Principal& p, const std::string& trn_id,
                             CallAudio which);

  // The file `stored` (a path from the call log) if it is a regular file below media_dir,
  // else NotFound. A missing .opus falls back to its .wav sibling.
  Result<CallAudioFile> resolve(const std::string& stored) const;

 private:
  Calls& calls_;
  std::filesystem::path media_dir_;  // canonical
};

// "/api/v1/calls/<trn_id>/recording" (or voicemail).
std::string callAudioUrl(const std::string& trn_id, CallAudio which);

}  // namespace hk::service
