#pragma once
// The "recording" object of advertisers and numbers (domain::RecordingSetting):
//   {"mode": "inherit|off|stereo|caller|callee", "consent_prompt": "<32 hex>"|null,
//    "consent_text": "..."|null}
// A number's "inherit" takes its advertiser's setting, an advertiser's takes the config's
// (media.recording). At most one of consent_prompt and consent_text.
#include <nlohmann/json.hpp>
#include <string>

#include "domain/number.hpp"
#include "service/validate.hpp"

namespace hk::service {

nlohmann::json recordingJson(const domain::RecordingSetting& r);
// Applies the fields present in `j` onto `into`; problems go to `errs` under `base`.
void readRecording(const nlohmann::json& j, domain::RecordingSetting& into, FieldErrors& errs,
                   const std::string& base);
// 32 lowercase hex characters: the id of a stored prompt (media::PromptStore::isPromptId).
bool isPromptId(std::string_view id);

}  // namespace hk::service
