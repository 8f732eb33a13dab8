#pragma once
// What a call records from the connect: the number's setting, else its advertiser's (both
// carried by the routing directory in domain::TrackingNumber), else media.recording.
#include <optional>

#include "b2bua/call_media.hpp"
#include "domain/number.hpp"

namespace hk::b2bua {

std::optional<RecordSpec> recordingFor(const domain::TrackingNumber& n,
                                       const std::optional<RecordSpec>& config_default);

// The consent guidance of the level that decided the recording (its prompt, else its text;
// to both parties), nullopt when it has none or the call is not recorded.
std::optional<PlaySpec> consentFor(const domain::TrackingNumber& n,
                                   const std::optional<RecordSpec>& config_default);

}  // namespace hk::b2bua
