// What a call records: the number's setting, else its advertiser's, else media.recording.
#include "b2bua/recording_policy.hpp"

#include <gtest/gtest.h>

namespace hk::b2bua {
namespace {

using domain::RecordingMode;

std::optional<RecordWhat> what(const domain::TrackingNumber& n, std::optional<RecordSpec> cfg) {
  auto r = recordingFor(n, cfg);
  return r ? std::optional(r->what) : std::nullopt;
}

TEST(RecordingPolicy, TheMostSpecificSettingWins) {
  domain::TrackingNumber n;
  n.advertiser_id = 7;
  const std::optional<RecordSpec> stereo = RecordSpec{RecordWhat::Stereo};
  // Both inherit: the config decides.
  EXPECT_EQ(what(n, stereo), RecordWhat::Stereo);
  EXPECT_EQ(what(n, std::nullopt), std::nullopt);
  // The advertiser's setting over the config.
  n.advertiser_recording.mode = RecordingMode::Caller;
  EXPECT_EQ(what(n, stereo), RecordWhat::Caller);
  n.advertiser_recording.mode = RecordingMode::Off;
  EXPECT_EQ(what(n, stereo), std::nullopt);
  // The number's over both.
  n.recording.mode = RecordingMode::Callee;
  EXPECT_EQ(what(n, std::nullopt), RecordWhat::Callee);
  n.recording.mode = RecordingMode::Off;
  n.advertiser_recording.mode = RecordingMode::Stereo;
  EXPECT_EQ(what(n, stereo), std::nullopt);
  // An unassigned number has no advertiser to inherit from.
  domain::TrackingNumber stock;
  stock.advertiser_recording.mode = RecordingMode::Stereo;
  EXPECT_EQ(what(stock, std::nullopt), std::nullopt);
}

}  // namespace
}  // namespace hk::b2bua
