#pragma once
// A CallRecord as JSON, with the SPEC §5 keys: the shape of the API's call-log resource and of
// the call-log journal lines.
//
//   times          "din_tms": "2026-01-01T09:00:00.123Z" (UTC, ms); absent optional times: null
//   durations      "calling_ms" and the spec's whole seconds "calling_sec" (truncated); the
//                  same for talking / conn. fromJson reads *_ms, or *_sec when *_ms is absent.
//   enums          by their names (domain/enum_names.hpp): "dial_stat": "no_answer"
//   valid_res      "logvars": {"valid_res": "valid"} (SPEC key logvars.valid_res); fromJson
//                  also takes a top-level "valid_res"
//   attempts       [{"index", "destination", "sip_code", "reason", "ring_ms", "started_at",
//                    "answered_at", "ended_at"}]
//   params, vars   objects of strings
//   flow_path, attribution_candidates   arrays of strings
//
// fromJson(toJson(r)) == r for every field. fromJson needs "trn_id"; a missing key takes the
// CallRecord default; a key of the wrong type, an unknown enum name or a bad time is
// Code::Invalid with the JSON pointer of the key in Error::field. It never throws.
#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "domain/call_record.hpp"

namespace hk::domain {

nlohmann::json toJson(const CallRecord& r);
Result<CallRecord> fromJson(const nlohmann::json& j);

}  // namespace hk::domain
